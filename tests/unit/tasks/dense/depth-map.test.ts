// Depth values → nearness and colours: min–max over the image, which way is near (relative inverse depth
// unless config.json says metric), flat and non-finite maps, and the viridis scale's ends.
import { describe, expect, it } from 'vitest';
import {
  depthColours,
  depthRange,
  largerIsNearer,
  nearness,
  viridis,
} from '../../../../src/lib/tasks/depth-estimation/depth-map.ts';

describe('depth normalisation', () => {
  it('maps the image’s own range to 0 (far) … 1 (near), larger nearer for relative inverse depth', () => {
    const range = depthRange([2, 4, 6, 10]);
    expect(range).toEqual({ min: 2, max: 10, nonFinite: 0 });
    expect(nearness(10, range, true)).toBe(1);
    expect(nearness(2, range, true)).toBe(0);
    expect(nearness(4, range, true)).toBeCloseTo(0.25, 12);
    // Metric depth: larger is farther.
    expect(nearness(4, range, false)).toBeCloseTo(0.75, 12);
  });

  it('reads the direction from config.json', () => {
    expect(largerIsNearer({ model_type: 'dpt' })).toBe(true);
    expect(largerIsNearer(null)).toBe(true);
    expect(largerIsNearer({ depth_estimation_type: 'metric' })).toBe(false);
  });

  it('leaves values that are not finite out of the range and draws them as far', () => {
    const range = depthRange([1, Number.NaN, 3, Number.POSITIVE_INFINITY]);
    expect(range).toEqual({ min: 1, max: 3, nonFinite: 2 });
    expect(nearness(Number.NaN, range, true)).toBe(0);
    expect(depthRange([Number.NaN])).toEqual({ min: 0, max: 0, nonFinite: 1 });
  });

  it('gives a flat map one middle colour instead of dividing by zero', () => {
    const range = depthRange([5, 5, 5]);
    expect(nearness(5, range, true)).toBe(0.5);
    const colours = depthColours([5, 5], range, true);
    expect(Array.from(colours.slice(0, 4))).toEqual(Array.from(colours.slice(4, 8)));
  });

  it('colours far dark violet and near yellow (viridis’ ends, within one level of matplotlib’s table)', () => {
    const [r0, g0, b0] = viridis(0);
    const [r1, g1, b1] = viridis(1);
    // matplotlib: viridis(0) = (68, 1, 84), viridis(1) = (253, 231, 37).
    expect(Math.abs(r0 - 68) + Math.abs(g0 - 1) + Math.abs(b0 - 84)).toBeLessThanOrEqual(6);
    expect(Math.abs(r1 - 253) + Math.abs(g1 - 231) + Math.abs(b1 - 37)).toBeLessThanOrEqual(6);
    const colours = depthColours([0, 1], depthRange([0, 1]), true);
    expect(Array.from(colours.slice(0, 3))).toEqual([r0, g0, b0]);
    expect(Array.from(colours.slice(4, 7))).toEqual([r1, g1, b1]);
  });
});
