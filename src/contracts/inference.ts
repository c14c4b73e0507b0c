// What crosses the inference worker's boundary: what a load, a run, an explanation and the runtime's
// capabilities answer, as plain data (structured clone). The page imports these types from here, never
// from the worker's modules, so no worker code (nor ONNX Runtime) can reach the main bundle through them.
import type { JsonRole } from '../lib/loading/model-download.ts';
import type { ModelFacts } from '../lib/loading/model-facts.ts';
import type { IoSignature } from '../lib/sources/io-signature.ts';
import type { ModelOrigin } from '../lib/sources/model-location.ts';
import type { TaskDetection } from '../lib/sources/task-detection.ts';
import type { ModelSource } from '../lib/loading/model-source.ts';
import type { RuntimeLoad } from '../lib/runtime/runtime-download.ts';
import type { Backend } from '../lib/runtime/backend.ts';
import type { WasmThreading } from '../lib/runtime/onnx-runtime.ts';
import type { WebGpuStatus } from '../lib/runtime/webgpu-probe.ts';
import type { ValueInfo } from '../lib/runtime/onnx-runtime.ts';
import type { LabelProbability } from '../lib/tasks/text-classification/postprocess.ts';
import type { LetterboxTransform, RgbaImage, Size } from '../lib/tasks/object-detection/letterbox.ts';
import type { Candidate, DetectionLayout } from '../lib/tasks/object-detection/output-layouts.ts';
import type { ZeroShotScore } from '../lib/tasks/zero-shot/zero-shot-scores.ts';
import type { EmbeddingPlan } from '../lib/tasks/sentence-embeddings/sentence-transformers-layout.ts';
import type { InputFill } from '../lib/tensors/input-fill.ts';
import type { OutputSummary } from '../lib/tensors/output-summary.ts';
import type { TokenAttributions } from '../lib/explain/token-occlusion.ts';
import type { OcclusionPatch, ScoredBox } from '../lib/explain/image-occlusion.ts';
import type { ImagePreprocessing } from '../lib/tasks/image-classification/preprocessor-config.ts';
import type { SourceRegion } from '../lib/tasks/image-classification/preprocess.ts';
import type { ClassScore } from '../lib/tasks/image-classification/top-classes.ts';
import type { QuestionAnswererInfo, TokenClassifierInfo } from './text-tasks.ts';
import type { MaskFillers } from '../lib/tasks/fill-mask/fillers.ts';
import type { DepthEstimatorInfo, SegmenterInfo } from './dense-image.ts';
import type { PatchAttentionMap } from '../lib/explain/attention-rollout.ts';

/** Makes the worker throw an uncaught error, to test crash recovery for real. */
export const CRASH_FOR_TEST = 'glassbox:crash-for-test';

export interface RuntimeCapabilities {
  ortVersion: string;
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
  /** The most WASM threads a model can get here (each view chooses per model, up to this). */
  wasm: WasmThreading;
  webgpu: WebGpuStatus;
}

export interface LoadTimings {
  /** Model download and decoding; about 0 when the model was already in this worker (see modelSource). */
  fetchMs: number;
  modelSource: ModelSource;
  /** The runtime's .wasm: which build, from where, how many bytes in how long. */
  runtime: RuntimeLoad;
  createSessionMs: number;
  warmUpMs: number;
}

/** What loading a model answers, whatever its task: Info is the task's own (LoadedInfo). */
export interface Loaded<Info> {
  backend: Backend;
  /** WASM threads this worker's ONNX Runtime runs with (read back from it after the session exists). */
  wasmThreads: number | null;
  info: Info;
  timings: LoadTimings;
  /** True when the session already existed (switching back to a backend used before). */
  reused: boolean;
}

/** Each task's info, as its adapter in the inference worker answers a load. */
export interface LoadedInfo {
  'text-classification': TextClassifierInfo;
  'object-detection': DetectorInfo;
  'image-classification': ImageClassifierInfo;
  generic: GenericModelInfo;
  'token-classification': TokenClassifierInfo;
  'question-answering': QuestionAnswererInfo;
  'fill-mask': FillMaskInfo;
  /** Never loaded by the inference worker: text generation has its own (contracts/generation.ts). */
  'text-generation': never;
  'zero-shot': ZeroShotInfo;
  'sentence-embeddings': SentenceEmbedderInfo;
  'semantic-segmentation': SegmenterInfo;
  'depth-estimation': DepthEstimatorInfo;
}

/** What opening a model tells the page before it picks a view: what the model is and how it arrived. */
export interface OpenedModel {
  key: string;
  label: string;
  origin: ModelOrigin;
  facts: ModelFacts;
  signature: IoSignature;
  detection: TaskDetection;
  /** The folder files it came with (config, tokenizer, ...). */
  files: JsonRole[];
  externalData: string[];
  fromCache: boolean;
  cacheProblem: string | null;
}

export interface DetectionRun extends DetectionResult {
  /** Image size before any downscaling; boxes are drawn in this space. */
  originalWidth: number;
  originalHeight: number;
  decodeMs: number;
}

export interface ClassificationRun {
  backend: Backend;
  lines: ClassifiedLine[];
  tokenizeMs: number;
  /** session.run alone, tensors in and out included. */
  inferenceMs: number;
}

/** metrics.json of an embedded model, written by its recipe. */
export interface ModelMetrics {
  heldOutAccuracy?: number;
  testSize?: number;
}

export interface TextClassifierInfo {
  modelKey: string;
  labels: string[];
  maxLength: number;
  facts: ModelFacts;
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  metrics: ModelMetrics | null;
}

export interface ClassifiedLine {
  text: string;
  label: string;
  /** The model's raw scores, in class order (softmax of these gives probabilities). */
  logits: number[];
  probabilities: LabelProbability[];
  tokens: Array<{ token: string; id: number }>;
  truncated: boolean;
  /** Tokens before truncation, [CLS] and [SEP] included. */
  fullTokenCount: number;
}

export interface DetectorInfo {
  modelKey: string;
  labels: string[];
  inputSize: Size;
  facts: ModelFacts;
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  /** The config's suggested thresholds, if any. */
  scoreThreshold: number;
  iouThreshold: number;
}

export interface DetectionTimings {
  preprocessMs: number;
  inferenceMs: number;
  postprocessMs: number;
}

export interface DetectionResult {
  backend: Backend;
  /** Boxes in model-input pixels (xyxy); map with transform to source pixels. */
  candidates: Candidate[];
  transform: LetterboxTransform;
  layout: DetectionLayout;
  timings: DetectionTimings;
  /** What the model received (the letterboxed input as an image), when asked for. */
  preview: RgbaImage | null;
}

export interface GenericModelInfo {
  modelKey: string;
  facts: ModelFacts;
  /** Filled when the first session is created (ORT's view of the graph's inputs and outputs). */
  inputs: ValueInfo[];
  outputs: ValueInfo[];
}

export interface GenericInputSpec {
  /** Concrete sizes, symbolic dimensions already resolved. */
  dims: number[];
  fill: InputFill;
}

export interface GenericRun {
  backend: Backend;
  /** In the order the model declares its outputs. */
  outputs: OutputSummary[];
  /** Building the input tensors from their fills. */
  buildMs: number;
  /** session.run alone, tensors in and out included. */
  inferenceMs: number;
}

export interface TokenAttributionRun extends TokenAttributions {
  text: string;
  tokens: Array<{ token: string; id: number }>;
  /** False for special tokens ([CLS], [SEP]), which are never hidden and get no attribution. */
  explainable: boolean[];
  labels: string[];
  /** p(label | original sentence), in label order. */
  probabilities: number[];
  /** Index of the predicted label. */
  predicted: number;
  /** How a token was hidden: replaced by the vocabulary's [MASK], or removed when there is none. */
  occlusion: 'mask' | 'remove';
  maskToken: string | null;
  /** Sequences run: the original plus one per occluded variant. */
  sequences: number;
  /** session.run calls it took. */
  modelRuns: number;
  truncated: boolean;
  inferenceMs: number;
}

export interface AttributionOptions {
  /** Window sizes to occlude; [1] is plain leave-one-out, the default [1, 2, 3] adds the smoothed view. */
  windows?: readonly number[];
}

export type OcclusionTarget = ScoredBox;

export interface OcclusionMapRun {
  grid: number;
  patches: OcclusionPatch[];
  /** The matched box's score on the unchanged input. */
  baseline: number;
  /** Per patch, the matched box's score with that patch grey. */
  scores: number[];
  /** Per patch, baseline − score: positive where hiding the patch hurt the detection. */
  drops: number[];
  transform: LetterboxTransform;
  /** session.run calls, and images per call. */
  modelRuns: number;
  batchSize: number;
  totalMs: number;
}

export interface ZeroShotInfo {
  modelKey: string;
  /** The NLI model's own classes (contradiction, neutral, entailment…), in class order. */
  classes: string[];
  entailmentId: number;
  /** The class multi-label scoring compares entailment with. */
  contradictionId: number;
  maxLength: number;
  facts: ModelFacts;
  inputs: ValueInfo[];
  outputs: ValueInfo[];
}

export interface ZeroShotPair {
  label: string;
  hypothesis: string;
  tokens: Array<{ token: string; id: number }>;
  /** The premise was cut to fit the model (only_first truncation). */
  truncated: boolean;
}

export interface ZeroShotRun {
  backend: Backend;
  premise: string;
  template: string;
  multiLabel: boolean;
  /** Highest score first. */
  scores: ZeroShotScore[];
  /** One (premise, hypothesis) pair per label, in the order the labels were given. */
  pairs: ZeroShotPair[];
  /** Row-major [labels, classes], in the labels' given order. */
  logits: number[];
  tokenizeMs: number;
  inferenceMs: number;
}

export interface SentenceEmbedderInfo {
  modelKey: string;
  plan: EmbeddingPlan;
  /**
   * Where the vectors come from: a sentence-transformers folder or bare encoder ('encoder'), or the
   * encoder inside a classifier ('classifier'), which was never trained to make sentence embeddings.
   */
  origin: 'encoder' | 'classifier';
  /** The output read (last_hidden_state, sentence_embedding, or the classifier's hidden state). */
  output: string;
  maxLength: number;
  facts: ModelFacts;
  inputs: ValueInfo[];
  outputs: ValueInfo[];
}

export interface EmbeddingRun {
  backend: Backend;
  /** Sentences embedded (all of them, unless stopped). */
  count: number;
  /** Sentences asked for. */
  total: number;
  /** The run was stopped: count < total, and what follows is of the first count sentences. */
  stopped: boolean;
  dimensions: number;
  /** The first sentences, their vectors and their cosine similarities (what the view shows as a matrix). */
  shown: { sentences: string[]; embeddings: number[][]; similarity: number[][] };
  /** Every embedded sentence on the first two principal axes, [count, 2] row-major. */
  map: { points: Float32Array; variances: [number, number]; explained: number };
  /** Sentences cut at the model's token limit. */
  truncated: number;
  batches: number;
  inferenceMs: number;
  totalMs: number;
}

export interface NeighbourRun {
  query: string;
  neighbours: Array<{ index: number; sentence: string; similarity: number }>;
}

/** Whether class activation maps apply to a classifier, found by structure when it loads. */
export type CamAvailability =
  { found: true; path: string[]; features: string } | { found: false; reason: string };

export interface ImageClassifierInfo {
  modelKey: string;
  /** By class index: id2label, else "class N" (ImageNet-1k's names for an unnamed 1,000-class model). */
  labels: string[];
  /** The sentence saying the labels were assumed (ImageNet-1k from the class count), or null. */
  labelsNote: string | null;
  facts: ModelFacts;
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  /** Known once a session exists (it needs the input's shape). */
  preprocessing: ImagePreprocessing | null;
  /** One sentence per value that was missing or unusable in preprocessor_config.json, and what was used. */
  preprocessingNotes: string[];
  preprocessingSource: 'file' | 'default';
  cam: CamAvailability;
  /** Whether the [CLS] attention map applies: ViT-style attention, found by structure when it loads. */
  attention: AttentionMapAvailability;
  /** metrics.json's held-out accuracy and test size, for the embedded model (the model card shows them). */
  metrics: ModelMetrics | null;
}

export interface ImageClassificationResult {
  backend: Backend;
  /** The output row, in class order. */
  logits: number[];
  top: ClassScore[];
  /** False when the model's output already was a probability distribution. */
  softmaxApplied: boolean;
  /** Where the model's input lies in the image, in the image's own pixels (before any downscale). */
  region: SourceRegion;
  /** The model's input as pixels (resized and cropped, before normalising): what the model saw. */
  input: RgbaImage;
  timings: DetectionTimings;
}

export interface ImageClassificationRun extends ImageClassificationResult {
  originalWidth: number;
  originalHeight: number;
  decodeMs: number;
  /** One sentence per thing the browser changed in the file (greyscale, 16-bit, CMYK, EXIF turn, alpha). */
  inputNotes: string[];
}

/** An occlusion map against one class's probability; patches in model-input pixels. */
export interface ClassOcclusionRun {
  grid: number;
  classIndex: number;
  patches: OcclusionPatch[];
  baseline: number;
  scores: number[];
  /** Per patch, baseline − score: positive where hiding the patch lowered the class's probability. */
  drops: number[];
  inputWidth: number;
  inputHeight: number;
  modelRuns: number;
  batchSize: number;
  totalMs: number;
}

/** A class activation map over the model's input (h × w cells of the last conv). */
export interface ClassActivationMapRun {
  classIndex: number;
  width: number;
  height: number;
  values: Float32Array;
  maxAbs: number;
  features: string;
  path: string[];
  inputWidth: number;
  inputHeight: number;
  totalMs: number;
}

/** Whether a classifier has ViT-style attention to draw over the image: its layers, or why not. */
export type AttentionMapAvailability = { found: true; layers: number } | { found: false; reason: string };

/** Where [CLS] looks among the image patches on the last run: the last layer's attention and the rollout. */
export interface ImageAttentionRun {
  lastLayer: PatchAttentionMap;
  rollout: PatchAttentionMap;
  /** The attention Softmax outputs read, in layer order, with their labels ("layer 0"). */
  layers: Array<{ value: string; label: string }>;
  heads: number;
  /** Tokens per row: prefix ([CLS] and any others before the patches) + the grid's patches. */
  tokens: number;
  prefix: number;
  inputWidth: number;
  inputHeight: number;
  totalMs: number;
}

export interface FillMaskInfo {
  modelKey: string;
  /** The tokenizer's own mask token ([MASK], <mask>, …): what the user types where a word is missing. */
  maskToken: string;
  maxLength: number;
  facts: ModelFacts;
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  metrics: ModelMetrics | null;
}

export interface FillMaskRun {
  backend: Backend;
  text: string;
  tokens: Array<{ token: string; id: number }>;
  /** One entry per mask token, in text order: its position and its best fillers. */
  masks: MaskFillers[];
  truncated: boolean;
  tokenizeMs: number;
  /** session.run alone, tensors in and out included. */
  inferenceMs: number;
}
