import { describe, expect, it } from 'vitest';
import type { Box } from '../../../../src/lib/tasks/object-detection/boxes.ts';
import { nonMaxSuppression, type Detection } from '../../../../src/lib/tasks/object-detection/nms.ts';

function detection(box: Box, score: number, classIndex = 0): Detection {
  return { box, score, classIndex };
}

const square = { x1: 0, y1: 0, x2: 10, y2: 10 };

describe('nonMaxSuppression', () => {
  it('returns nothing for no detections', () => {
    expect(nonMaxSuppression([], 0.5)).toEqual([]);
  });

  it('keeps the higher score of two overlapping boxes and orders by score', () => {
    const low = detection(square, 0.6);
    const high = detection({ x1: 1, y1: 0, x2: 11, y2: 10 }, 0.9);
    const far = detection({ x1: 50, y1: 50, x2: 60, y2: 60 }, 0.7);
    expect(nonMaxSuppression([low, high, far], 0.5)).toEqual([high, far]);
  });

  it('breaks score ties by input order, so the result is deterministic', () => {
    const first = detection(square, 0.8);
    const second = detection(square, 0.8);
    const kept = nonMaxSuppression([first, second], 0.5);
    expect(kept).toHaveLength(1);
    expect(kept[0]).toBe(first);
    expect(nonMaxSuppression([second, first], 0.5)[0]).toBe(second);
  });

  it('suppresses only when IoU is strictly greater than the threshold', () => {
    // Overlap 2, union 4: IoU exactly 0.5.
    const a = detection({ x1: 0, y1: 0, x2: 3, y2: 1 }, 0.9);
    const b = detection({ x1: 1, y1: 0, x2: 4, y2: 1 }, 0.8);
    expect(nonMaxSuppression([a, b], 0.5)).toEqual([a, b]);
    expect(nonMaxSuppression([a, b], 0.49)).toEqual([a]);
  });

  it('lets a suppressed box suppress nothing (greedy)', () => {
    // IoU(a, b) = IoU(b, c) = 1/3, IoU(a, c) = 0: b goes, so c stays.
    const a = detection({ x1: 0, y1: 0, x2: 10, y2: 10 }, 0.9);
    const b = detection({ x1: 5, y1: 0, x2: 15, y2: 10 }, 0.8);
    const c = detection({ x1: 10, y1: 0, x2: 20, y2: 10 }, 0.7);
    expect(nonMaxSuppression([c, b, a], 0.3)).toEqual([a, c]);
  });

  it('does not let different classes suppress each other when class-aware', () => {
    const cat = detection(square, 0.9, 0);
    const dog = detection(square, 0.8, 1);
    expect(nonMaxSuppression([cat, dog], 0.5)).toEqual([cat, dog]);
    expect(nonMaxSuppression([cat, dog], 0.5, { classAware: true })).toEqual([cat, dog]);
  });

  it('suppresses across classes when classAware is false', () => {
    const cat = detection(square, 0.9, 0);
    const dog = detection(square, 0.8, 1);
    expect(nonMaxSuppression([dog, cat], 0.5, { classAware: false })).toEqual([cat]);
  });

  it('stops at maxDetections, keeping the best', () => {
    const boxes = [0.5, 0.9, 0.7, 0.8].map((score, i) =>
      detection({ x1: i * 20, y1: 0, x2: i * 20 + 10, y2: 10 }, score),
    );
    expect(nonMaxSuppression(boxes, 0.5, { maxDetections: 2 }).map((d) => d.score)).toEqual([0.9, 0.8]);
    expect(nonMaxSuppression(boxes, 0.5, { maxDetections: 0 })).toEqual([]);
  });

  it('drops NaN scores and keeps extra fields', () => {
    const withIndex = [
      { ...detection(square, NaN), sourceIndex: 0 },
      { ...detection(square, 0.4), sourceIndex: 1 },
    ];
    expect(nonMaxSuppression(withIndex, 0.5)).toEqual([withIndex[1]]);
  });
});
