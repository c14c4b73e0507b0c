import { describe, expect, it } from 'vitest';
import { computeTensorStats, type OnnxTensor, type TensorStorage } from '../../../src/lib/onnx/index.ts';
import type { OnnxDataType } from '../../../src/lib/onnx/index.ts';

function tensor(dataType: OnnxDataType, dims: number[], storage: TensorStorage): OnnxTensor {
  return { name: 't', docString: '', dataType, dataTypeCode: 0, dims, storage };
}

function raw(view: ArrayBufferView, padBefore = 0): TensorStorage {
  // Copy into a larger buffer at an odd offset: raw_data views inside a model are rarely aligned.
  const buffer = new Uint8Array(view.byteLength + padBefore);
  buffer.set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength), padBefore);
  return { kind: 'raw', bytes: buffer.subarray(padBefore) };
}

function statsOf(t: OnnxTensor, options = {}) {
  const result = computeTensorStats(t, options);
  if (!result.ok) throw new Error(result.reason);
  return result.stats;
}

describe('computeTensorStats', () => {
  it('computes min/max/mean/std, histogram and first values of float32 raw_data at an odd offset', () => {
    const stats = statsOf(tensor('float32', [2, 3], raw(new Float32Array([1, 2, 3, 4, 5, 6]), 3)), {
      bins: 5,
      firstCount: 4,
    });
    expect(stats.min).toBe(1);
    expect(stats.max).toBe(6);
    expect(stats.mean).toBeCloseTo(3.5, 12);
    expect(stats.std).toBeCloseTo(Math.sqrt(17.5 / 6), 12);
    expect(stats.histogram).toEqual({ min: 1, max: 6, counts: [1, 1, 1, 1, 2] });
    expect(stats.first).toEqual([1, 2, 3, 4]);
    expect(stats.histogram.counts.reduce((a, b) => a + b)).toBe(stats.finiteCount);
  });

  it('keeps precision for values far from zero', () => {
    const values = new Float64Array([1e9 + 1, 1e9 + 2, 1e9 + 3]);
    const stats = statsOf(tensor('float64', [3], raw(values)));
    expect(stats.mean).toBe(1e9 + 2);
    expect(stats.std).toBeCloseTo(Math.sqrt(2 / 3), 9);
  });

  it('counts NaN and Infinity apart from finite values', () => {
    const stats = statsOf(
      tensor('float32', [4], raw(new Float32Array([Number.NaN, 1, Number.POSITIVE_INFINITY, 3]))),
    );
    expect(stats).toMatchObject({ finiteCount: 2, nanCount: 1, infinityCount: 1, min: 1, max: 3, mean: 2 });
    expect(stats.first).toEqual([Number.NaN, 1, Number.POSITIVE_INFINITY, 3]);
  });

  it('decodes float16 and bfloat16 raw_data', () => {
    // 1.0, -2.0, 65504 (max half), 2^-24 (smallest subnormal)
    const half = statsOf(tensor('float16', [4], raw(new Uint16Array([0x3c00, 0xc000, 0x7bff, 0x0001]), 1)));
    expect(half.first).toEqual([1, -2, 65504, 2 ** -24]);
    const bf = statsOf(tensor('bfloat16', [2], raw(new Uint16Array([0x3f80, 0xc040]))));
    expect(bf.first).toEqual([1, -3]);
  });

  it('reads int8, uint8, int32, int64 and uint64 raw_data', () => {
    expect(statsOf(tensor('int8', [3], raw(new Int8Array([-128, 0, 127])))).first).toEqual([-128, 0, 127]);
    expect(statsOf(tensor('uint8', [2], raw(new Uint8Array([0, 255])))).first).toEqual([0, 255]);
    expect(statsOf(tensor('int32', [2], raw(new Int32Array([-5, 7]), 1))).first).toEqual([-5, 7]);
    const int64 = statsOf(
      tensor('int64', [3], raw(new BigInt64Array([-1n, 3_000_000_000n, -(2n ** 40n)]), 5)),
    );
    expect(int64.first).toEqual([-1, 3_000_000_000, -(2 ** 40)]);
    const uint64 = statsOf(tensor('uint64', [1], raw(new BigUint64Array([2n ** 40n + 5n]))));
    expect(uint64.first).toEqual([2 ** 40 + 5]);
  });

  it('reads the typed fields: float_data, double_data, int32_data (incl. fp16 bits), int64_data', () => {
    expect(statsOf(tensor('float32', [2], { kind: 'float_data', values: [0.5, -0.5] })).mean).toBe(0);
    expect(statsOf(tensor('float64', [2], { kind: 'double_data', values: [1, 3] })).mean).toBe(2);
    expect(statsOf(tensor('int8', [2], { kind: 'int32_data', values: [-3, 3] })).first).toEqual([-3, 3]);
    expect(statsOf(tensor('float16', [1], { kind: 'int32_data', values: [0x3c00] })).first).toEqual([1]);
    const int64 = tensor('int64', [2], { kind: 'int64_data', values: [5, { low: -1, high: -1 }] });
    expect(statsOf(int64).first).toEqual([5, -1]);
  });

  it('decodes 4-bit and 8-bit float types', () => {
    // int4 packs two per byte, low nibble first: 0x9 = -7, 0x7 = 7
    expect(statsOf(tensor('int4', [2], raw(new Uint8Array([0x79])))).first).toEqual([-7, 7]);
    expect(statsOf(tensor('uint4', [3], raw(new Uint8Array([0x21, 0x0f])))).first).toEqual([1, 2, 15]);
    expect(statsOf(tensor('float8e4m3fn', [3], raw(new Uint8Array([0x38, 0x7e, 0x7f])))).first).toEqual([
      1,
      448,
      Number.NaN,
    ]);
    expect(statsOf(tensor('float8e5m2', [2], raw(new Uint8Array([0x3c, 0x7c])))).first).toEqual([
      1,
      Number.POSITIVE_INFINITY,
    ]);
    expect(statsOf(tensor('float4e2m1', [2], raw(new Uint8Array([0xf7])))).first).toEqual([6, -6]);
  });

  it('handles a single repeated value (zero-width histogram) and an empty tensor', () => {
    const constant = statsOf(tensor('float32', [3], raw(new Float32Array([2, 2, 2]))), { bins: 4 });
    expect(constant.histogram.counts).toEqual([3, 0, 0, 0]);
    expect(constant.std).toBe(0);
    const empty = statsOf(tensor('float32', [0], { kind: 'empty' }));
    expect(empty.elementCount).toBe(0);
    expect(empty.min).toBeNaN();
  });

  it('explains why there are no stats: external data, strings, size mismatch', () => {
    const external = tensor('float32', [4], {
      kind: 'external',
      file: 'weights.bin',
      offset: 0,
      length: 16,
      checksum: undefined,
    });
    expect(computeTensorStats(external)).toEqual({
      ok: false,
      reason: 'the values are in the external file "weights.bin"',
    });
    const strings = tensor('string', [1], { kind: 'string_data', values: [new Uint8Array([104])] });
    expect(computeTensorStats(strings).ok).toBe(false);
    const short = tensor('float32', [4], raw(new Float32Array([1, 2])));
    expect(computeTensorStats(short)).toEqual({
      ok: false,
      reason: 'raw_data has 8 bytes, shape × float32 needs 16',
    });
  });
});
