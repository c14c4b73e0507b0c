import { describe, expect, it } from 'vitest';
import { strongestPosition } from '../../../src/lib/explain/strongest-position.ts';

describe('strongestPosition', () => {
  it('picks the largest value in size, either sign, among explainable tokens', () => {
    expect(strongestPosition([0.1, -0.4, 0.3], [true, true, true])).toBe(1);
    // A special token ([CLS]) is never the one described, however large its number.
    expect(strongestPosition([0.9, -0.4, 0.3], [false, true, true])).toBe(1);
  });

  it('keeps the first of a tie and skips values that are not numbers', () => {
    expect(strongestPosition([0.2, -0.2, Number.NaN], [true, true, true])).toBe(0);
  });

  it('is null when nothing can be described', () => {
    expect(strongestPosition([], [])).toBeNull();
    expect(strongestPosition([0.5], [false])).toBeNull();
  });
});
