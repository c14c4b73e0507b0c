// The depth occlusion map's region and score: clamping hostile and out-of-range regions, the 3 × 3 grid,
// drags and keys, and the mean depth of a hand-made 3 × 3 map with a known answer.
import { describe, expect, it } from 'vitest';
import {
  CENTRE_THIRD,
  MIN_REGION_SIDE,
  clampRegion,
  describeRegion,
  gridRegion,
  moveRegion,
  regionBetween,
  regionCells,
  regionMeanDepth,
  resizeRegion,
} from '../../../src/lib/explain/depth-region.ts';

describe('depth regions', () => {
  it('defaults to the centre third, and replaces a region with a non-finite number by it', () => {
    expect(CENTRE_THIRD).toEqual({ x: 1 / 3, y: 1 / 3, width: 1 / 3, height: 1 / 3 });
    expect(clampRegion({ x: Number.NaN, y: 0, width: 0.5, height: 0.5 })).toEqual(CENTRE_THIRD);
    expect(clampRegion({ x: 0, y: 0, width: Infinity, height: 0.5 })).toEqual(CENTRE_THIRD);
  });

  it('keeps a region inside the image: sides from a tenth to 1, moved (not shrunk) to fit', () => {
    expect(clampRegion({ x: 0.9, y: -0.5, width: 0.3, height: 0.2 })).toEqual({
      x: 0.7,
      y: 0,
      width: 0.3,
      height: 0.2,
    });
    expect(clampRegion({ x: 0.5, y: 0.5, width: 0, height: 7 })).toEqual({
      x: 0.5,
      y: 0,
      width: MIN_REGION_SIDE,
      height: 1,
    });
  });

  it('gives the 3 × 3 grid’s cells, a drag in any corner order, and moves and resizes by key', () => {
    expect(gridRegion(2, 0)).toEqual({ x: 0, y: 2 / 3, width: 1 / 3, height: 1 / 3 });
    const dragged = regionBetween({ x: 0.8, y: 0.6 }, { x: 0.2, y: 0.1 });
    expect([dragged.x, dragged.y, dragged.width, dragged.height].map((v) => v.toFixed(9))).toEqual([
      '0.200000000',
      '0.100000000',
      '0.600000000',
      '0.500000000',
    ]);
    expect(moveRegion(CENTRE_THIRD, 1, 0).x).toBeCloseTo(2 / 3, 12);
    const grown = resizeRegion(CENTRE_THIRD, 0.1);
    expect(grown.width).toBeCloseTo(1 / 3 + 0.1, 12);
    expect(grown.x + grown.width / 2).toBeCloseTo(0.5, 12);
    expect(resizeRegion(CENTRE_THIRD, -1).width).toBe(MIN_REGION_SIDE);
  });

  it('takes the cells whose centres lie inside, and at least the one under the centre', () => {
    expect(regionCells(CENTRE_THIRD, 3, 3)).toEqual({ x0: 1, y0: 1, x1: 2, y1: 2 });
    expect(regionCells({ x: 0, y: 0, width: 1, height: 1 }, 24, 24)).toEqual({
      x0: 0,
      y0: 0,
      x1: 24,
      y1: 24,
    });
    // A tenth of a 2-cell map holds no centre: the cell under its centre stands in.
    expect(regionCells({ x: 0.3, y: 0.3, width: 0.1, height: 0.1 }, 2, 2)).toEqual({
      x0: 0,
      y0: 0,
      x1: 1,
      y1: 1,
    });
  });

  it('averages the depth inside: a 3 × 3 map, the centre third and the bottom row', () => {
    const map = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    expect(regionMeanDepth(map, 3, 3, CENTRE_THIRD)).toBe(5);
    expect(regionMeanDepth(map, 3, 3, { x: 0, y: 2 / 3, width: 1, height: 1 / 3 })).toBe(8);
    expect(regionMeanDepth(map, 3, 3, { x: 0, y: 0, width: 2 / 3, height: 2 / 3 })).toBe(3);
    // Non-finite values are left out of the mean.
    expect(regionMeanDepth([Number.NaN, 4, 0, 2], 2, 2, { x: 0, y: 0, width: 1, height: 1 })).toBe(2);
  });

  it('says where the region is', () => {
    expect(describeRegion(CENTRE_THIRD)).toBe('the centre');
    expect(describeRegion(gridRegion(0, 0))).toBe('the top left');
    expect(describeRegion(gridRegion(2, 1))).toBe('the bottom centre');
    expect(describeRegion(gridRegion(1, 2))).toBe('the middle right');
  });
});
