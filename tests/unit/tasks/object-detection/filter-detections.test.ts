import { describe, expect, it } from 'vitest';
import {
  filterDetections,
  toSourceDetections,
} from '../../../../src/lib/tasks/object-detection/filter-detections.ts';
import { letterbox } from '../../../../src/lib/tasks/object-detection/letterbox.ts';
import type { Candidate } from '../../../../src/lib/tasks/object-detection/output-layouts.ts';
import { decodeCandidates, detectLayout } from '../../../../src/lib/tasks/object-detection/output-layouts.ts';

function candidate(sourceIndex: number, score: number, classIndex: number, x = 0): Candidate {
  return { box: { x1: x, y1: 0, x2: x + 10, y2: 10 }, score, classIndex, sourceIndex };
}

// Candidates 0 and 1 overlap completely (same class), 2 overlaps them but is another class, 3 stands apart.
const candidates = [
  candidate(0, 0.5, 0),
  candidate(1, 0.9, 0),
  candidate(2, 0.3, 1),
  candidate(3, 0.25, 0, 100),
];

function kept(detections: Candidate[]): number[] {
  return detections.map((d) => d.sourceIndex);
}

describe('filterDetections', () => {
  const base = { scoreThreshold: 0.25, iouThreshold: 0.5, maxDetections: 300 };

  it('keeps scores at or above the threshold, then runs class-aware NMS', () => {
    expect(kept(filterDetections(candidates, base))).toEqual([1, 2, 3]);
    expect(kept(filterDetections(candidates, { ...base, scoreThreshold: 0.3 }))).toEqual([1, 2]);
  });

  it('suppresses across classes when not class-aware', () => {
    expect(kept(filterDetections(candidates, { ...base, classAware: false }))).toEqual([1, 3]);
  });

  it('keeps only the classes in the filter; an empty filter keeps none', () => {
    expect(kept(filterDetections(candidates, { ...base, classFilter: new Set([1]) }))).toEqual([2]);
    expect(filterDetections(candidates, { ...base, classFilter: new Set() })).toEqual([]);
  });

  it('caps the result at maxDetections, best first', () => {
    expect(kept(filterDetections(candidates, { ...base, maxDetections: 2 }))).toEqual([1, 2]);
  });

  it('skips NMS for NMS-free (YOLOv10) output but still thresholds, filters and caps', () => {
    const options = { ...base, nmsFree: true };
    expect(kept(filterDetections(candidates, options))).toEqual([1, 0, 2, 3]);
    expect(kept(filterDetections(candidates, { ...options, scoreThreshold: 0.4 }))).toEqual([1, 0]);
    expect(
      kept(filterDetections(candidates, { ...options, classFilter: new Set([0]), maxDetections: 2 })),
    ).toEqual([1, 0]);
  });

  it('returns nothing for no candidates', () => {
    expect(filterDetections([], base)).toEqual([]);
  });
});

describe('from raw output to source-image boxes', () => {
  it('decodes, filters and maps a YOLOv8 box back onto a 200×100 photo', () => {
    const image = { width: 200, height: 100, data: new Uint8ClampedArray(200 * 100 * 4) };
    const { transform } = letterbox(image, { width: 416, height: 416 });
    // One 2-class box at input (20.8, 124.8)–(41.6, 145.6), i.e. source (10, 10)–(20, 20), and one that
    // reaches past the right edge of the image.
    // prettier-ignore
    const data = Float32Array.from([
      31.2, 410,   // cx
      135.2, 208,  // cy
      20.8, 20.8,  // w
      20.8, 20.8,  // h
      0.1, 0.6,    // class 0
      0.8, 0.2,    // class 1
    ]);
    const layout = detectLayout([{ name: 'output0', dims: [1, 6, 2] }], 2);
    const decoded = decodeCandidates({ dims: [1, 6, 2], data }, layout, { minScore: 0.01 });
    const shown = toSourceDetections(
      filterDetections(decoded, { scoreThreshold: 0.25, iouThreshold: 0.7, maxDetections: 300 }),
      transform,
    );
    expect(shown.map((d) => [d.classIndex, d.sourceIndex])).toEqual([
      [1, 0],
      [0, 1],
    ]);
    const [first, second] = shown;
    expect(first?.box.x1).toBeCloseTo(10, 4);
    expect(first?.box.y1).toBeCloseTo(10, 4);
    expect(first?.box.x2).toBeCloseTo(20, 4);
    expect(first?.box.y2).toBeCloseTo(20, 4);
    expect(second?.box.x2).toBe(200);
  });
});
