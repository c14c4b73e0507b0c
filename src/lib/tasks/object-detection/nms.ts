// Greedy non-maximum suppression: of boxes that overlap too much, keep the highest-scoring one.
import { iou, type Box } from './boxes.ts';

/** One detected object. box: xyxy pixels (model input or source, as the caller says); score in 0..1. */
export interface Detection {
  box: Box;
  score: number;
  classIndex: number;
}

export interface NmsOptions {
  /** Only boxes of the same class suppress each other (default true, Ultralytics' agnostic=False). */
  classAware?: boolean;
  /** Stop after keeping this many (default: no limit). */
  maxDetections?: number;
}

/**
 * Standard greedy NMS, as torchvision.ops.nms: visit detections by score, highest first; keep one unless a
 * kept detection (of the same class, when class-aware) overlaps it with IoU strictly greater than
 * iouThreshold. So threshold 0.5 keeps a box overlapping a kept one by exactly 0.5, and threshold 1 keeps
 * everything, even duplicates. Equal scores are visited in input order, so the result is deterministic.
 * Detections with a NaN score are dropped. Returns the kept detections (same objects), by score descending.
 * Cost O(n × kept); pass maxDetections to bound it when n is large.
 */
export function nonMaxSuppression<T extends Detection>(
  detections: readonly T[],
  iouThreshold: number,
  options: NmsOptions = {},
): T[] {
  const classAware = options.classAware ?? true;
  const maxDetections = options.maxDetections ?? Infinity;
  const kept: T[] = [];
  if (maxDetections <= 0) return kept;
  for (const candidate of sortByScore(detections)) {
    const suppressed = kept.some(
      (keeper) =>
        (!classAware || keeper.classIndex === candidate.classIndex) &&
        iou(keeper.box, candidate.box) > iouThreshold,
    );
    if (suppressed) continue;
    kept.push(candidate);
    if (kept.length >= maxDetections) break;
  }
  return kept;
}

/** Score descending, ties by input position; NaN scores dropped (they would make the order undefined). */
export function sortByScore<T extends Detection>(detections: readonly T[]): T[] {
  return detections
    .map((detection, position) => ({ detection, position }))
    .filter(({ detection }) => !Number.isNaN(detection.score))
    .sort((a, b) => b.detection.score - a.detection.score || a.position - b.position)
    .map(({ detection }) => detection);
}
