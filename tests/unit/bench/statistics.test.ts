import { describe, expect, it } from 'vitest';
import {
  mean,
  percentile,
  percentileOfSorted,
  sampleStdev,
  summarizeLatencies,
} from '../../../src/lib/bench/statistics.ts';

describe('percentiles (linear interpolation between closest ranks)', () => {
  const oneToTen = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

  it('match hand-computed values on 1..10', () => {
    // rank = p/100 · (n − 1): p50 → 4.5 → 5.5; p90 → 8.1 → 9.1; p99 → 8.91 → 9.91; p25 → 2.25 → 3.25
    expect(percentileOfSorted(oneToTen, 50)).toBeCloseTo(5.5, 12);
    expect(percentileOfSorted(oneToTen, 90)).toBeCloseTo(9.1, 12);
    expect(percentileOfSorted(oneToTen, 99)).toBeCloseTo(9.91, 12);
    expect(percentileOfSorted(oneToTen, 25)).toBeCloseTo(3.25, 12);
    expect(percentileOfSorted(oneToTen, 0)).toBe(1);
    expect(percentileOfSorted(oneToTen, 100)).toBe(10);
  });

  it('sort a copy and leave the input alone', () => {
    const values = [4, 1, 3];
    // sorted 1, 3, 4: p90 → rank 1.8 → 3 + 0.8 · (4 − 3) = 3.8
    expect(percentile(values, 90)).toBeCloseTo(3.8, 12);
    expect(values).toEqual([4, 1, 3]);
  });

  it('are NaN for no values and reject p outside [0, 100]', () => {
    expect(percentileOfSorted([], 50)).toBeNaN();
    expect(() => percentileOfSorted([1], 101)).toThrow(RangeError);
    expect(() => percentileOfSorted([1], Number.NaN)).toThrow(RangeError);
  });
});

describe('mean and sample standard deviation', () => {
  it('match hand-computed values', () => {
    expect(mean([4, 1, 3])).toBeCloseTo(8 / 3, 12);
    // squared deviations from 8/3: 16/9 + 25/9 + 1/9 = 42/9; / (n − 1) = 7/3
    expect(sampleStdev([4, 1, 3])).toBeCloseTo(Math.sqrt(7 / 3), 12);
    // 1..10: Σ(x − 5.5)² = 82.5; / 9
    expect(sampleStdev([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toBeCloseTo(Math.sqrt(82.5 / 9), 12);
  });

  it('are 0 for one value and NaN for none', () => {
    expect(sampleStdev([7])).toBe(0);
    expect(sampleStdev([])).toBeNaN();
    expect(mean([])).toBeNaN();
  });
});

describe('summarizeLatencies', () => {
  it('reports every figure of 1..10 ms', () => {
    const summary = summarizeLatencies([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(summary).toMatchObject({ count: 10, minMs: 1, maxMs: 10, medianMs: 5.5, meanMs: 5.5 });
    expect(summary?.p90Ms).toBeCloseTo(9.1, 12);
    expect(summary?.p99Ms).toBeCloseTo(9.91, 12);
    expect(summary?.p25Ms).toBeCloseTo(3.25, 12);
    expect(summary?.p75Ms).toBeCloseTo(7.75, 12);
    expect(summary?.stdevMs).toBeCloseTo(3.0276503540974917, 12);
    expect(summary?.throughputPerSecond).toBeCloseTo(1000 / 5.5, 9);
  });

  it('is null for zero samples, and has no throughput when every sample is 0', () => {
    expect(summarizeLatencies([])).toBeNull();
    expect(summarizeLatencies([0, 0])?.throughputPerSecond).toBeNull();
  });

  it('rejects negative or non-finite samples', () => {
    expect(() => summarizeLatencies([1, -1])).toThrow(RangeError);
    expect(() => summarizeLatencies([1, Number.NaN])).toThrow(RangeError);
  });
});
