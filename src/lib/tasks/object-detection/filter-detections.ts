// Decoded candidates → the detections the UI draws: score threshold, class filter, NMS, cap, and the
// mapping from model input pixels back to the source image. Cheap enough to rerun on every slider move.
import type { LetterboxTransform } from './letterbox.ts';
import { toClippedSourceBox } from './letterbox.ts';
import { nonMaxSuppression, sortByScore, type Detection } from './nms.ts';

export interface FilterOptions {
  /** Keep scores ≥ this (inclusive; Ultralytics' conf uses >, which differs only at exact equality). */
  scoreThreshold: number;
  /** NMS suppresses a box whose IoU with a kept box of its class is > this. */
  iouThreshold: number;
  /** Class indices to keep; undefined keeps every class, an empty set keeps none. */
  classFilter?: ReadonlySet<number>;
  /** Keep at most this many, the highest-scoring (Ultralytics' max_det is 300). */
  maxDetections: number;
  /** Boxes of different classes suppress each other too when false (default true). */
  classAware?: boolean;
  /** The layout's nmsFree: the model already suppressed duplicates, so NMS is skipped. */
  nmsFree?: boolean;
}

/**
 * Threshold, class filter, then NMS (skipped when nmsFree), at most maxDetections, by score descending.
 * The class filter applies to each box's best class, as Ultralytics' classes= does: a box whose best class
 * is filtered out is dropped, not relabelled. Candidates below the minScore they were decoded with are
 * already gone, so scoreThreshold below it shows no more boxes. Boxes stay in the pixels they came in.
 */
export function filterDetections<T extends Detection>(candidates: readonly T[], options: FilterOptions): T[] {
  const { scoreThreshold, classFilter, maxDetections } = options;
  const passing = candidates.filter(
    (candidate) =>
      candidate.score >= scoreThreshold &&
      (classFilter === undefined || classFilter.has(candidate.classIndex)),
  );
  if (options.nmsFree === true) return sortByScore(passing).slice(0, Math.max(0, maxDetections));
  return nonMaxSuppression(passing, options.iouThreshold, {
    classAware: options.classAware ?? true,
    maxDetections,
  });
}

/** Detections in model input pixels → source-image pixels, clipped to the image (other fields kept). */
export function toSourceDetections<T extends Detection>(
  detections: readonly T[],
  transform: LetterboxTransform,
): T[] {
  return detections.map((detection) => ({ ...detection, box: toClippedSourceBox(detection.box, transform) }));
}
