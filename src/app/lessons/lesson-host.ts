// What a lesson step does to the page: set the view, model, backend, text, sample and sliders, run what the
// step asks for (classify, explain, an occlusion map, the benchmark or the sweep), open the attention panel
// or the feature maps, look inside the run in the inspector, and evaluate a try-it step's check against the
// controllers' state. The Generate text view's part is in lesson-generate.ts.
import { threadChoices } from '../../lib/bench/plan.ts';
import { catalogEntry } from '../../lib/catalog/model-catalog.ts';
import type { LessonFocus } from '../../lib/lessons/focus-field.ts';
import type { LessonCheck, LessonStep } from '../../lib/lessons/lesson-format.ts';
import type { LessonConfig } from '../../lib/lessons/step-fields.ts';
import type { ShareView } from '../../lib/sources/share-state.ts';
import { viewOfTask } from '../../lib/tasks/registry.ts';
import type { BenchLab } from '../bench/bench-lab.svelte.ts';
import type { BoxFeatureMaps } from '../detection/box-feature-maps.svelte.ts';
import type { DetectionExplainer } from '../detection/detection-explainer.svelte.ts';
import type { DetectionPlayground } from '../detection/detection-playground.svelte.ts';
import type { ImageClassExplainer } from '../image-classification/image-class-explainer.svelte.ts';
import type { ImageClassificationPlayground } from '../image-classification/image-classification-playground.svelte.ts';
import type { GenerationPlayground } from '../generate/generation-playground.svelte.ts';
import { applyGenerate, generationCheckPassed } from './lesson-generate.ts';
import { applyLadder, isLadderCheck, ladderCheckPassed } from './lesson-ladder.ts';
import { applyDense, denseOcclusionShown } from './lesson-dense.ts';
import type { PrecisionLadder } from '../ladder/precision-ladder.svelte.ts';
import type { FillMaskExplainer } from '../fill-mask/fill-mask-explainer.svelte.ts';
import type { FillMaskPlayground } from '../fill-mask/fill-mask-playground.svelte.ts';
import type { ModelSlot } from '../workbench/model-slot.svelte.ts';
import type { RunCapture } from '../inspector/run-capture.svelte.ts';
import { shownCatalogModel } from '../workbench/shown-model.ts';
import type { TextAttention } from '../text/text-attention.svelte.ts';
import type { TextExplainer } from '../text/text-explainer.svelte.ts';
import type { TextPlayground } from '../text/text-playground.svelte.ts';
import {
  applyTextTask,
  isTextTaskView,
  textTaskAttentions,
  textTaskAttributionShown,
  textTaskCheckPassed,
  type TextTaskLessonViews,
} from './lesson-text-tasks.ts';

export interface LessonViews extends TextTaskLessonViews {
  show: (view: ShareView) => void;
  text: TextPlayground | null;
  explainer: TextExplainer | null;
  attention: TextAttention | null;
  detection: DetectionPlayground;
  occlusion: DetectionExplainer;
  featureMaps: BoxFeatureMaps;
  classify: ImageClassificationPlayground;
  classExplainer: ImageClassExplainer;
  bench: BenchLab;
  runCapture: RunCapture;
  generation: GenerationPlayground;
  fillMask?: FillMaskPlayground | null;
  fillMaskExplainer?: FillMaskExplainer | null;
  fillMaskAttention?: TextAttention | null;
  /** The text view's precision ladder. */
  ladder?: PrecisionLadder | null;
  /** Selects a node of the inspector's graph by name, opening what hides it (a step's focus: node). */
  revealNode?: (name: string) => Promise<boolean>;
}

/** The longest a step waits for a model to load or the lab to read its environment. */
const SETTLE_MS = 180_000;

async function until(done: () => boolean): Promise<void> {
  for (let waited = 0; waited < SETTLE_MS && !done(); waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until a view's model has loaded (or failed), so a step's run finds it ready. */
async function settled(slot: ModelSlot<{ backend: 'wasm' | 'webgpu' }>): Promise<void> {
  if (slot.status.kind === 'idle') await slot.load();
  await until(() => slot.status.kind === 'ready' || slot.status.kind === 'failed');
}

/** A lesson's configurations as the lab's keys on this device: wasm-N becomes the most threads ≤ N here. */
export function configKeysHere(configs: readonly LessonConfig[], cores: number): string[] {
  const choices = threadChoices(cores);
  const keys = configs.map((config) => {
    if (config.backend === 'webgpu') return 'webgpu';
    const threads = choices.filter((choice) => choice <= config.threads).at(-1) ?? 1;
    return `wasm-${threads}`;
  });
  return [...new Set(keys)];
}

export async function applyStep(step: LessonStep, views: LessonViews): Promise<void> {
  const entry = step.model ? catalogEntry(step.model) : undefined;
  const view = step.view ?? (entry ? viewOfTask(entry.task) : null);
  // "Look inside" a run in the inspector: the run is made in its own view first, then the inspector opens.
  const inspecting = view === 'inspect' && step.overlay !== null;
  const runView = inspecting ? (entry ? viewOfTask(entry.task) : 'text') : view;
  if (view && !inspecting) views.show(view);
  if (runView === 'text') await applyText(step, views, entry, inspecting);
  if (runView === 'text' && !inspecting) await applyLadder(step.ladder, views.ladder);
  if (runView === 'detection') await applyDetection(step, views, entry);
  if (runView === 'classify') await applyClassify(step, views, entry);
  if (runView === 'fill-mask') await applyFillMask(step, views, entry, inspecting);
  if (isTextTaskView(runView)) await applyTextTask(runView, step, views, entry);
  if (runView === 'segment' || runView === 'depth') await applyDense(runView, step, views, entry);
  if (view === 'bench') await applyBench(step, views);
  if (view === 'generate') {
    await applyGenerate({ ...step, model: entry ? shownCatalogModel(entry) : null }, views.generation);
  }
  if (inspecting && step.overlay) {
    const target =
      runView === 'text'
        ? views.text?.runTarget
        : runView === 'classify'
          ? views.classify.runTarget
          : runView === 'fill-mask'
            ? views.fillMask?.runTarget
            : views.detection.runTarget;
    const { runCapture } = views;
    if (await runCapture.lookInside(target ?? null, { metric: step.overlay })) {
      if (step.overlay === 'time') await runCapture.profileNodes();
      if (step.overlay === 'divergence') await runCapture.compareBackends();
    }
  }
  if (step.focus?.kind === 'node') await views.revealNode?.(step.focus.name);
}

async function applyText(
  step: LessonStep,
  views: LessonViews,
  entry: ReturnType<typeof catalogEntry>,
  inspecting: boolean,
): Promise<void> {
  const { text, explainer, attention } = views;
  if (!text) return;
  if (entry && text.model.location.key !== shownCatalogModel(entry).location.key) {
    await text.open(shownCatalogModel(entry));
  }
  if (step.backend) await text.slot.selectBackend(step.backend);
  await settled(text.slot);
  if (step.text !== null) text.text = step.text;
  if (step.action || (inspecting && (step.text !== null || text.runStatus.kind !== 'done'))) await text.run();
  // A run asked for while another was under way is queued behind it: the step's state is its result.
  await text.settled();
  if (step.action === 'explain') await explainer?.explain();
  if (step.pair !== null) await explainer?.compare(step.pair);
  if (step.attention) await attention?.show(step.attention);
}

async function applyFillMask(
  step: LessonStep,
  views: LessonViews,
  entry: ReturnType<typeof catalogEntry>,
  inspecting: boolean,
): Promise<void> {
  const { fillMask, fillMaskExplainer, fillMaskAttention } = views;
  if (!fillMask) return;
  if (entry && fillMask.model.location.key !== shownCatalogModel(entry).location.key) {
    await fillMask.open(shownCatalogModel(entry));
  }
  if (step.backend) await fillMask.slot.selectBackend(step.backend);
  await settled(fillMask.slot);
  if (step.text !== null) fillMask.text = step.text;
  if (step.action || (inspecting && !fillMask.lastRunMatchesText())) await fillMask.run();
  if (step.action === 'explain') await fillMaskExplainer?.explain(0);
  if (step.attention) await fillMaskAttention?.show(step.attention);
}

async function applyDetection(
  step: LessonStep,
  views: LessonViews,
  entry: ReturnType<typeof catalogEntry>,
): Promise<void> {
  const { detection, occlusion, featureMaps } = views;
  if (entry) await detection.selectModel(entry.id);
  if (step.backend) await detection.selectBackend(step.backend);
  await settled(detection.slot);
  if (step.sample !== null && step.sample !== detection.sample) await detection.openSample(step.sample);
  if (step.scoreThreshold !== null) detection.scoreThreshold = step.scoreThreshold;
  if (step.iouThreshold !== null) detection.iouThreshold = step.iouThreshold;
  if (step.patches !== null) occlusion.grid = step.patches;
  if (step.action === 'occlude') {
    await until(() => detection.runStatus.kind !== 'running');
    occlusion.selected = 0;
    await occlusion.run();
  }
  if (step.features !== null) await featureMaps.show(step.features === 'default' ? null : step.features);
}

async function applyClassify(
  step: LessonStep,
  views: LessonViews,
  entry: ReturnType<typeof catalogEntry>,
): Promise<void> {
  const { classify, classExplainer } = views;
  if (entry) await classify.selectModel(entry.id);
  if (step.backend) await classify.selectBackend(step.backend);
  await settled(classify.slot);
  if (step.sample !== null && step.sample !== classify.sample) await classify.openSample(step.sample);
  else if (classify.runStatus.kind === 'none') await classify.showFirstSample();
  if (step.patches !== null) classExplainer.grid = step.patches;
  if (step.action === 'occlude') {
    await until(() => classify.runStatus.kind !== 'running');
    await classExplainer.runOcclusion();
  }
}

async function applyBench(step: LessonStep, views: LessonViews): Promise<void> {
  const { bench } = views;
  // Showing the tab starts the lab; its configurations are known once it has read the environment.
  await bench.start();
  await until(() => bench.environment !== null);
  if (step.model) bench.modelId = step.model;
  if (step.configs) {
    // WebGPU only where the browser has it: the lab's form says why it is missing otherwise.
    const webgpu = bench.environment?.webgpu.available ?? false;
    bench.selected = configKeysHere(step.configs, bench.cores).filter((key) => webgpu || key !== 'webgpu');
  }
  if (step.iterations !== null) {
    bench.stopKind = 'iterations';
    bench.iterations = step.iterations;
  }
  if (step.sweep) bench.sweep.setFamily(step.sweep);
  if (step.sizes) bench.sweep.sizes = step.sizes;
  if (step.action === 'benchmark') await bench.run();
  if (step.action === 'sweep') await bench.sweep.run(bench.plan.backends);
}

/**
 * What a step is about on screen: its focus: field, else in the Generate view the output (the text,
 * candidates, lens and branches, below the prompt and settings) when the step generates or shows one of
 * them, else the prompt and settings, where the participant acts. Null: the view as it is.
 */
export function stepFocus(step: LessonStep): LessonFocus | null {
  if (step.focus) return step.focus;
  const entry = step.model ? catalogEntry(step.model) : undefined;
  const view = step.view ?? (entry ? viewOfTask(entry.task) : null);
  if (view !== 'generate') return null;
  const { token, branch, lens } = step.generate;
  const shows = step.action === 'generate' || token !== null || branch !== null || lens;
  return { kind: 'panel', panel: shows ? 'result' : 'input' };
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
      return (
        !!explainer?.current(explainer.original) ||
        !!views.fillMaskExplainer?.current ||
        textTaskAttributionShown(views)
      );
    case 'occlusion-shown':
      return (
        occlusion.map !== null || views.classExplainer.occlusionMap !== null || denseOcclusionShown(views)
      );
    case 'score-threshold-at-most':
      return detection.scoreThreshold <= check.value + 1e-9;
    case 'iou-threshold-at-least':
      return detection.iouThreshold >= check.value - 1e-9;
    case 'detections-at-least':
      return detection.detections.length >= check.count;
    case 'attention-shown': {
      const shown = (panel: TextAttention | null | undefined) => !!panel?.attention && !panel.stale;
      return [views.attention, views.fillMaskAttention, ...textTaskAttentions(views)].some(shown);
    }
    case 'feature-maps-shown':
      return views.featureMaps.features !== null && views.featureMaps.view?.kind === 'ready';
    case 'benchmark-done':
      return views.bench.result?.backends.some((backend) => backend.samplesMs.length > 0) ?? false;
    case 'node-times-shown':
      return Object.keys(views.runCapture.timings).length > 0;
    case 'sweep-done':
      return views.bench.sweep.result !== null;
    case 'image-class':
      return views.classify.run?.top[0]?.label.toLowerCase() === check.label;
    case 'explained-class': {
      const index = views.classExplainer.classIndex;
      return index !== null && views.classify.labels[index]?.toLowerCase() === check.label;
    }
    case 'cam-shown':
      return views.classExplainer.camMap !== null;
    case 'top-filler': {
      // Of the text on screen: a run of the step's earlier text does not count.
      const fillMask = views.fillMask;
      const top = fillMask?.lastRunMatchesText() ? fillMask.done?.masks[0]?.fillers[0] : undefined;
      return top?.text.toLowerCase() === check.word;
    }
    case 'entities-at-least':
    case 'strategy-is':
    case 'answer-found':
    case 'labels-at-least':
    case 'top-label':
    case 'neighbours-shown':
    case 'segments-include':
    case 'depth-of-own-image':
      return textTaskCheckPassed(check, views);
    default:
      if (isLadderCheck(check)) return ladderCheckPassed(check, views.ladder);
      return generationCheckPassed(check, views.generation);
  }
}
