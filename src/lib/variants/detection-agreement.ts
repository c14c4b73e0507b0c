// Task-level agreement of a detector's variant with the reference: the same boxes at IoU ≥ 0.5. Per image,
// the reference's boxes are visited by score (highest first) and each takes the unmatched variant box of
// the same class that overlaps it most, if that overlap is at least the threshold (greedy, as COCO's
// matching). Agreement is the share of boxes that found a partner, over both sides: 2 × matched ÷
// (reference boxes + variant boxes), in percent — a missed box and an extra box each cost one. Images where
// neither side has a box agree; with no image at all there is nothing to compare (null).
import { iou } from '../tasks/object-detection/boxes.ts';
import { sortByScore, type Detection } from '../tasks/object-detection/nms.ts';

/** The IoU at which two boxes of the same class count as the same box (inclusive). */
export const SAME_BOX_IOU = 0.5;

export interface BoxMatch {
  matched: number;
  /** Boxes of the reference no variant box matched (missed), and variant boxes left over (extra). */
  referenceOnly: number;
  variantOnly: number;
}

/** Greedy matching of one image's boxes: reference by score, each to its best unmatched same-class box. */
export function matchBoxes(
  reference: readonly Detection[],
  variant: readonly Detection[],
  threshold = SAME_BOX_IOU,
): BoxMatch {
  const taken = new Set<number>();
  let matched = 0;
  for (const box of sortByScore(reference)) {
    let best = -1;
    let bestIou = threshold;
    variant.forEach((candidate, i) => {
      if (taken.has(i) || candidate.classIndex !== box.classIndex) return;
      const overlap = iou(box.box, candidate.box);
      if (overlap >= bestIou && (best === -1 || overlap > bestIou)) {
        best = i;
        bestIou = overlap;
      }
    });
    if (best !== -1) {
      taken.add(best);
      matched++;
    }
  }
  return { matched, referenceOnly: reference.length - matched, variantOnly: variant.length - matched };
}

/** Percent of boxes matched over every image (2 × matched ÷ all boxes); 100 when no side has a box. */
export function detectionAgreement(
  reference: readonly (readonly Detection[])[],
  variant: readonly (readonly Detection[])[],
  threshold = SAME_BOX_IOU,
): number | null {
  const count = Math.min(reference.length, variant.length);
  if (count === 0) return null;
  let matched = 0;
  let boxes = 0;
  for (let i = 0; i < count; i++) {
    const a = reference[i] ?? [];
    const b = variant[i] ?? [];
    matched += matchBoxes(a, b, threshold).matched;
    boxes += a.length + b.length;
  }
  return boxes === 0 ? 100 : (200 * matched) / boxes;
}
