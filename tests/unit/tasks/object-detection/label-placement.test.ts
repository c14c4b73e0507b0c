import { describe, expect, it } from 'vitest';
import { placeLabel } from '../../../../src/lib/tasks/object-detection/label-placement.ts';

const IMAGE = { imageWidth: 400, imageHeight: 300 };

function inside(rect: { x: number; y: number; width: number; height: number }): boolean {
  return rect.x >= 0 && rect.y >= 0 && rect.x + rect.width <= 400 && rect.y + rect.height <= 300;
}

describe('placeLabel', () => {
  it('puts the label above the box when there is room', () => {
    expect(placeLabel({ x1: 50, y1: 100, x2: 150, y2: 200 }, { width: 60, height: 20, ...IMAGE })).toEqual({
      x: 50,
      y: 80,
      width: 60,
      height: 20,
    });
  });

  it('moves the label inside the box at the top edge, and left at the right edge', () => {
    const rect = placeLabel({ x1: 370, y1: 5, x2: 400, y2: 100 }, { width: 80, height: 20, ...IMAGE });
    expect(rect).toEqual({ x: 320, y: 5, width: 80, height: 20 });
    expect(inside(rect)).toBe(true);
  });

  it('keeps a label inside even for a box at the bottom-right corner or wider than the image', () => {
    expect(
      inside(placeLabel({ x1: 399, y1: 299, x2: 400, y2: 300 }, { width: 90, height: 24, ...IMAGE })),
    ).toBe(true);
    const wide = placeLabel({ x1: 0, y1: 0, x2: 10, y2: 10 }, { width: 900, height: 24, ...IMAGE });
    expect(wide.width).toBe(400);
    expect(inside(wide)).toBe(true);
  });
});
