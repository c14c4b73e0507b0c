// Summaries and slices of captured values on hand-made tensors: moments, zero share, NaN/Inf, histogram,
// float16 decoded, bool as 0/1, int64 via Number; slices cut row-major boxes.
import { describe, expect, it } from 'vitest';
import { toCapturedTensor } from '../../../src/lib/capture/tensor-slice.ts';
import { summarizeValue } from '../../../src/lib/capture/value-summary.ts';
import { GlassboxError } from '../../../src/lib/errors.ts';

const origin = { name: 'v', producer: '/a/Relu', producerIndex: 3, producerOpType: 'Relu' };

describe('summarizeValue', () => {
  it('computes the statistics of a float32 tensor with zeros, NaN and Inf', () => {
    const data = new Float32Array([0, 1, -2, 3, 0, Number.NaN, Number.POSITIVE_INFINITY, 4]);
    const summary = summarizeValue(origin, { type: 'float32', dims: [2, 4], data }, true, 4);
    expect(summary).toMatchObject({
      ...origin,
      dtype: 'float32',
      shape: [2, 4],
      elementCount: 8,
      bytes: 32,
      min: -2,
      max: 4,
      nanCount: 1,
      infCount: 1,
      zeroShare: 2 / 8,
      kept: true,
    });
    // Finite values 0, 1, -2, 3, 0, 4: mean 1, mean |x| 10/6, population variance 30/6 - 1 = 4.
    expect(summary.mean).toBeCloseTo(1, 12);
    expect(summary.meanAbs).toBeCloseTo(10 / 6, 12);
    expect(summary.std).toBeCloseTo(2, 12);
    // Bins of width 1.5 over [-2, 4]: {-2} {0, 0} {1} {3, 4} (max in the last bin).
    expect(summary.histogram).toEqual({ min: -2, max: 4, counts: [1, 2, 1, 2] });
  });

  it('decodes float16 bit patterns, reads bool as 0/1 and int64 as numbers', () => {
    // 0x3c00 = 1, 0xc000 = -2, 0x3800 = 0.5, 0x7e00 = NaN
    const half = summarizeValue(
      origin,
      { type: 'float16', dims: [4], data: new Uint16Array([0x3c00, 0xc000, 0x3800, 0x7e00]) },
      false,
    );
    expect([half.min, half.max, half.nanCount, half.bytes, half.kept]).toEqual([-2, 1, 1, 8, false]);
    expect(half.mean).toBeCloseTo(-0.5 / 3, 12);
    const bool = summarizeValue(
      origin,
      { type: 'bool', dims: [4], data: new Uint8Array([1, 0, 1, 1]) },
      true,
    );
    expect([bool.min, bool.max, bool.mean, bool.zeroShare]).toEqual([0, 1, 0.75, 0.25]);
    const int64 = summarizeValue(
      origin,
      { type: 'int64', dims: [3], data: new BigInt64Array([-5n, 0n, 2n ** 40n]) },
      true,
    );
    expect([int64.min, int64.max, int64.zeroShare]).toEqual([-5, 2 ** 40, 1 / 3]);
  });

  it('gives NaN statistics and an empty histogram when no value is finite', () => {
    const summary = summarizeValue(
      origin,
      { type: 'float32', dims: [2], data: new Float32Array([Number.NaN, Number.NaN]) },
      true,
      3,
    );
    expect(Number.isNaN(summary.min) && Number.isNaN(summary.mean) && Number.isNaN(summary.meanAbs)).toBe(
      true,
    );
    expect(summary.histogram.counts).toEqual([0, 0, 0]);
  });
});

describe('toCapturedTensor', () => {
  const data = new Int32Array(Array.from({ length: 24 }, (_, i) => i));
  const tensor = { type: 'int32', dims: [2, 3, 4], data };

  it('converts the whole tensor to float32', () => {
    const whole = toCapturedTensor('t', tensor);
    expect(whole.dims).toEqual([2, 3, 4]);
    expect(whole.sliceStart).toBeNull();
    expect([...whole.data]).toEqual([...data]);
  });

  it('cuts a box, count 0 meaning to the end of the axis', () => {
    const slice = toCapturedTensor('t', tensor, { start: [1, 1, 2], count: [1, 0, 2] });
    expect(slice.dims).toEqual([1, 2, 2]);
    expect(slice.fullShape).toEqual([2, 3, 4]);
    expect(slice.sliceStart).toEqual([1, 1, 2]);
    // [1, 1, 2..3] = 18, 19 and [1, 2, 2..3] = 22, 23
    expect([...slice.data]).toEqual([18, 19, 22, 23]);
  });

  it('refuses a slice outside the shape with a sentence', () => {
    expect(() => toCapturedTensor('t', tensor, { start: [0, 0, 3], count: [1, 1, 2] })).toThrow(
      GlassboxError,
    );
    expect(() => toCapturedTensor('t', tensor, { start: [0], count: [1] })).toThrow(/outside its shape/);
  });
});
