// DPT's keep_aspect_ratio / ensure_multiple_of (transformers' DPTImageProcessor): sizes worked by hand from
// image_processing_dpt.py's get_resize_output_image_size, and checked against that code in Python:
// Depth Anything's 518 with multiples of 14 on landscape, portrait and small images (a half rounds to even,
// as Python's round does), a fit-the-width case, multiples of 32, and DPT-hybrid's plain 384 × 384.
import { describe, expect, it } from 'vitest';
import {
  constrainToMultipleOf,
  dptResizeSize,
  pythonRound,
  readDptResize,
} from '../../../../src/lib/tasks/depth-estimation/dpt-resize.ts';

const depthAnything = { keepAspectRatio: true, multiple: 14 };
const square518 = { width: 518, height: 518 };

describe('DPT resize', () => {
  it('rounds halves to even, as Python does', () => {
    expect([0.5, 1.5, 2.5, 3.5, 18.5, 2.4, 2.6].map(pythonRound)).toEqual([0, 2, 2, 4, 18, 2, 3]);
    // 259 / 14 = 18.5 → 18 → 252 (Math.round would give 266).
    expect(constrainToMultipleOf(259, 14)).toBe(252);
    expect(constrainToMultipleOf(690.6666, 14)).toBe(686);
  });

  it.each([
    // [image w × h, target, resize, expected w × h, how]
    [
      { width: 640, height: 480 },
      square518,
      depthAnything,
      { width: 686, height: 518 },
      'landscape: height fits 518',
    ],
    [
      { width: 480, height: 640 },
      square518,
      depthAnything,
      { width: 518, height: 686 },
      'portrait: width fits 518',
    ],
    [
      { width: 100, height: 50 },
      square518,
      depthAnything,
      { width: 518, height: 252 },
      'small: 259 → 252 (half to even)',
    ],
    [
      { width: 400, height: 300 },
      { width: 392, height: 392 },
      depthAnything,
      { width: 392, height: 294 },
      'the width’s factor is nearer 1',
    ],
    [
      { width: 500, height: 375 },
      { width: 384, height: 384 },
      { keepAspectRatio: true, multiple: 32 },
      { width: 512, height: 384 },
      'multiples of 32',
    ],
    [
      { width: 500, height: 375 },
      { width: 384, height: 384 },
      { keepAspectRatio: false, multiple: 1 },
      { width: 384, height: 384 },
      'DPT-hybrid: exact',
    ],
  ])('%o to %o with %o → %o (%s)', (image, target, resize, expected) => {
    expect(dptResizeSize(image, target, resize)).toEqual(expected);
  });

  it('caps the longest side at twice the config’s, where Python would make a 518 × 34,538 input', () => {
    // 300 × 20,000: the width's factor 1.727 is nearer 1, so Python gives 518 × 34,538. Capped at 1,036:
    // the height is 1,036 (74 × 14), the width 15.5 → 14, never 0.
    expect(dptResizeSize({ width: 300, height: 20_000 }, square518, depthAnything)).toEqual({
      width: 14,
      height: 1036,
    });
    // A max_val as Python's constrain_to_multiple_of takes it: over the cap rounds down instead.
    expect(constrainToMultipleOf(1046, 14, 1036)).toBe(1036);
  });

  it('reads keep_aspect_ratio and ensure_multiple_of; nothing to do is null; a bad multiple is a sentence', () => {
    const notes: string[] = [];
    expect(readDptResize({ keep_aspect_ratio: true, ensure_multiple_of: 14 }, notes)).toEqual(depthAnything);
    expect(readDptResize({ keep_aspect_ratio: false, ensure_multiple_of: 1 }, notes)).toBeNull();
    expect(readDptResize(null, notes)).toBeNull();
    expect(notes).toEqual([]);
    expect(readDptResize({ keep_aspect_ratio: true, ensure_multiple_of: 1e9 }, notes)).toEqual({
      keepAspectRatio: true,
      multiple: 1,
    });
    expect(notes[0]).toContain('ensure_multiple_of 1000000000 is not a whole number from 1 to 64');
  });
});
