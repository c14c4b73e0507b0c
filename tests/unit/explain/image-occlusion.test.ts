// Occlusion-map geometry and arithmetic: patches tile the input, painting one touches only its pixels,
// and the selected box's score is found among candidates by class and overlap.
import { describe, expect, it } from 'vitest';
import {
  matchedScore,
  occlusionPatches,
  OCCLUSION_GREY,
  rankPatches,
  scoreDrops,
  writeOccluded,
} from '../../../src/lib/explain/image-occlusion.ts';

describe('occlusionPatches', () => {
  it('tiles the input without gaps or overlaps, row-major', () => {
    const patches = occlusionPatches({ width: 10, height: 7 }, 3);
    expect(patches).toHaveLength(9);
    expect(patches[1]).toMatchObject({ row: 0, column: 1 });
    expect(patches.reduce((area, p) => area + p.width * p.height, 0)).toBe(70);
    expect(patches.at(-1)).toMatchObject({ x: 7, y: 5, width: 3, height: 2 });
  });

  it('refuses a grid finer than a pixel or not a whole number', () => {
    expect(() => occlusionPatches({ width: 4, height: 4 }, 5)).toThrow(RangeError);
    expect(() => occlusionPatches({ width: 4, height: 4 }, 1.5)).toThrow(RangeError);
    expect(() => occlusionPatches({ width: 4, height: 4 }, 0)).toThrow(RangeError);
  });
});

describe('writeOccluded', () => {
  it('paints exactly the patch grey on all three planes, at the batch offset', () => {
    const input = { width: 4, height: 4 };
    const tensor = new Float32Array(48).fill(1);
    const [patch] = occlusionPatches(input, 2).slice(3);
    const target = new Float32Array(96);
    writeOccluded(tensor, input, patch ?? { row: 0, column: 0, x: 0, y: 0, width: 0, height: 0 }, target, 48);
    expect(target.slice(0, 48).every((v) => v === 0)).toBe(true);
    const image = target.slice(48);
    const grey = [...image.keys()].filter((i) => image[i] === Math.fround(OCCLUSION_GREY));
    // Bottom-right 2 × 2 of each 4 × 4 plane: pixels 10, 11, 14, 15.
    expect(grey).toEqual([10, 11, 14, 15, 26, 27, 30, 31, 42, 43, 46, 47]);
    expect(tensor.every((v) => v === 1)).toBe(true);
  });
});

describe('matchedScore and drops', () => {
  const selected = { box: { x1: 0, y1: 0, x2: 10, y2: 10 }, score: 0.9, classIndex: 1 };

  it('takes the best same-class candidate that overlaps enough', () => {
    const candidates = [
      { box: { x1: 0, y1: 0, x2: 10, y2: 10 }, score: 0.95, classIndex: 2 },
      { box: { x1: 1, y1: 1, x2: 10, y2: 10 }, score: 0.6, classIndex: 1 },
      { box: { x1: 0, y1: 0, x2: 9, y2: 10 }, score: 0.7, classIndex: 1 },
      { box: { x1: 20, y1: 20, x2: 30, y2: 30 }, score: 0.99, classIndex: 1 },
    ];
    expect(matchedScore(candidates, selected)).toBeCloseTo(0.7, 12);
  });

  it('gives 0 when the detection disappeared', () => {
    expect(matchedScore([], selected)).toBe(0);
  });

  it('turns scores into drops and ranks the patches by them', () => {
    const drops = scoreDrops(0.9, [0.9, 0.1, 0.95, 0.5]);
    expect(drops[0]).toBe(0);
    expect(drops[1]).toBeCloseTo(0.8, 12);
    expect(drops[2]).toBeLessThan(0);
    expect(rankPatches(drops)).toEqual([1, 3, 0, 2]);
  });
});
