// Every controller of the page, built once and wired together: one worker per task view (Workbench),
// the playgrounds and their explainers, the inspector, the lab, the model library, the lessons, and Look
// inside. The page (page.svelte.ts) gives the hooks that move between tabs.
import type { Backend } from '../../lib/runtime/backend.ts';
import { catalogModelsOf } from '../../lib/catalog/model-catalog.ts';
import type { ModelTaskKind } from '../../lib/sources/model-location.ts';
import type { ShareView } from '../../lib/sources/share-state.ts';
import { BenchLab } from '../bench/bench-lab.svelte.ts';
import { BoxFeatureMaps } from '../detection/box-feature-maps.svelte.ts';
import { DetectionExplainer } from '../detection/detection-explainer.svelte.ts';
import { DetectionPlayground } from '../detection/detection-playground.svelte.ts';
import { FillMaskExplainer } from '../fill-mask/fill-mask-explainer.svelte.ts';
import { FillMaskPlayground } from '../fill-mask/fill-mask-playground.svelte.ts';
import { FillMaskPair } from '../fill-mask/fill-mask-pair.svelte.ts';
import { Inspector } from '../inspector/inspector.svelte.ts';
import { LessonPlayer } from '../lessons/lesson-player.svelte.ts';
import { ModelLibrary } from '../models/model-library.svelte.ts';
import { OfflineApp } from './offline-app.svelte.ts';
import { RunCapture } from '../inspector/run-capture.svelte.ts';
import { SavedModels } from '../models/saved-models.svelte.ts';
import { shownCatalogModel, withTask, type ShownModel } from '../workbench/shown-model.ts';
import { ZeroShotPlayground } from '../zero-shot/zero-shot-playground.svelte.ts';
import { EmbeddingPlayground } from '../embeddings/embedding-playground.svelte.ts';
import { SyntheticPicker } from '../models/synthetic-picker.svelte.ts';
import { GenerationBench } from '../generate/generation-bench.ts';
import { GenerationPlayground } from '../generate/generation-playground.svelte.ts';
import { ImageClassExplainer } from '../image-classification/image-class-explainer.svelte.ts';
import { ImageClassificationPlayground } from '../image-classification/image-classification-playground.svelte.ts';
import { TensorPlayground } from '../tensors/tensor-playground.svelte.ts';
import { depthPlayground, segmentationPlayground } from '../dense/dense-image-playground.svelte.ts';
import { TextAttention } from '../text/text-attention.svelte.ts';
import { TextExplainer } from '../text/text-explainer.svelte.ts';
import { TextPlayground } from '../text/text-playground.svelte.ts';
import { EntitiesPlayground } from '../entities/entities-playground.svelte.ts';
import { AnswerPlayground } from '../answer/answer-playground.svelte.ts';
import {
  answerAttentionHost,
  entitiesAttentionHost,
  zeroShotAttentionHost,
} from '../text/head-attention-hosts.ts';
import { workbenchCaptureSource } from '../workbench/workbench-capture-source.ts';
import { withGenerationCaptures } from '../generate/generation-capture-source.ts';
import { TokenGlassBox } from '../generate/token-glass-box.svelte.ts';
import { Workbench } from '../workbench/workbench.svelte.ts';
import { PrecisionLadder } from '../ladder/precision-ladder.svelte.ts';
import { textLadderSubject, workbenchLadderSource } from '../ladder/ladder-source.ts';
import { detectionLadderSource, detectionLadderSubject } from '../ladder/detection-ladder-source.ts';
import { ModelValueDiff } from '../inspector/model-value-diff.svelte.ts';

/** What the controllers ask of the page: moving between tabs, and showing a model in its view. */
export interface PageHooks {
  /** The user (or a lesson, or the lab) picks a tab. */
  pickTab(tab: ShareView): void;
  /** Shows the inspector without its default model: the caller opens the one it needs. */
  showInspector(): void;
  /** An opened model goes to the view of its task. */
  showModel(model: ShownModel, task: ModelTaskKind, startedAt: number): Promise<void>;
  /** A synthetic model opened in the inspector, so the page's link names it there too. */
  inspectShown(model: ShownModel): Promise<boolean>;
}

export function createControllers(page: PageHooks) {
  const workbench = new Workbench();
  const offline = new OfflineApp();
  const [textEntry] = catalogModelsOf('text-classification');
  const text = textEntry ? new TextPlayground(workbench, shownCatalogModel(textEntry)) : null;
  const explainer = text ? new TextExplainer(text) : null;
  const attention = text ? new TextAttention(text) : null;
  const [fillMaskEntry] = catalogModelsOf('fill-mask');
  const fillMask = fillMaskEntry ? new FillMaskPlayground(workbench, shownCatalogModel(fillMaskEntry)) : null;
  const fillMaskExplainer = fillMask ? new FillMaskExplainer(fillMask) : null;
  const fillMaskAttention = fillMask ? new TextAttention(fillMask) : null;
  const fillMaskPair = fillMask ? new FillMaskPair(fillMask) : null;
  const detection = new DetectionPlayground(workbench);
  const occlusion = new DetectionExplainer(detection);
  const featureMaps = new BoxFeatureMaps(detection, occlusion);
  const tensors = new TensorPlayground(workbench);
  const zeroShot = new ZeroShotPlayground(workbench);
  // The embeddings view works offline on the embedded classifier's encoder (it says that is no trained
  // sentence embedding); sentence-transformers models come from the hub.
  const embeddings = new EmbeddingPlayground(
    workbench,
    textEntry ? withTask(shownCatalogModel(textEntry), 'sentence-embeddings') : null,
  );
  const classify = new ImageClassificationPlayground(workbench);
  const classExplainer = new ImageClassExplainer(classify);
  const segment = segmentationPlayground(workbench);
  const depth = depthPlayground(workbench);
  const entities = new EntitiesPlayground(workbench);
  const answer = new AnswerPlayground(workbench);
  const entitiesAttention = new TextAttention(entitiesAttentionHost(entities));
  const answerAttention = new TextAttention(answerAttentionHost(answer));
  const zeroShotAttention = new TextAttention(zeroShotAttentionHost(zeroShot));
  const generation = new GenerationPlayground();
  const generationModels = catalogModelsOf('text-generation').map(shownCatalogModel);
  const inspector = new Inspector();
  const bench = new BenchLab({
    currentText: () => text?.text ?? null,
    currentImage: () => detection.image,
    openLanguageModel: () => generation.model,
  });
  const library = new ModelLibrary(
    workbench,
    (model, task, startedAt) => page.showModel(model, task, startedAt),
    (model) => {
      page.showInspector();
      void inspector.openLocation(model.location);
    },
  );
  const saved = new SavedModels(workbench);
  const synthetic = new SyntheticPicker({
    open: (model, where) => (where === 'inspect' ? page.inspectShown(model) : library.open(model, 'generic')),
    bench: (id) => {
      bench.chooseSynthetic(id);
      page.pickTab('bench');
    },
  });
  /** Why a backend cannot run here (from the worker's capabilities), or null when it can or is unknown. */
  const backendProblem = (backend: Backend): string | null => {
    const webgpu = workbench.capabilities?.webgpu;
    if (backend !== 'webgpu' || !webgpu || webgpu.available) return null;
    return webgpu.reason;
  };
  /**
   * Look inside a run: captures in the inference worker (a generated token's step in the generation
   * worker), paints on the inspector's graph.
   */
  const runCapture = new RunCapture(
    withGenerationCaptures(workbenchCaptureSource(workbench), generation.client),
    {
      show: () => page.showInspector(),
      openModel: (model) => inspector.openShown(model),
      attachRun: (overlay, metric) => inspector.attachRun(overlay, metric),
      revealNode: (name) => inspector.revealByName(name),
      openedKey: () => inspector.openedKey,
    },
    backendProblem,
  );
  const tokenGlassBox = new TokenGlassBox(generation, runCapture);
  /** Which variant should I ship? The text view's model against variants made in its worker or files. */
  const ladder = text
    ? new PrecisionLadder(workbenchLadderSource(workbench), runCapture, () => textLadderSubject(text))
    : null;
  /** Value diff beside the model diff: the other model run on the input of the run the inspector shows. */
  const valueDiff = new ModelValueDiff(
    (task, modelKey, backend, other) =>
      workbench.runtimeFor(task).run((service) => service.valueDiffWith(task, modelKey, backend, other)),
    () => runCapture.attachedTarget,
    () => (inspector.diff.status.kind === 'ready' ? inspector.diff.source : null),
  );
  /** The same ladder for the detection view's detector: same boxes at IoU ≥ 0.5 on its sample images. */
  const detectionLadder = new PrecisionLadder(detectionLadderSource(detection), runCapture, () =>
    detectionLadderSubject(detection),
  );
  const lessons = new LessonPlayer({
    show: (tab) => page.pickTab(tab),
    text,
    explainer,
    attention,
    detection,
    occlusion,
    featureMaps,
    classify,
    classExplainer,
    bench,
    runCapture,
    generation,
    fillMask,
    fillMaskExplainer,
    fillMaskAttention,
    revealNode: (name) => inspector.revealByName(name),
    entities,
    entitiesAttention,
    answer,
    answerAttention,
    zeroShot,
    zeroShotAttention,
    embeddings,
    ladder,
    segment,
    depth,
  });
  return {
    detectionLadder,
    valueDiff,
    workbench,
    offline,
    text,
    explainer,
    attention,
    fillMask,
    fillMaskExplainer,
    fillMaskAttention,
    fillMaskPair,
    detection,
    occlusion,
    featureMaps,
    tensors,
    zeroShot,
    embeddings,
    classify,
    classExplainer,
    segment,
    depth,
    entities,
    answer,
    entitiesAttention,
    answerAttention,
    zeroShotAttention,
    generation,
    generationModels,
    // `npm run bench -- --generate` and the generation parity script drive it (window.glassbox).
    generationBench: new GenerationBench(),
    inspector,
    bench,
    library,
    saved,
    synthetic,
    runCapture,
    lessons,
    tokenGlassBox,
    ladder,
  };
}

export type Controllers = ReturnType<typeof createControllers>;
