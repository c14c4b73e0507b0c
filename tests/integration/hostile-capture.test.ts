// Run capture against hostile models with real ONNX Runtime (WASM in Node): values whose size ORT learns
// only at run time (an Expand to a shape read from the input) are measured by a shape run before any is
// fetched, so the budget holds: values larger than the whole budget are left out with a sentence, the
// rest are captured in chunks within it. A graph that lists its output twice is captured once.
import { describe, expect, it } from 'vitest';
import { configureWasmThreads } from '../../src/lib/runtime/onnx-runtime.ts';
import { CaptureEngine } from '../../workers/inference/capture/capture-engine.ts';
import type { CaptureSource } from '../../workers/inference/capture/last-run.ts';
import {
  buildDuplicateOutputModel,
  buildUnknownSizeModel,
  UNKNOWN_SIZE_VALUES,
} from '../support/hostile-models.ts';

configureWasmThreads({ crossOriginIsolated: false, hardwareConcurrency: 1 });

const MIB = 1024 * 1024;

function source(bytes: Uint8Array, dims: number[], x: number[]): CaptureSource {
  return {
    modelBytes: bytes,
    externalData: [],
    lastRun: {
      feeds: { x: { type: 'float32', dims, data: new Float32Array(x) } },
      input: { kind: 'tensors', names: ['x'] },
    },
  };
}

const bigValues = Array.from({ length: UNKNOWN_SIZE_VALUES }, (_, i) => `v${i}`);

describe('capture budget with values of unknown size', () => {
  const engine = new CaptureEngine();

  it('leaves out each value larger than the whole budget, with a sentence, and fetches none of them', async () => {
    // 2048² float32 = 16 MiB per value against a 4 MiB budget: before, all six went in one chunk (96 MiB).
    const result = await engine.capture('unknown', source(buildUnknownSizeModel(2048), [1], [0.5]), 'wasm', {
      budgetBytes: 4 * MIB,
    });
    expect(result.totalBytes).toBeLessThan(4 * MIB);
    expect(result.keptBytes).toBeLessThanOrEqual(4 * MIB);
    expect(result.values.map((value) => value.name)).not.toContain('v0');
    const reasons = new Map(result.skipped.map((skip) => [skip.name, skip.reason]));
    for (const name of bigValues) {
      expect(reasons.get(name)).toBe(
        `${name} holds 16.0 MB on this input, more than the capture’s whole budget of 4.00 MB: choose a larger budget to capture it.`,
      );
    }
    // The small values around them are still captured: the size arithmetic and the sum.
    expect(result.values.map((value) => value.name)).toEqual(expect.arrayContaining(['shape', 'y']));
    engine.release(result.captureId);
  });

  it('captures values that fit one by one in chunks within the budget, their measured bytes adding up', async () => {
    // 512² float32 = 1 MiB per value against a 2.5 MiB budget: two per chunk at most.
    const result = await engine.capture('unknown', source(buildUnknownSizeModel(512), [1], [0.5]), 'wasm', {
      budgetBytes: 2.5 * MIB,
    });
    const big = result.values.filter((value) => bigValues.includes(value.name));
    expect(big.map((value) => value.bytes)).toEqual(bigValues.map(() => MIB));
    expect(result.chunks).toBeGreaterThanOrEqual(3);
    expect(result.totalBytes).toBeGreaterThanOrEqual(UNKNOWN_SIZE_VALUES * MIB);
    expect(result.keptBytes).toBeLessThanOrEqual(2.5 * MIB);
    // The last value is re-captured on demand, equal to the model's arithmetic: 0.5 + 5.
    const last = await engine.tensor(result.captureId, `v${UNKNOWN_SIZE_VALUES - 1}`, {
      start: [0, 0],
      count: [1, 4],
    });
    expect([...last.data]).toEqual([5.5, 5.5, 5.5, 5.5]);
    engine.release(result.captureId);
  });

  it('captures a model whose graph lists the same output twice, once', async () => {
    const result = await engine.capture(
      'twice',
      source(buildDuplicateOutputModel(), [1, 4], [1, -1, 2, -2]),
      'wasm',
    );
    expect(result.values.map((value) => value.name)).toEqual(['y']);
    const y = await engine.tensor(result.captureId, 'y');
    expect([...y.data]).toEqual([1, 0, 2, 0]);
  });
});
