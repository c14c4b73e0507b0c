import { describe, expect, it } from 'vitest';
import { boxArea, clipBox, cxcywhToXyxy, iou } from '../../../../src/lib/tasks/object-detection/boxes.ts';

describe('iou', () => {
  it('is 1 for identical boxes', () => {
    expect(iou({ x1: 2, y1: 3, x2: 12, y2: 8 }, { x1: 2, y1: 3, x2: 12, y2: 8 })).toBe(1);
  });

  it('is 0 for disjoint boxes', () => {
    expect(iou({ x1: 0, y1: 0, x2: 1, y2: 1 }, { x1: 5, y1: 5, x2: 6, y2: 6 })).toBe(0);
  });

  it('is 1/3 when a box is shifted by half its width (overlap 2, union 6)', () => {
    expect(iou({ x1: 0, y1: 0, x2: 2, y2: 2 }, { x1: 1, y1: 0, x2: 3, y2: 2 })).toBeCloseTo(1 / 3, 12);
  });

  it('is 1/4 for a 2×2 box centred inside a 4×4 box', () => {
    expect(iou({ x1: 0, y1: 0, x2: 4, y2: 4 }, { x1: 1, y1: 1, x2: 3, y2: 3 })).toBe(0.25);
  });

  it('is 0 for boxes that only touch along an edge or at a corner', () => {
    expect(iou({ x1: 0, y1: 0, x2: 1, y2: 1 }, { x1: 1, y1: 0, x2: 2, y2: 1 })).toBe(0);
    expect(iou({ x1: 0, y1: 0, x2: 1, y2: 1 }, { x1: 1, y1: 1, x2: 2, y2: 2 })).toBe(0);
  });

  it('is 0, not NaN, for empty boxes', () => {
    expect(iou({ x1: 1, y1: 1, x2: 1, y2: 1 }, { x1: 1, y1: 1, x2: 1, y2: 1 })).toBe(0);
  });
});

describe('box helpers', () => {
  it('converts centre and size to corners', () => {
    expect(cxcywhToXyxy(10, 20, 4, 6)).toEqual({ x1: 8, y1: 17, x2: 12, y2: 23 });
  });

  it('gives inverted boxes no area', () => {
    expect(boxArea({ x1: 0, y1: 0, x2: 3, y2: 2 })).toBe(6);
    expect(boxArea({ x1: 3, y1: 0, x2: 0, y2: 2 })).toBe(0);
  });

  it('clips each corner into the image', () => {
    expect(clipBox({ x1: -5, y1: 2, x2: 120, y2: 90 }, 100, 50)).toEqual({ x1: 0, y1: 2, x2: 100, y2: 50 });
    expect(clipBox({ x1: 10, y1: 10, x2: 20, y2: 20 }, 100, 50)).toEqual({ x1: 10, y1: 10, x2: 20, y2: 20 });
  });
});
