import { describe, expect, it } from 'vitest';
import { resolveDims, synthesizeInput, synthesizeInputs } from '../../../src/lib/bench/synthetic-input.ts';

describe('synthetic inputs of the model’s shapes', () => {
  it('sets symbolic dims to batch 1, sequence 128, image side 640, and keeps fixed ones', () => {
    expect(resolveDims({ name: 'input_ids', dtype: 'int64', shape: ['batch_size', 'sequence'] })).toEqual([
      1, 128,
    ]);
    expect(resolveDims({ name: 'images', dtype: 'float32', shape: ['batch', 3, 'height', 'width'] })).toEqual(
      [1, 3, 640, 640],
    );
    expect(resolveDims({ name: 'x', dtype: 'float32', shape: [1, 3, 416, 416] })).toEqual([1, 3, 416, 416]);
    expect(
      resolveDims(
        { name: 'x', dtype: 'float32', shape: [-1, 3, 'h', 'w'] },
        { batch: 2, sequenceLength: 8, imageSize: 320, other: 1 },
      ),
    ).toEqual([2, 3, 320, 320]);
  });

  it('fills masks with 1, token types with 0, ids with small positive numbers', () => {
    const feeds = synthesizeInputs([
      { name: 'input_ids', dtype: 'int64', shape: ['batch', 'sequence'] },
      { name: 'attention_mask', dtype: 'int64', shape: ['batch', 'sequence'] },
      { name: 'token_type_ids', dtype: 'int64', shape: ['batch', 'sequence'] },
    ]);
    const ids = [...(feeds.input_ids?.data as BigInt64Array)].map(Number);
    expect(feeds.input_ids?.dims).toEqual([1, 128]);
    expect(ids.every((id) => id >= 1 && id < 100)).toBe(true);
    expect([...(feeds.attention_mask?.data as BigInt64Array)].every((v) => v === 1n)).toBe(true);
    expect([...(feeds.token_type_ids?.data as BigInt64Array)].every((v) => v === 0n)).toBe(true);
  });

  it('makes deterministic floats in [0, 1)', () => {
    const input = { name: 'x', dtype: 'float32', shape: [1, 3, 4, 4] };
    const a = synthesizeInput(input, [1, 3, 4, 4]);
    const b = synthesizeInput(input, [1, 3, 4, 4]);
    expect(a.data).toEqual(b.data);
    expect([...(a.data as Float32Array)].every((v) => v >= 0 && v < 1)).toBe(true);
    expect(a.data).toHaveLength(48);
  });

  it('refuses types it cannot build', () => {
    expect(() => synthesizeInput({ name: 'x', dtype: 'float16', shape: [1] }, [1])).toThrow(/float16/);
  });
});
