// The benchmark service with real ONNX Runtime (WASM in Node) on an embedded model: cold start, the
// protocol on a real session, the bare and playground paths, and a model too large for a GPU adapter.
import { describe, expect, it } from 'vitest';
import type { GpuLike } from '../../src/lib/runtime/webgpu-probe.ts';
import { BenchService } from '../../workers/bench/bench-service.ts';
import type { BenchProgress } from '../../src/contracts/bench.ts';
import { fileFetch } from '../support/file-fetch.ts';

const MODEL = { id: 'shapes-yolov8', folder: 'models/shapes-yolov8', task: 'object-detection' as const };

/** A GPU whose adapter allows buffers of 1 KB: every real model is too large for it. */
const TINY_GPU: GpuLike = {
  requestAdapter: async () => ({
    features: new Set<string>(),
    limits: { maxBufferSize: 1024, maxStorageBufferBindingSize: 1024 },
    info: { vendor: 'test', architecture: 'tiny' },
  }),
};

function service(gpu: GpuLike | undefined = undefined): BenchService {
  return new BenchService({ fetch: fileFetch(), gpu, isSecureContext: true, crossOriginIsolated: false });
}

describe('the benchmark service on WASM', () => {
  const bench = service();
  const progress: BenchProgress[] = [];

  it('reports the cold start, the inputs it fed and the first outputs', async () => {
    const prepared = await bench.prepare(
      { model: MODEL, config: { backend: 'wasm', threads: 1 }, input: { kind: 'synthetic' } },
      (p) => progress.push(p),
    );
    expect(prepared.threadsUsed).toBe(1);
    expect(prepared.coldStart.createSessionMs).toBeGreaterThan(0);
    expect(prepared.coldStart.firstRunMs).toBeGreaterThan(0);
    expect(prepared.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(prepared.inputs).toEqual([{ name: 'images', dtype: 'float32', dims: [1, 3, 256, 256] }]);
    expect(Object.keys(prepared.outputs)).toEqual(['output0']);
    expect(progress.map((p) => p.stage)).toEqual(
      expect.arrayContaining(['fetch', 'create-session', 'first-run']),
    );
  });

  it('measures warm-up and iterations apart on the real session', async () => {
    const outcome = await bench.measure({ warmUp: 1, stop: { kind: 'iterations', count: 3 } }, (p) =>
      progress.push(p),
    );
    expect(outcome.warmUpMs).toHaveLength(1);
    expect(outcome.samplesMs).toHaveLength(3);
    expect(outcome.samplesMs.every((ms) => ms > 0)).toBe(true);
    const measured = progress
      .filter((p) => p.stage === 'measure')
      .flatMap((p) => ('newSamplesMs' in p ? p.newSamplesMs : []));
    expect(measured).toEqual(outcome.samplesMs);
    // The phase's own elapsed time comes along, so the page's time-left estimate starts where it did.
    const last = progress.filter((p) => p.stage === 'measure').at(-1);
    const elapsed = last && 'elapsedMs' in last ? (last.elapsedMs ?? 0) : 0;
    expect(elapsed).toBeGreaterThanOrEqual(outcome.samplesMs.reduce((a, b) => a + b, 0) * 0.99);
  });

  it('runs the bare call and the playground path on the same session, with the same outputs', async () => {
    expect(await bench.bareRun()).toBeGreaterThan(0);
    const outputs = await bench.playgroundRun(bench.inputFeeds());
    expect(outputs.output0?.dims).toEqual([1, 8, 1344]);
    // Profiling is covered in the browser: in Node, ORT prints its trace to stdout, not console.log.
    await bench.dispose();
  });

  it('stops measuring when cancelled', async () => {
    const cancelled = service();
    await cancelled.prepare(
      { model: MODEL, config: { backend: 'wasm', threads: 1 }, input: { kind: 'synthetic' } },
      () => undefined,
    );
    cancelled.cancel();
    const outcome = await cancelled.measure(
      { warmUp: 0, stop: { kind: 'iterations', count: 100 } },
      () => undefined,
    );
    expect(outcome).toMatchObject({ stoppedBy: 'cancelled', samplesMs: [] });
    await cancelled.dispose();
  });
});

describe('the benchmark service on a GPU adapter with small limits', () => {
  it('says the model is too large before trying a session', async () => {
    await expect(
      service(TINY_GPU).prepare(
        { model: MODEL, config: { backend: 'webgpu', threads: 1 }, input: { kind: 'synthetic' } },
        () => undefined,
      ),
    ).rejects.toMatchObject({
      code: 'bench-model-too-large',
      message: expect.stringMatching(/more than this adapter's maxStorageBufferBindingSize of 1024 bytes/),
    });
  });

  it('says WebGPU is unavailable when there is none', async () => {
    await expect(
      service(undefined).prepare(
        { model: MODEL, config: { backend: 'webgpu', threads: 1 }, input: { kind: 'synthetic' } },
        () => undefined,
      ),
    ).rejects.toMatchObject({ code: 'webgpu-unavailable' });
  });
});
