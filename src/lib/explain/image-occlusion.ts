// Occlusion maps for a detection (pure): the grid of patches slid over the letterboxed model input, the
// input with one patch painted grey, and how much hiding each patch lowers the score of the box that best
// matches the selected one. The caller runs the model; this owns the geometry and the arithmetic.
import { iou, type Box } from '../tasks/object-detection/boxes.ts';
import type { Size } from '../tasks/object-detection/letterbox.ts';

/** One patch of the grid, in model input pixels. */
export interface OcclusionPatch {
  row: number;
  column: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The grey the patches are painted with: the letterbox padding's 114 / 255, which the model saw as "nothing". */
export const OCCLUSION_GREY = 114 / 255;
/** A box counts as the selected one when it overlaps it this much (and has its class). */
export const MATCH_IOU = 0.5;

/**
 * grid × grid patches that tile the input without gaps (edge patches take the remainder), in row-major
 * order: patch i is row floor(i / grid), column i % grid.
 */
export function occlusionPatches(input: Size, grid: number): OcclusionPatch[] {
  if (!Number.isInteger(grid) || grid < 1 || grid > Math.min(input.width, input.height)) {
    throw new RangeError(`grid must be an integer from 1 to the input size, got ${grid}`);
  }
  const edges = (length: number): number[] =>
    Array.from({ length: grid + 1 }, (_, i) => Math.round((i * length) / grid));
  const xs = edges(input.width);
  const ys = edges(input.height);
  const patches: OcclusionPatch[] = [];
  for (let row = 0; row < grid; row++) {
    for (let column = 0; column < grid; column++) {
      const x = xs[column] ?? 0;
      const y = ys[row] ?? 0;
      patches.push({ row, column, x, y, width: (xs[column + 1] ?? 0) - x, height: (ys[row + 1] ?? 0) - y });
    }
  }
  return patches;
}

/**
 * Writes the CHW input tensor with patch painted grey into target at offset (one image of a batch).
 * tensor: [3, height, width] values; target must hold offset + tensor.length values.
 */
export function writeOccluded(
  tensor: Float32Array,
  input: Size,
  patch: OcclusionPatch,
  target: Float32Array,
  offset = 0,
  grey = OCCLUSION_GREY,
): void {
  target.set(tensor, offset);
  const plane = input.width * input.height;
  for (let channel = 0; channel < 3; channel++) {
    for (let y = patch.y; y < patch.y + patch.height; y++) {
      const start = offset + channel * plane + y * input.width + patch.x;
      target.fill(grey, start, start + patch.width);
    }
  }
}

export interface ScoredBox {
  box: Box;
  score: number;
  classIndex: number;
}

/**
 * The score of the box that stands for the selected one after occlusion: the highest-scoring candidate of
 * the same class overlapping it by at least MATCH_IOU; 0 when none does (the detection disappeared).
 */
export function matchedScore(
  candidates: readonly ScoredBox[],
  selected: ScoredBox,
  minIou = MATCH_IOU,
): number {
  let best = 0;
  for (const candidate of candidates) {
    if (candidate.classIndex !== selected.classIndex || candidate.score <= best) continue;
    if (iou(candidate.box, selected.box) >= minIou) best = candidate.score;
  }
  return best;
}

/** Per patch: baseline − score with that patch hidden. Positive: the patch helped the detection. */
export function scoreDrops(baseline: number, occludedScores: readonly number[]): number[] {
  return occludedScores.map((score) => baseline - score);
}

/** The patches ranked by drop, largest first (ties in grid order). */
export function rankPatches(drops: readonly number[]): number[] {
  return drops
    .map((drop, index) => ({ drop, index }))
    .sort((a, b) => b.drop - a.drop || a.index - b.index)
    .map(({ index }) => index);
}
