// The segmentation occlusion map's scores on hand-made logits with known answers: a 2 × 2 grid of three
// classes, so each cell's argmax and softmax can be worked out on paper.
import { describe, expect, it } from 'vitest';
import {
  classArea,
  classMask,
  classMeanProbability,
  classProbabilityAt,
  segmentScore,
} from '../../../src/lib/explain/segment-score.ts';

// [classes 3, h 2, w 2], planes in class order; cells 0..3 row-major.
// cell 0: class 0 wins (2 vs 0 vs 0); cell 1: class 1 (ln 3 vs 0 vs 0); cell 2: class 1 (0, 5, 0);
// cell 3: all equal (argmax is the first, class 0).
const LN3 = Math.log(3);
const logits = {
  channels: 3,
  height: 2,
  width: 2,
  data: new Float32Array([2, 0, 0, 0, 0, LN3, 5, 0, 0, 0, 0, 0]),
};

describe('segment scores', () => {
  it('marks the cells whose argmax is the class (ties go to the first class, as argmax does)', () => {
    expect([...classMask(logits, 0)]).toEqual([1, 0, 0, 1]);
    expect([...classMask(logits, 1)]).toEqual([0, 1, 1, 0]);
    expect([...classMask(logits, 2)]).toEqual([0, 0, 0, 0]);
  });

  it('gives the share of cells as the area', () => {
    expect(classArea(logits, 0)).toBe(0.5);
    expect(classArea(logits, 1)).toBe(0.5);
    expect(classArea(logits, 2)).toBe(0);
  });

  it('gives the softmax probability of a cell: e^ln3 / (e^ln3 + 1 + 1) = 3 / 5', () => {
    expect(classProbabilityAt(logits, 1, 1)).toBeCloseTo(0.6, 6);
    expect(classProbabilityAt(logits, 0, 3)).toBeCloseTo(1 / 3, 6);
    // Large logits stay finite (shifted by the maximum).
    const huge = { channels: 2, height: 1, width: 1, data: new Float32Array([1000, 999]) };
    expect(classProbabilityAt(huge, 0, 0)).toBeCloseTo(1 / (1 + Math.exp(-1)), 6);
  });

  it('averages the probability over the mask’s cells only, or over every cell when the mask is empty', () => {
    const p5 = Math.exp(5) / (Math.exp(5) + 2);
    expect(classMeanProbability(logits, 1, classMask(logits, 1))).toBeCloseTo((0.6 + p5) / 2, 6);
    const p2 = 1 / (Math.exp(2) + 2);
    // Class 2 holds no cell: its mean over all four cells.
    expect(classMeanProbability(logits, 2, classMask(logits, 2))).toBeCloseTo(
      (p2 + 0.2 + 1 / (Math.exp(5) + 2) + 1 / 3) / 4,
      6,
    );
  });

  it('keeps the unoccluded run’s mask: a cell that flips still counts, at its lower probability', () => {
    const mask = classMask(logits, 1);
    // Occluded: cell 1's class-1 logit falls to 0 (it no longer wins); the probability over the old mask
    // falls smoothly while the area drops by a whole cell.
    const occluded = { ...logits, data: new Float32Array([2, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0]) };
    const p5 = Math.exp(5) / (Math.exp(5) + 2);
    expect(segmentScore(occluded, { classIndex: 1, measure: 'probability' }, mask)).toBeCloseTo(
      (1 / 3 + p5) / 2,
      6,
    );
    expect(segmentScore(occluded, { classIndex: 1, measure: 'area' }, mask)).toBe(0.25);
  });
});
