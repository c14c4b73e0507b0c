// Synthetic models on real ONNX Runtime (WASM in Node), generated and run by the benchmark service as
// the lab does: every small preset runs, its outputs have the declared shapes and are finite.
import { describe, expect, it } from 'vitest';
import { syntheticPreset } from '../../src/lib/synthetic/index.ts';
import { BenchService } from '../../workers/bench/bench-service.ts';
import { fileFetch } from '../support/file-fetch.ts';

const EXPECTED: Record<string, Record<string, number[]>> = {
  'bert-tiny': { logits: [1, 2] },
  'bert-mini': { logits: [1, 2] },
  'bert-small': { logits: [1, 2] },
  'yolov8n-160': { p3: [1, 64, 20, 20], p4: [1, 128, 10, 10], p5: [1, 256, 5, 5] },
  'matmul-256': { y: [1, 256, 256] },
  'conv-64': { y: [1, 64, 56, 56] },
};

describe('synthetic models on ONNX Runtime WASM', () => {
  it.each(Object.keys(EXPECTED))(
    '%s runs and gives finite outputs of its declared shapes',
    { timeout: 120_000 },
    async (id) => {
      const preset = syntheticPreset(id);
      if (!preset) throw new Error(`no preset ${id}`);
      const bench = new BenchService({
        fetch: fileFetch(),
        gpu: undefined,
        isSecureContext: true,
        crossOriginIsolated: false,
      });
      const prepared = await bench.prepare(
        {
          model: { id, folder: `synthetic:${id}`, task: 'generic', synthetic: preset.model },
          config: { backend: 'wasm', threads: 1 },
          input: { kind: 'synthetic' },
        },
        () => undefined,
      );
      const shapes = Object.fromEntries(Object.entries(prepared.outputs).map(([name, t]) => [name, t.dims]));
      expect(shapes).toEqual(EXPECTED[id]);
      for (const tensor of Object.values(prepared.outputs)) {
        const values = Array.from(tensor.data as Float32Array);
        expect(values.every(Number.isFinite)).toBe(true);
        // Random weights still give varied outputs, not a constant.
        expect(new Set(values).size).toBeGreaterThan(1);
      }
      await bench.dispose();
    },
  );
});
