// The diverging attribution scale: sign picks the hue, magnitude the strength, zero is transparent.
import { describe, expect, it } from 'vitest';
import {
  attributionColor,
  attributionScale,
  formatAttribution,
  MIN_SCALE_LIMIT,
} from '../../../src/lib/explain/attribution-colors.ts';

describe('attribution colours', () => {
  it('scales to the largest magnitude, with a floor', () => {
    expect(attributionScale([0.2, -0.5, 0.1]).limit).toBe(0.5);
    expect(attributionScale([0.001]).limit).toBe(MIN_SCALE_LIMIT);
  });

  it('gives different hues to the two signs and none to zero', () => {
    const scale = attributionScale([0.4, -0.4]);
    expect(attributionColor(0, scale)).toBe('rgba(0, 0, 0, 0)');
    expect(attributionColor(0.4, scale)).toMatch(/^rgba\(37, 99, 235, 0\.800\)$/);
    expect(attributionColor(-0.4, scale)).toMatch(/^rgba\(234, 88, 12, 0\.800\)$/);
    expect(attributionColor(Number.NaN, scale)).toBe('rgba(0, 0, 0, 0)');
  });

  it('writes signed numbers with a true minus and no negative zero', () => {
    expect(formatAttribution(0.41234)).toBe('+0.412');
    expect(formatAttribution(-0.031)).toBe('−0.031');
    expect(formatAttribution(-0.0001)).toBe('0.000');
  });
});
