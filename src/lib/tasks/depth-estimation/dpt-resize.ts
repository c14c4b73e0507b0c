// DPT's own resize (transformers' DPTImageProcessor, which Depth Anything uses too): with keep_aspect_ratio
// both sides are scaled by the one factor that changes the image least (the side nearer its target sets
// it), and each side is rounded to a multiple of ensure_multiple_of (14 for Depth Anything's ViT patches).
// So a 640 × 480 photo goes in at 686 × 518, not squashed to 518 × 518. Pure; numbers follow
// get_resize_output_image_size and constrain_to_multiple_of in image_processing_dpt.py, but for a cap on
// the longest side (dptMaxSide) that Python lacks.
import type { Size } from '../object-detection/letterbox.ts';

export interface DptResize {
  keepAspectRatio: boolean;
  /** Each side a multiple of this (1: any size). */
  multiple: number;
}

/** Larger multiples are no image processor's: a typo or a hostile file. */
const MAX_MULTIPLE = 64;

/** Python's round(): halves go to the even neighbour (round(2.5) is 2, round(3.5) is 4). */
export function pythonRound(value: number): number {
  const floor = Math.floor(value);
  const diff = value - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** constrain_to_multiple_of(val, multiple, min_val=0, max_val), kept ≥ one multiple (never 0 px). */
export function constrainToMultipleOf(value: number, multiple: number, max = Infinity): number {
  let x = pythonRound(value / multiple) * multiple;
  if (x > max) x = Math.floor(value / multiple) * multiple;
  if (x < 0) x = Math.ceil(value / multiple) * multiple;
  return Math.max(multiple, x);
}

/**
 * The longest side an image goes in at: twice the config's. Python has no limit, and a very narrow image
 * (300 × 20,000) would go in at 518 × 34,538 there, more than a ViT's attention fits in a browser.
 */
export function dptMaxSide(target: Size): number {
  return 2 * Math.max(target.width, target.height);
}

/** The input size DPTImageProcessor.resize gives an image of this size (target: the config's size). */
export function dptResizeSize(image: Size, target: Size, resize: DptResize): Size {
  let scaleHeight = target.height / image.height;
  let scaleWidth = target.width / image.width;
  if (resize.keepAspectRatio) {
    // "Scale as little as possible": the factor nearer 1 serves both sides.
    if (Math.abs(1 - scaleWidth) < Math.abs(1 - scaleHeight)) scaleHeight = scaleWidth;
    else scaleWidth = scaleHeight;
  }
  const max = dptMaxSide(target);
  const longest = Math.max(scaleHeight * image.height, scaleWidth * image.width);
  if (longest > max) {
    scaleHeight *= max / longest;
    scaleWidth *= max / longest;
  }
  return {
    height: constrainToMultipleOf(scaleHeight * image.height, resize.multiple, max),
    width: constrainToMultipleOf(scaleWidth * image.width, resize.multiple, max),
  };
}

/**
 * keep_aspect_ratio and ensure_multiple_of from preprocessor_config.json, or null when they change
 * nothing (absent, false and 1); a bad multiple is one sentence in notes and counts as 1.
 */
export function readDptResize(config: Record<string, unknown> | null, notes: string[]): DptResize | null {
  const keepAspectRatio = config?.keep_aspect_ratio === true;
  const written = config?.ensure_multiple_of;
  let multiple = 1;
  if (typeof written === 'number' && Number.isInteger(written) && written >= 1 && written <= MAX_MULTIPLE) {
    multiple = written;
  } else if (written !== undefined && written !== null) {
    notes.push(
      `preprocessor_config.json's ensure_multiple_of ${String(JSON.stringify(written)).slice(0, 40)} is not a whole number from 1 to ${MAX_MULTIPLE}; sides are not rounded to a multiple.`,
    );
  }
  return keepAspectRatio || multiple > 1 ? { keepAspectRatio, multiple } : null;
}
