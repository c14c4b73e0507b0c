// The float16 variant on real ONNX Runtime (WASM in Node), through the benchmark service as the lab runs
// it: the fp16 configuration of the tiny BERT and of the shapes detector runs and matches float32 within
// the stated tolerance; on a WebGPU adapter without shader-f16 it is refused in words.
import { describe, expect, it } from 'vitest';
import { compareOutputs } from '../../src/lib/bench/correctness.ts';
import type { BackendConfig } from '../../src/lib/bench/plan.ts';
import type { GpuLike } from '../../src/lib/runtime/webgpu-probe.ts';
import type { TensorData } from '../../src/lib/tensor.ts';
import { BenchService } from '../../workers/bench/bench-service.ts';
import { fileFetch } from '../support/file-fetch.ts';

/**
 * float16 weights keep 11 significant bits. Measured here on the lab's synthetic inputs: the tiny BERT's
 * logits (|x| < 2) move by 3.5e-5; the shapes detector's box channels (pixels, up to ~650) by up to 1.9 px
 * and its class scores (0–1) by up to 9e-4. The tolerances below leave room above those.
 */
const TOLERANCE: Record<string, Array<{ channels: [number, number]; atol: number }>> = {
  'tiny-sentiment-bert': [{ channels: [0, 2], atol: 1e-3 }],
  // output0 is [1, 4 box sides + 4 class scores, anchors].
  'shapes-yolov8': [
    { channels: [0, 4], atol: 2.5 },
    { channels: [4, 8], atol: 2e-3 },
  ],
};

/** Largest |a − b| over channels [from, to) of the second axis of a [1, C, N] (or [1, C]) tensor. */
function maxDiff(a: TensorData, b: TensorData, [from, to]: [number, number]): number {
  const per = a.dims.length > 2 ? (a.dims.at(-1) ?? 1) : 1;
  let max = 0;
  for (let i = from * per; i < to * per; i++)
    max = Math.max(max, Math.abs(Number(a.data[i]) - Number(b.data[i])));
  return max;
}

const MODELS = {
  'tiny-sentiment-bert': { folder: 'models/tiny-sentiment-bert', task: 'text-classification' as const },
  'shapes-yolov8': { folder: 'models/shapes-yolov8', task: 'object-detection' as const },
};

function service(gpu: GpuLike | undefined = undefined): BenchService {
  return new BenchService({ fetch: fileFetch(), gpu, isSecureContext: true, crossOriginIsolated: false });
}

async function firstOutputs(id: keyof typeof MODELS, config: BackendConfig) {
  const bench = service();
  try {
    return await bench.prepare(
      { model: { id, ...MODELS[id] }, config, input: { kind: 'synthetic' } },
      () => undefined,
    );
  } finally {
    await bench.dispose();
  }
}

describe('the fp16 configuration on ONNX Runtime WASM', () => {
  it.each(Object.keys(MODELS) as Array<keyof typeof MODELS>)(
    '%s: the float16 variant runs and matches float32 within the stated tolerance',
    { timeout: 120_000 },
    async (id) => {
      const fp32 = await firstOutputs(id, { backend: 'wasm', threads: 1 });
      const fp16 = await firstOutputs(id, { backend: 'wasm', threads: 1, variant: 'fp16' });
      // Same model facts (the original file), same inputs, float32 outputs of the same shapes.
      expect(fp16.sha256).toBe(fp32.sha256);
      expect(fp16.inputs).toEqual(fp32.inputs);
      for (const tensor of Object.values(fp16.outputs)) expect(tensor.type).toBe('float32');
      const [name, reference] = Object.entries(fp32.outputs)[0] ?? [];
      const candidate = name === undefined ? undefined : fp16.outputs[name];
      if (!reference || !candidate) throw new Error('no output');
      expect(candidate.dims).toEqual(reference.dims);
      for (const { channels, atol } of TOLERANCE[id] ?? []) {
        expect(maxDiff(reference, candidate, channels), `channels ${channels.join('–')}`).toBeLessThanOrEqual(
          atol,
        );
      }
      // The outputs did change: the variant really runs float16 weights (what the correctness panel shows).
      const [difference] = compareOutputs(fp32.outputs, fp16.outputs);
      expect(difference?.maxAbsDiff).toBeGreaterThan(0);
    },
  );

  it('is refused on a WebGPU adapter without shader-f16, naming the adapter', async () => {
    const gpu: GpuLike = {
      requestAdapter: async () => ({
        features: new Set<string>(['timestamp-query']),
        limits: { maxBufferSize: 2 ** 30, maxStorageBufferBindingSize: 2 ** 27 },
        info: { vendor: 'google', architecture: 'swiftshader' },
      }),
    };
    const bench = service(gpu);
    await expect(
      bench.prepare(
        {
          model: { id: 'tiny-sentiment-bert', ...MODELS['tiny-sentiment-bert'] },
          config: { backend: 'webgpu', threads: 1, variant: 'fp16' },
          input: { kind: 'synthetic' },
        },
        () => undefined,
      ),
    ).rejects.toMatchObject({
      code: 'variant-unsupported',
      message: expect.stringMatching(/google swiftshader\) has no shader-f16 feature/),
    });
  });
});
