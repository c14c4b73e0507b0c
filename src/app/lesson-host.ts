// What a lesson step does to the page: set the view, model, backend, text, sample and sliders, run what the
// step asks for, and evaluate a try-it step's check against the controllers' state.
import { catalogEntry } from '../lib/catalog/model-catalog.ts';
import type { LessonCheck, LessonStep } from '../lib/lessons/lesson-format.ts';
import type { ShareView } from '../lib/sources/share-state.ts';
import type { DetectionExplainer } from './detection-explainer.svelte.ts';
import type { DetectionPlayground } from './detection-playground.svelte.ts';
import type { ModelSlot } from './model-slot.svelte.ts';
import { shownCatalogModel } from './shown-model.ts';
import type { TextExplainer } from './text-explainer.svelte.ts';
import type { TextPlayground } from './text-playground.svelte.ts';

export interface LessonViews {
  show: (view: ShareView) => void;
  text: TextPlayground | null;
  explainer: TextExplainer | null;
  detection: DetectionPlayground;
  occlusion: DetectionExplainer;
}

/** Waits until a view's model has loaded (or failed), so a step's run finds it ready. */
async function settled(slot: ModelSlot<{ backend: 'wasm' | 'webgpu' }>): Promise<void> {
  if (slot.status.kind === 'idle') await slot.load();
  for (let waited = 0; waited < 180_000; waited += 50) {
    if (slot.status.kind === 'ready' || slot.status.kind === 'failed') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function applyStep(step: LessonStep, views: LessonViews): Promise<void> {
  const { text, explainer, detection } = views;
  const entry = step.model ? catalogEntry(step.model) : undefined;
  const view = step.view ?? (entry?.task === 'object-detection' ? 'detection' : entry ? 'text' : null);
  if (view) views.show(view);
  if (view === 'text' && text) {
    if (entry && text.model.location.key !== shownCatalogModel(entry).location.key) {
      await text.open(shownCatalogModel(entry));
    }
    if (step.backend) await text.slot.selectBackend(step.backend);
    await settled(text.slot);
    if (step.text !== null) text.text = step.text;
    if (step.action) await text.run();
    if (step.action === 'explain') await explainer?.explain();
    if (step.pair !== null) await explainer?.compare(step.pair);
  }
  if (view === 'detection') {
    if (entry) await detection.selectModel(entry.id);
    if (step.backend) await detection.selectBackend(step.backend);
    await settled(detection.slot);
    if (step.sample !== null && step.sample !== detection.sample) await detection.openSample(step.sample);
    if (step.scoreThreshold !== null) detection.scoreThreshold = step.scoreThreshold;
    if (step.iouThreshold !== null) detection.iouThreshold = step.iouThreshold;
  }
}

/** Whether the page shows what a try-it step asks for (reads reactive state: use it in a $derived). */
export function checkPassed(check: LessonCheck, views: LessonViews): boolean {
  const { text, explainer, detection, occlusion } = views;
  switch (check.kind) {
    case 'prediction': {
      const line = text?.runStatus.kind === 'done' ? text.runStatus.run.lines[0] : undefined;
      return line?.label.toLowerCase() === check.label;
    }
    case 'pair-flips': {
      const original = explainer?.current(explainer.original);
      const variant = explainer?.current(explainer.variant);
      return !!original && !!variant && original.predicted !== variant.predicted;
    }
    case 'attributions-shown':
      return !!explainer?.current(explainer.original);
    case 'occlusion-shown':
      return occlusion.map !== null;
    case 'score-threshold-at-most':
      return detection.scoreThreshold <= check.value + 1e-9;
    case 'iou-threshold-at-least':
      return detection.iouThreshold >= check.value - 1e-9;
    case 'detections-at-least':
      return detection.detections.length >= check.count;
  }
}
