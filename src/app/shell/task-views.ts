// What the page asks of each task's view, in one table keyed by TaskView (it does not compile until a new
// view has its entry): start the view the first time it is shown (its default model, its first input),
// open a model the user brought, and say what of its state a share link carries. The page
// (page.svelte.ts) reads this table instead of comparing view names.
import type { TaskView } from '../../lib/tasks/registry.ts';
import { normalizeGenerationSettings } from '../../lib/tasks/text-generation/generation-settings.ts';
import type { Controllers } from './page-controllers.ts';
import type { ViewState } from './page-link.ts';
import type { ShownModel } from '../workbench/shown-model.ts';
import { depthOcclusionLink, segmentOcclusionLink } from '../dense/dense-occlusion-link.ts';

/** What of a view's state its link carries; what it leaves out stays null. */
export type ViewLink = Partial<Omit<ViewState, 'view'>>;

export interface TaskViewHooks {
  /** The first time the view is shown: its default model loads (and its first input runs), if it has one. */
  start(): void;
  /** Opens a model of this view's task that the user brought (from the Models view or a link). */
  open(model: ShownModel): Promise<void>;
  /** The view's state as its share link carries it (read inside the page's derived link: reactive). */
  link(): ViewLink;
}

export function taskViews(c: Controllers): Record<TaskView, TaskViewHooks> {
  const nothing = (): void => {};
  return {
    text: {
      start: () => void c.text?.loadAndRun(),
      open: async (model) => {
        await c.text?.open(model);
      },
      link: () => ({
        model: c.text?.model ?? null,
        backend: c.text?.slot.backend ?? null,
        text: c.text?.text ?? null,
        pair: c.explainer?.sharedPair ?? null,
        ladder: c.ladder?.linkSettings ?? null,
      }),
    },
    'fill-mask': {
      start: () => void c.fillMask?.loadAndRun(),
      open: async (model) => {
        await c.fillMask?.open(model);
      },
      link: () => ({
        model: c.fillMask?.model ?? null,
        backend: c.fillMask?.slot.backend ?? null,
        text: c.fillMask?.text ?? null,
      }),
    },
    entities: {
      start: nothing,
      open: (model) => c.entities.open(model),
      link: () => ({ model: c.entities.model, backend: c.entities.slot.backend, text: c.entities.text }),
    },
    answer: {
      start: nothing,
      open: (model) => c.answer.open(model),
      // The link's text is the context the question is asked of.
      link: () => ({
        model: c.answer.model,
        backend: c.answer.slot.backend,
        text: c.answer.context,
        question: c.answer.question,
      }),
    },
    'zero-shot': {
      start: nothing,
      open: (model) => c.zeroShot.open(model),
      link: () => ({
        model: c.zeroShot.model,
        backend: c.zeroShot.slot.backend,
        text: c.zeroShot.text,
        zeroShot: c.zeroShot.settings,
      }),
    },
    embeddings: {
      start: () => void c.embeddings.loadAndRun(),
      open: (model) => c.embeddings.open(model),
      link: () => ({
        model: c.embeddings.model,
        backend: c.embeddings.slot.backend,
        text: c.embeddings.text,
      }),
    },
    generate: {
      start: () => void c.generation.start(c.generationModels[0] ?? null),
      open: (model) => c.generation.open(model),
      // A generation model is named as the link shares it (an embedded id or a hub repo).
      link: () => ({
        shared: c.generation.model?.shared ?? null,
        backend: c.generation.backend,
        text: c.generation.prompt,
        generation: normalizeGenerationSettings(c.generation.settings),
      }),
    },
    detection: {
      start: () => void c.detection.loadAndShowSample(),
      open: (model) => c.detection.open(model),
      link: () => ({
        model: c.detection.model ?? null,
        backend: c.detection.slot.backend,
        sample: c.detection.sample,
      }),
    },
    classify: {
      start: () => void c.classify.loadAndShowSample(),
      open: (model) => c.classify.open(model),
      link: () => ({
        model: c.classify.model ?? null,
        backend: c.classify.slot.backend,
        sample: c.classify.sample,
        // The default (last layer) is left out, so a plain link stays short.
        attention: c.classExplainer.attention.mode === 'rollout' ? 'rollout' : null,
      }),
    },
    segment: {
      start: () => void c.segment.loadAndShowSample(),
      open: (model) => c.segment.open(model),
      link: () => ({
        model: c.segment.model ?? null,
        backend: c.segment.slot.backend,
        sample: c.segment.sample,
        occlusion: segmentOcclusionLink(c.segment),
      }),
    },
    depth: {
      start: () => void c.depth.loadAndShowSample(),
      open: (model) => c.depth.open(model),
      link: () => ({
        model: c.depth.model ?? null,
        backend: c.depth.slot.backend,
        sample: c.depth.sample,
        occlusion: depthOcclusionLink(c.depth),
      }),
    },
    tensors: {
      start: nothing,
      open: (model) => c.tensors.open(model),
      link: () => ({ model: c.tensors.model, backend: c.tensors.slot.backend }),
    },
  };
}
