// What a lesson step does in the segmentation and depth views (the embedded shapes segmenter and depth
// model, or the model open there), and their try-it checks: the classes the legend lists for the image on
// screen, and a depth map of the participant's own image. A step's action: occlude makes the view's occlusion
// map (of the class: it names, or the region: it names) with patches: per side.
import type { CatalogEntry } from '../../lib/catalog/model-catalog.ts';
import type { DenseCheck } from '../../lib/lessons/dense-fields.ts';
import type { LessonStep } from '../../lib/lessons/lesson-format.ts';
import { resolveSegmentClass } from '../../lib/explain/dense-occlusion-settings.ts';
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
  if (step.patches !== null) playground.occlusion.grid = step.patches;
  const { occludeClass, region } = step.dense;
  if (occludeClass && view === 'segment' && views.segment) {
    const index = resolveSegmentClass(occludeClass, playground.slot.loaded?.info.labels ?? []);
    if (index !== null) views.segment.occlusion.choose(index);
  }
  if (region && view === 'depth' && views.depth) views.depth.occlusion.setRegion(region);
  if (step.action !== 'occlude') return;
  // The view's own first run (started when the tab opened) may still be under way: the map explains its image.
  for (let waited = 0; waited < SETTLE_MS && playground.runStatus.kind === 'running'; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (playground.run) await playground.occlusion.run();
}

/** Whether either view shows its occlusion map of the image on screen (the "occlusion map shown" check). */
export function denseOcclusionShown(views: DenseLessonViews): boolean {
  return !!views.segment?.occlusion.map || !!views.depth?.occlusion.map;
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
