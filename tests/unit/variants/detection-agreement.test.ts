// Same boxes at IoU ≥ 0.5 on hand-made boxes: the IoU edge (exactly 0.5 matches, just under does not), no
// boxes on either side, a class mismatch, greedy matching by score, and the percent over several images.
import { describe, expect, it } from 'vitest';
import type { Detection } from '../../../src/lib/tasks/object-detection/nms.ts';
import { answersAgreement } from '../../../src/lib/variants/agreement.ts';
import { detectionAgreement, matchBoxes } from '../../../src/lib/variants/detection-agreement.ts';

function det(x1: number, y1: number, x2: number, y2: number, classIndex = 0, score = 0.9): Detection {
  return { box: { x1, y1, x2, y2 }, score, classIndex };
}

describe('matchBoxes', () => {
  it('matches at IoU exactly 0.5 and not just under it', () => {
    // [0,10]×[0,10] against [0,5]×[0,10]: intersection 50, union 100 → IoU 0.5.
    expect(matchBoxes([det(0, 0, 10, 10)], [det(0, 0, 5, 10)])).toEqual({
      matched: 1,
      referenceOnly: 0,
      variantOnly: 0,
    });
    // [0,4.99]×[0,10]: IoU 0.499.
    expect(matchBoxes([det(0, 0, 10, 10)], [det(0, 0, 4.99, 10)])).toEqual({
      matched: 0,
      referenceOnly: 1,
      variantOnly: 1,
    });
  });

  it('never matches boxes of different classes, however well they overlap', () => {
    expect(matchBoxes([det(0, 0, 10, 10, 1)], [det(0, 0, 10, 10, 2)]).matched).toBe(0);
  });

  it('with no boxes on one side, every box of the other is unmatched', () => {
    expect(matchBoxes([], [det(0, 0, 1, 1), det(5, 5, 6, 6)])).toEqual({
      matched: 0,
      referenceOnly: 0,
      variantOnly: 2,
    });
    expect(matchBoxes([det(0, 0, 1, 1)], [])).toEqual({ matched: 0, referenceOnly: 1, variantOnly: 0 });
  });

  it('lets the higher-scoring reference box take its best partner first', () => {
    // Both reference boxes overlap the one variant box; the higher score claims it, the other is missed.
    const low = det(0, 0, 10, 10, 0, 0.4);
    const high = det(1, 0, 11, 10, 0, 0.8);
    const variant = [det(0, 0, 10, 10)];
    expect(matchBoxes([low, high], variant)).toEqual({ matched: 1, referenceOnly: 1, variantOnly: 0 });
    // And each reference box takes the variant box it overlaps most, not the first one listed.
    expect(matchBoxes([high], [det(0, 0, 10, 10), det(1, 0, 11, 10)]).variantOnly).toBe(1);
  });
});

describe('detectionAgreement', () => {
  it('is 2 × matched ÷ all boxes over the images, in percent', () => {
    const reference = [[det(0, 0, 10, 10), det(20, 20, 30, 30)], [det(0, 0, 10, 10, 3)]];
    const variant = [[det(0, 0, 10, 10)], [det(0, 0, 10, 10, 3), det(50, 50, 60, 60)]];
    // matched 2 of 3 + 3 boxes.
    expect(detectionAgreement(reference, variant)).toBeCloseTo((200 * 2) / 6, 9);
  });

  it('agrees fully where neither side has a box, and not at all where only one has', () => {
    expect(detectionAgreement([[], []], [[], []])).toBe(100);
    expect(detectionAgreement([[det(0, 0, 1, 1)]], [[]])).toBe(0);
    expect(detectionAgreement([[]], [[det(0, 0, 1, 1)]])).toBe(0);
  });

  it('has nothing to compare without images', () => {
    expect(detectionAgreement([], [])).toBeNull();
  });
});

describe('answersAgreement', () => {
  it('compares boxes when both rows have them, labels otherwise', () => {
    const boxes = [[det(0, 0, 10, 10)]];
    expect(answersAgreement({ labels: [], detections: boxes }, { labels: [], detections: [[]] })).toBe(0);
    expect(answersAgreement({ labels: [], detections: boxes }, { labels: [], detections: boxes })).toBe(100);
    expect(
      answersAgreement({ labels: ['a', 'b'], detections: null }, { labels: ['a', 'c'], detections: null }),
    ).toBe(50);
  });
});
