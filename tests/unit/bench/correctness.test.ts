import { describe, expect, it } from 'vitest';
import { compareOutputs, compareTensors } from '../../../src/lib/bench/correctness.ts';
import type { TensorData } from '../../../src/lib/tensor.ts';

const f32 = (values: number[], dims = [values.length]): TensorData => ({
  type: 'float32',
  dims,
  data: Float32Array.from(values),
});

describe('output comparison between backends', () => {
  it('agrees on identical outputs', () => {
    const diff = compareTensors('logits', f32([1, 2, 3]), f32([1, 2, 3]));
    expect(diff).toMatchObject({ maxAbsDiff: 0, maxRelDiff: 0, mismatches: 0, agrees: true, problem: null });
  });

  it('reports the largest absolute and relative difference and where it is', () => {
    const diff = compareTensors(
      'x',
      { type: 'float64', dims: [3], data: Float64Array.from([1, 2, 4]) },
      {
        type: 'float64',
        dims: [3],
        data: Float64Array.from([1, 2.5, 4.2]),
      },
    );
    expect(diff.maxAbsDiff).toBeCloseTo(0.5, 12);
    expect(diff.maxRelDiff).toBeCloseTo(0.25, 12);
    expect(diff.worstIndex).toBe(1);
    expect(diff.mismatches).toBe(2);
    expect(diff.agrees).toBe(false);
  });

  it('accepts differences inside atol + rtol·|reference| (numpy allclose)', () => {
    // 1e-4 + 1e-3 · 100 = 0.1001 allowed at 100; 0.05 off is inside
    const diff = compareTensors('x', f32([100, 0]), f32([100.05, 0.00005]));
    expect(diff.mismatches).toBe(0);
    expect(diff.agrees).toBe(true);
  });

  it('divides by a small floor near zero instead of exploding', () => {
    const diff = compareTensors('x', f32([0]), f32([1e-7]));
    expect(Number.isFinite(diff.maxRelDiff)).toBe(true);
  });

  it('counts NaN on one side only as a mismatch', () => {
    expect(compareTensors('x', f32([Number.NaN]), f32([Number.NaN])).agrees).toBe(true);
    expect(compareTensors('x', f32([Number.NaN]), f32([1])).mismatches).toBe(1);
  });

  it('reports a shape disagreement and a missing output as findings', () => {
    const shape = compareTensors('x', f32([1, 2], [2]), f32([1, 2], [1, 2]));
    expect(shape).toMatchObject({ agrees: false, maxAbsDiff: null, problem: 'shape [2] vs [1, 2]' });
    const diffs = compareOutputs({ a: f32([1]), b: f32([2]) }, { a: f32([1]) });
    expect(diffs.map((d) => [d.output, d.agrees, d.problem])).toEqual([
      ['a', true, null],
      ['b', false, 'missing on this backend'],
    ]);
  });

  it('compares int64 outputs as numbers and flags a type change', () => {
    const a: TensorData = { type: 'int64', dims: [2], data: BigInt64Array.from([1n, 2n]) };
    const b: TensorData = { type: 'int32', dims: [2], data: Int32Array.from([1, 2]) };
    expect(compareTensors('ids', a, b)).toMatchObject({
      mismatches: 0,
      problem: 'type int64 vs int32',
      agrees: false,
    });
  });
});
