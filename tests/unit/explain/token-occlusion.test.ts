// Occlusion attributions on a hand-made linear "model" whose right answers are known: p(positive) is the
// sigmoid of the sum of per-token weights, so hiding a token moves the probability by its weight's sign.
import { describe, expect, it } from 'vitest';
import {
  attributionsFromRuns,
  LEAVE_ONE_OUT,
  occlusionVariants,
  rankPositions,
  SMOOTHING_WINDOWS,
  type MaskToken,
} from '../../../src/lib/explain/token-occlusion.ts';

const WEIGHTS: Record<number, number> = { 1: 0, 2: 0, 10: 2.5, 11: -1.5, 12: 0, 13: 0.5, 99: 0 };
const MASK: MaskToken = { id: 99, token: '[MASK]' };

/** [p(negative), p(positive)] of the linear model. */
function linearModel(ids: readonly number[]): number[] {
  const sum = ids.reduce((total, id) => total + (WEIGHTS[id] ?? 0), 0);
  const positive = 1 / (1 + Math.exp(-sum));
  return [1 - positive, positive];
}

// [CLS] great(10) awful(11) the(12) fine(13) [SEP]
const sequence = { ids: [1, 10, 11, 12, 13, 2], tokens: ['[CLS]', 'great', 'awful', 'the', 'fine', '[SEP]'] };
const explainable = [false, true, true, true, true, false];

function explain(windows: readonly number[], mask: MaskToken | null) {
  const variants = occlusionVariants(sequence, explainable, windows, mask);
  const rows = variants.map((variant) => linearModel(variant.ids));
  return {
    variants,
    ...attributionsFromRuns(linearModel(sequence.ids), variants, rows, sequence.ids.length),
  };
}

describe('occlusionVariants', () => {
  it('hides each explainable token once with [MASK], keeping the length', () => {
    const variants = occlusionVariants(sequence, explainable, LEAVE_ONE_OUT, MASK);
    expect(variants.map((v) => v.hidden)).toEqual([[1], [2], [3], [4]]);
    expect(variants[1]?.ids).toEqual([1, 10, 99, 12, 13, 2]);
    expect(variants[1]?.tokens[2]).toBe('[MASK]');
  });

  it('removes the token when there is no mask, and never spans special tokens', () => {
    const variants = occlusionVariants(sequence, explainable, [1, 2, 3], null);
    expect(variants[0]?.ids).toEqual([1, 11, 12, 13, 2]);
    expect(variants.filter((v) => v.hidden.length === 2).map((v) => v.hidden)).toEqual([
      [1, 2],
      [2, 3],
      [3, 4],
    ]);
    expect(variants.filter((v) => v.hidden.length === 3)).toHaveLength(2);
    expect(variants.some((v) => v.hidden.includes(0) || v.hidden.includes(5))).toBe(false);
  });

  it('refuses a window size below 1', () => {
    expect(() => occlusionVariants(sequence, explainable, [0], MASK)).toThrow(RangeError);
  });
});

describe('attributionsFromRuns on the linear model', () => {
  for (const mask of [MASK, null]) {
    const mode = mask ? 'masked' : 'removed';
    it(`gives a zero-weight token zero attribution (${mode})`, () => {
      const { leaveOneOut } = explain(LEAVE_ONE_OUT, mask);
      expect(leaveOneOut[1]?.[3]).toBe(0);
      expect(leaveOneOut[0]?.[3]).toBe(0);
    });

    it(`gets the signs and the ranking right toward each label (${mode})`, () => {
      const { leaveOneOut } = explain(LEAVE_ONE_OUT, mask);
      const positive = leaveOneOut[1] ?? [];
      expect(positive[1]).toBeGreaterThan(0);
      expect(positive[2]).toBeLessThan(0);
      expect(positive[4]).toBeGreaterThan(0);
      expect(rankPositions(positive, explainable)).toEqual([1, 4, 3, 2]);
      expect(rankPositions(leaveOneOut[0] ?? [], explainable)).toEqual([2, 3, 4, 1]);
      // Two labels: what pushes toward one pushes away from the other by exactly as much.
      positive.forEach((value, i) => expect(value + (leaveOneOut[0]?.[i] ?? 0)).toBeCloseTo(0, 12));
    });
  }

  it('equals p(original) − p(occluded) exactly for a single token', () => {
    const { leaveOneOut } = explain(LEAVE_ONE_OUT, MASK);
    const [, p0] = linearModel(sequence.ids);
    const [, p1] = linearModel([1, 99, 11, 12, 13, 2]);
    expect(leaveOneOut[1]?.[1]).toBe((p0 ?? 0) - (p1 ?? 0));
    expect(leaveOneOut[1]?.[0]).toBe(0);
  });

  it('smooths over 1- to 3-token windows, sharing each drop among its tokens', () => {
    const { smoothed, leaveOneOut } = explain(SMOOTHING_WINDOWS, MASK);
    expect(smoothed).not.toBeNull();
    const positive = smoothed?.[1] ?? [];
    expect(positive[0]).toBe(0);
    expect(positive[5]).toBe(0);
    // The strongly positive token stays the most positive, the negative one stays negative.
    expect(rankPositions(positive, explainable)[0]).toBe(1);
    expect(positive[2]).toBeLessThan(0);
    // Leave-one-out is unchanged by the extra windows.
    expect(leaveOneOut).toEqual(explain(LEAVE_ONE_OUT, MASK).leaveOneOut);
    // Position 4 (fine) is hidden by windows [4], [3,4] and [2,3,4]: the mean of their shared drops.
    const [, p0 = 0] = linearModel(sequence.ids);
    const drop = (ids: number[]): number => p0 - (linearModel(ids)[1] ?? 0);
    const expected =
      (drop([1, 10, 11, 12, 99, 2]) + drop([1, 10, 11, 99, 99, 2]) / 2 + drop([1, 10, 99, 99, 99, 2]) / 3) /
      3;
    expect(positive[4]).toBeCloseTo(expected, 12);
  });

  it('has no smoothed view when only single tokens were hidden', () => {
    expect(explain(LEAVE_ONE_OUT, MASK).smoothed).toBeNull();
  });

  it('refuses mismatched rows', () => {
    const variants = occlusionVariants(sequence, explainable, LEAVE_ONE_OUT, MASK);
    expect(() => attributionsFromRuns([0.5, 0.5], variants, [], 6)).toThrow(RangeError);
  });
});
