// Task-level agreement between a variant and the reference on the view's examples: the share of examples
// whose top label is the same (text), or of boxes that are the same at IoU ≥ 0.5 (detection), in percent.
import type { Detection } from '../tasks/object-detection/nms.ts';
import { detectionAgreement } from './detection-agreement.ts';

/** Percent of positions where both have the same label; null when there is nothing to compare. */
export function labelAgreement(reference: readonly string[], variant: readonly string[]): number | null {
  const count = Math.min(reference.length, variant.length);
  if (count === 0) return null;
  let same = 0;
  for (let i = 0; i < count; i++) if (reference[i] === variant[i]) same++;
  return (100 * same) / count;
}

/** A ladder row's answers: labels, and boxes per image when the task is detection. */
interface Answers {
  labels: readonly string[];
  detections: readonly (readonly Detection[])[] | null;
}

/** The agreement the task calls for: boxes when both sides have them, else labels. */
export function answersAgreement(reference: Answers, variant: Answers): number | null {
  if (reference.detections && variant.detections)
    return detectionAgreement(reference.detections, variant.detections);
  return labelAgreement(reference.labels, variant.labels);
}
