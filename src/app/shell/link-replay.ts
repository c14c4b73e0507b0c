// Replaying a pasted link once the page is up: the model it names opened in its view, the backend, the
// text or sample run again, a synthetic preset generated, an inspection restored (rerun, look inside, the
// metric and the node), and a lesson opened.
import { readHubUrl } from './hub-settings.ts';
import { shownFromLink } from './page-link.ts';
import type { Controllers } from './page-controllers.ts';
import type { RunTarget } from '../inspector/run-capture.svelte.ts';
import type { ShownModel } from '../workbench/shown-model.ts';
import type { ModelTaskKind } from '../../lib/sources/model-location.ts';
import type { ShareState, ShareView } from '../../lib/sources/share-state.ts';
import { taskOfView, viewOfTask, type TaskView } from '../../lib/tasks/registry.ts';
import { applyTextHeadLink } from '../workbench/text-head-link.ts';
import { applyOcclusionLink } from '../dense/dense-occlusion-link.ts';

/** What replaying a link needs of the page besides its controllers. */
export interface ReplayPage {
  readonly controllers: Controllers;
  readonly tab: ShareView;
  show(tab: ShareView): void;
  showInspector(): void;
}

/** Applies what a pasted link asks for: model, backend, text or sample, and then its lesson. */
export async function applyLink(page: ReplayPage, state: ShareState, lesson: string | null): Promise<void> {
  await applyLinkModel(page, state);
  // After the model, whatever path opened it (a synthetic preset, a restored inspection).
  if (lesson !== null) await page.controllers.lessons.openById(lesson);
}

/** The link's model (opened into its view), backend, text or sample. */
async function applyLinkModel(page: ReplayPage, state: ShareState): Promise<void> {
  const { text, detection, tensors, explainer, library } = page.controllers;
  // ?synthetic=<preset>: a generated model (random weights) in the inspector, the lab or the tensor view.
  if (state.model?.kind === 'synthetic') {
    await openLinkedSynthetic(page, state.model.id);
    return;
  }
  if (state.backend) {
    if (text) text.slot.backend = state.backend;
    detection.slot.backend = state.backend;
    page.controllers.classify.slot.backend = state.backend;
    tensors.slot.backend = state.backend;
    if (page.controllers.fillMask) page.controllers.fillMask.slot.backend = state.backend;
  }
  if (state.text !== null && text) text.text = state.text;
  const { fillMask } = page.controllers;
  if (state.text !== null && state.view === 'fill-mask' && fillMask) fillMask.text = state.text;
  const { generation, generationModels } = page.controllers;
  applyTextHeadLink(page.controllers, state);
  const { zeroShot, embeddings } = page.controllers;
  if (state.view === 'zero-shot') {
    if (state.backend) zeroShot.slot.backend = state.backend;
    if (state.text !== null) zeroShot.text = state.text;
    if (state.zeroShot) zeroShot.applySettings(state.zeroShot);
  }
  if (state.view === 'embeddings') {
    if (state.backend) embeddings.slot.backend = state.backend;
    if (state.text !== null) embeddings.text = state.text;
  }
  // A choice of drawing only: both attention maps come from one capture, so nothing runs again.
  if (state.attention && state.view === 'classify')
    page.controllers.classExplainer.attention.mode = state.attention;
  const { segment, depth } = page.controllers;
  if (state.backend && state.view === 'segment') segment.slot.backend = state.backend;
  if (state.backend && state.view === 'depth') depth.slot.backend = state.backend;
  if (state.view === 'generate') {
    if (state.backend) generation.backend = state.backend;
    if (state.text !== null) generation.prompt = state.text;
    if (state.generation) generation.settings = state.generation;
  }
  const model = state.model ? await shownFromLink(state.model, readHubUrl()) : null;
  const task = (state.view ? taskOfView(state.view) : null) ?? undefined;
  if (model && state.view === 'inspect' && (state.overlay !== null || state.node !== null)) {
    await restoreInspection(page, model, state);
    return;
  }
  if (model && (task || state.view === null)) {
    const viewed = imageViewOf(page, state.view);
    if (state.sample !== null) viewed?.awaitSample(state.sample);
    const opened = await library.open(model, task).finally(() => {
      // Only the view the link shows takes the sample (below); elsewhere the reservation is withdrawn.
      if (page.tab !== state.view) viewed?.awaitSample(null);
    });
    if (!opened) {
      viewed?.awaitSample(null);
      page.show('models');
    }
  } else {
    page.show(page.tab);
  }
  if (state.text !== null && page.tab === 'text' && text?.slot.loaded) await text.run();
  if (state.pair && page.tab === 'text' && text?.slot.loaded) await explainer?.compare(state.pair);
  const { ladder } = page.controllers;
  if (state.ladder && page.tab === 'text' && text?.slot.loaded && ladder) {
    if (!text.runTarget) await text.run();
    await ladder.applyLink(state.ladder);
  }
  if (state.text !== null && page.tab === 'fill-mask' && fillMask?.slot.loaded) await fillMask.run();
  if (state.text !== null && page.tab === 'generate') {
    await generation.start(generationModels[0] ?? null);
    await generation.generate();
  }
  const shownImageView = imageViewOf(page, page.tab);
  if (shownImageView && state.sample !== null) await shownImageView.showSample(state.sample);
  else if (shownImageView && model) await shownImageView.showFirstSample();
  const dense = page.tab === 'segment' ? segment : page.tab === 'depth' ? depth : null;
  // The link's occlusion map, once the run it explains is shown.
  if (dense && state.occlusion?.view === page.tab) await applyOcclusionLink(dense, state.occlusion);
}

/** The image view a link names (its playground shows the link's sample), or null for any other view. */
function imageViewOf(
  page: ReplayPage,
  view: ShareState['view'],
): Pick<Controllers['detection'], 'awaitSample' | 'showSample' | 'showFirstSample'> | null {
  const { detection, classify, segment, depth } = page.controllers;
  if (view === 'detection') return detection;
  if (view === 'classify') return classify;
  if (view === 'segment') return segment;
  if (view === 'depth') return depth;
  return null;
}

/** A link's synthetic model: chosen in the lab for task=bench, else generated (in a worker) and opened. */
async function openLinkedSynthetic(page: ReplayPage, id: string): Promise<void> {
  const { bench, synthetic } = page.controllers;
  if (page.tab === 'bench') {
    bench.chooseSynthetic(id);
    page.show('bench');
    return;
  }
  const preset = synthetic.presets.find((entry) => entry.id === id);
  const opened = preset
    ? await synthetic.open(preset, page.tab === 'inspect' ? 'inspect' : 'tensors')
    : false;
  if (!opened) page.show('models');
}

/**
 * A link to the inspect view with a run: open the model in its view, rerun it on the link's text or
 * sample, look inside, and restore the metric and the selected node. A node alone just opens the graph.
 */
async function restoreInspection(page: ReplayPage, model: ShownModel, state: ShareState): Promise<void> {
  const { inspector, library, runCapture } = page.controllers;
  if (state.overlay === null) {
    page.showInspector();
    if ((await inspector.openShown(model)) && state.node !== null) await inspector.revealByName(state.node);
    return;
  }
  if (!(await library.open(model))) {
    page.show('models');
    return;
  }
  const task = library.status.kind === 'opened' ? library.status.task : null;
  const target = task === null ? null : await rerun(page.controllers, task, state);
  const captured = await runCapture.lookInside(target, {
    metric: state.overlay,
    ...(state.node !== null ? { node: state.node } : {}),
  });
  // Node times are measured apart from the capture: a link that shows them times the nodes.
  if (captured && state.overlay === 'time') await runCapture.profileNodes();
}

/** Runs a view again on a link's input; its run target, or null when it could not run. */
function rerun(controllers: Controllers, task: ModelTaskKind, state: ShareState): Promise<RunTarget | null> {
  return RERUN_IN[viewOfTask(task)](controllers, state);
}

/** How each task's view runs again on a link's input (the task registry says which view shows a task). */
const RERUN_IN: Record<TaskView, (controllers: Controllers, state: ShareState) => Promise<RunTarget | null>> =
  {
    text: async ({ text }, state) => {
      if (!text) return null;
      if (state.text !== null) text.text = state.text;
      await text.run();
      return text.runTarget;
    },
    detection: async ({ detection }, state) => {
      if (state.sample !== null) await detection.openSample(state.sample);
      return detection.runTarget;
    },
    classify: async ({ classify }, state) => {
      if (state.sample !== null) await classify.openSample(state.sample);
      else await classify.showFirstSample();
      return classify.runTarget;
    },
    segment: async ({ segment }, state) => {
      if (state.sample !== null) await segment.openSample(state.sample);
      else await segment.showFirstSample();
      return segment.runTarget;
    },
    depth: async ({ depth }, state) => {
      if (state.sample !== null) await depth.openSample(state.sample);
      else await depth.showFirstSample();
      return depth.runTarget;
    },
    'fill-mask': async ({ fillMask }, state) => {
      if (!fillMask) return null;
      if (state.text !== null) fillMask.text = state.text;
      await fillMask.run();
      return fillMask.runTarget;
    },
    tensors: async ({ tensors }) => {
      await tensors.run();
      return tensors.runTarget;
    },
    'zero-shot': async ({ zeroShot }, state) => {
      if (state.text !== null) zeroShot.text = state.text;
      if (state.zeroShot) zeroShot.applySettings(state.zeroShot);
      await zeroShot.run();
      return zeroShot.runTarget;
    },
    embeddings: async ({ embeddings }, state) => {
      if (state.text !== null) embeddings.text = state.text;
      await embeddings.run();
      return embeddings.runTarget;
    },
    generate: async ({ generation }, state) => {
      if (state.text !== null) generation.prompt = state.text;
      await generation.generate();
      // A generation is many runs, none of which Look inside captures yet.
      return null;
    },
    entities: async ({ entities }, state) => {
      if (state.text !== null) entities.text = state.text;
      await entities.run();
      return entities.runTarget;
    },
    answer: async ({ answer }, state) => {
      if (state.text !== null) answer.context = state.text;
      if (state.question != null) answer.question = state.question;
      await answer.run();
      return answer.runTarget;
    },
  };
