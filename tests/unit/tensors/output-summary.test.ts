// Output summaries: exact statistics over finite values, NaN and infinity counts, peek and argmax.
import { describe, expect, it } from 'vitest';
import type { TensorData } from '../../../src/lib/tensor.ts';
import { ARGMAX_LIMIT, summarizeOutput } from '../../../src/lib/tensors/output-summary.ts';

describe('summarizeOutput', () => {
  it('gives exact statistics of a small float tensor', () => {
    const tensor: TensorData = { type: 'float32', dims: [2, 2], data: new Float32Array([1, 2, 3, 4]) };
    expect(summarizeOutput('logits', tensor)).toEqual({
      name: 'logits',
      dtype: 'float32',
      dims: [2, 2],
      count: 4,
      min: 1,
      max: 4,
      mean: 2.5,
      std: Math.sqrt(1.25),
      nanCount: 0,
      infCount: 0,
      peek: [1, 2, 3, 4],
      argmax: 3,
    });
  });

  it('leaves NaN and infinities out of the statistics and counts them', () => {
    const tensor: TensorData = {
      type: 'float64',
      dims: [6],
      data: new Float64Array([Number.NaN, 2, Number.POSITIVE_INFINITY, -2, Number.NEGATIVE_INFINITY, 0]),
    };
    const summary = summarizeOutput('y', tensor);
    expect(summary).toMatchObject({ min: -2, max: 2, mean: 0, nanCount: 1, infCount: 2 });
    expect(summary.std).toBeCloseTo(Math.sqrt(8 / 3), 15);
    // argmax skips NaN; +Infinity is the largest value.
    expect(summary.argmax).toBe(2);
    expect(summary.peek).toEqual([Number.NaN, 2, Number.POSITIVE_INFINITY, -2, Number.NEGATIVE_INFINITY, 0]);
  });

  it('has null statistics when no value is finite', () => {
    const tensor: TensorData = {
      type: 'float32',
      dims: [2],
      data: new Float32Array([Number.NaN, Number.NaN]),
    };
    expect(summarizeOutput('z', tensor)).toMatchObject({
      min: null,
      max: null,
      mean: null,
      std: null,
      nanCount: 2,
      argmax: null,
    });
  });

  it('summarizes an empty tensor', () => {
    const tensor: TensorData = { type: 'float32', dims: [0, 4], data: new Float32Array(0) };
    expect(summarizeOutput('empty', tensor)).toMatchObject({
      dims: [0, 4],
      count: 0,
      min: null,
      mean: null,
      peek: [],
      argmax: null,
    });
  });

  it('reads int64 and bool outputs as numbers', () => {
    const ids: TensorData = { type: 'int64', dims: [3], data: new BigInt64Array([5n, -7n, 5n]) };
    expect(summarizeOutput('ids', ids)).toMatchObject({
      min: -7,
      max: 5,
      mean: 1,
      peek: [5, -7, 5],
      argmax: 0,
    });
    const mask: TensorData = { type: 'bool', dims: [4], data: new Uint8Array([0, 1, 1, 0]) };
    expect(summarizeOutput('mask', mask)).toMatchObject({ dtype: 'bool', mean: 0.5, std: 0.5, argmax: 1 });
  });

  it('peeks at the first values only, as many as asked', () => {
    const tensor: TensorData = {
      type: 'int32',
      dims: [40],
      data: Int32Array.from({ length: 40 }, (_, i) => i),
    };
    expect(summarizeOutput('a', tensor).peek).toEqual(Array.from({ length: 16 }, (_, i) => i));
    expect(summarizeOutput('a', tensor, 3).peek).toEqual([0, 1, 2]);
    expect(summarizeOutput('a', tensor, 0).peek).toEqual([]);
  });

  it('leaves argmax out above ARGMAX_LIMIT elements, but keeps the statistics', () => {
    const big: TensorData = {
      type: 'uint8',
      dims: [ARGMAX_LIMIT + 1],
      data: new Uint8Array(ARGMAX_LIMIT + 1),
    };
    big.data[10] = 9;
    const summary = summarizeOutput('big', big);
    expect(summary.argmax).toBeNull();
    expect(summary.max).toBe(9);
    const atLimit: TensorData = { type: 'uint8', dims: [ARGMAX_LIMIT], data: new Uint8Array(ARGMAX_LIMIT) };
    atLimit.data[ARGMAX_LIMIT - 1] = 1;
    expect(summarizeOutput('limit', atLimit).argmax).toBe(ARGMAX_LIMIT - 1);
  });

  it('keeps the std of values far from zero exact', () => {
    const tensor: TensorData = { type: 'float64', dims: [2], data: new Float64Array([1e9 + 1, 1e9 + 3]) };
    expect(summarizeOutput('far', tensor)).toMatchObject({ mean: 1e9 + 2, std: 1 });
  });
});
