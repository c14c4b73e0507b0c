import { describe, expect, it } from 'vitest';
import { speedupWithSpread } from '../../../src/lib/bench/speedup.ts';
import { seededRandom } from '../../../src/lib/seeded-random.ts';

describe('speedup with spread', () => {
  it('is the ratio of medians, with no spread for constant samples', () => {
    expect(speedupWithSpread([10, 10, 10], [5, 5, 5])).toMatchObject({ ratio: 2, low: 2, high: 2 });
    expect(speedupWithSpread([4, 4], [8, 8])?.ratio).toBe(0.5);
  });

  it('brackets 1 for the same distribution, and is reproducible', () => {
    const random = seededRandom(7);
    const a = Array.from({ length: 50 }, () => 10 + random());
    const b = Array.from({ length: 50 }, () => 10 + random());
    const first = speedupWithSpread(a, b);
    expect(first).not.toBeNull();
    expect(first!.low).toBeLessThanOrEqual(1);
    expect(first!.high).toBeGreaterThanOrEqual(1);
    expect(first!.low).toBeLessThanOrEqual(first!.ratio);
    expect(first!.high).toBeGreaterThanOrEqual(first!.ratio);
    expect(speedupWithSpread(a, b)).toEqual(first);
  });

  it('is null without samples or with a zero median', () => {
    expect(speedupWithSpread([], [1])).toBeNull();
    expect(speedupWithSpread([1], [])).toBeNull();
    expect(speedupWithSpread([1], [0, 0])).toBeNull();
  });

  it('draws from a seeded generator in [0, 1)', () => {
    const a = seededRandom(1);
    const b = seededRandom(1);
    const values = Array.from({ length: 1000 }, () => a());
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(b()).toBe(values[0]);
  });
});
