// What a lesson step does in the segmentation and depth views (the embedded shapes segmenter and depth
// model, or the model open there), and their try-it checks: the classes the legend lists for the image on
// screen, and a depth map of the participant's own image.
import type { CatalogEntry } from '../../lib/catalog/model-catalog.ts';
import type { DenseCheck } from '../../lib/lessons/dense-fields.ts';
import type { LessonStep } from '../../lib/lessons/lesson-format.ts';
import type { DepthPlayground, SegmentationPlayground } from '../dense/dense-image-playground.svelte.ts';

export interface DenseLessonViews {
  segment?: SegmentationPlayground | null;
  depth?: DepthPlayground | null;
}

/** The longest a step waits for a model to load. */
const SETTLE_MS = 180_000;

export async function applyDense(
  view: 'segment' | 'depth',
  step: LessonStep,
  views: DenseLessonViews,
  entry: CatalogEntry | undefined,
): Promise<void> {
  const playground = view === 'segment' ? views.segment : views.depth;
  if (!playground) return;
  if (entry) await playground.selectModel(entry.id);
  if (step.backend) await playground.selectBackend(step.backend);
  if (!playground.model) return;
  if (playground.slot.status.kind === 'idle') await playground.slot.load();
  for (let waited = 0; waited < SETTLE_MS; waited += 50) {
    const kind = playground.slot.status.kind;
    if (kind === 'ready' || kind === 'failed') break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (step.sample !== null && step.sample !== playground.sample) await playground.openSample(step.sample);
  else if (playground.runStatus.kind === 'none') await playground.showFirstSample();
}

/** Whether these views show what a try-it step asks for (reads reactive state: use it in a $derived). */
export function denseCheckPassed(check: DenseCheck, views: DenseLessonViews): boolean {
  if (check.kind === 'segments-include') {
    const legend = views.segment?.run?.legend ?? [];
    return legend.some((entry) => entry.label.toLowerCase() === check.label);
  }
  const depth = views.depth;
  // Own image: a file, a paste or a webcam frame; a sample is the lesson's.
  return !!depth?.run && depth.sample === null;
}
