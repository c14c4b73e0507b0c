// What the segmentation and depth adapters answer across the inference worker's boundary: a load's info
// and a run, as plain data (structured clone; the big arrays are transferred).
import type { ModelFacts } from '../lib/loading/model-facts.ts';
import type { ValueInfo } from '../lib/runtime/onnx-runtime.ts';
import type { Backend } from '../lib/runtime/backend.ts';
import type { RgbaImage } from '../lib/tasks/object-detection/letterbox.ts';
import type { ImagePreprocessing } from '../lib/tasks/image-classification/preprocessor-config.ts';
import type { ClassIndices, LegendEntry } from '../lib/tasks/semantic-segmentation/class-map.ts';
import type { DepthRange } from '../lib/tasks/depth-estimation/depth-map.ts';
import type { OcclusionPatch } from '../lib/explain/image-occlusion.ts';
import type { SegmentTarget } from '../lib/explain/segment-score.ts';
import type { DepthRegion } from '../lib/explain/depth-region.ts';

/** What both dense image tasks know of a loaded model. */
export interface DenseImageInfo {
  modelKey: string;
  facts: ModelFacts;
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  /** Known once a session exists (it needs the input's shape). */
  preprocessing: ImagePreprocessing | null;
  preprocessingNotes: string[];
  preprocessingSource: 'file' | 'default';
}

export interface SegmenterInfo extends DenseImageInfo {
  /** By class index: id2label, else "class N". */
  labels: string[];
  /** metrics.json's held-out mean IoU, for the embedded model. */
  /** Read as the model card's metrics too (its optional fields stay absent). */
  metrics: { heldOutMiou: number; heldOutAccuracy?: number; testSize?: number } | null;
}

export interface DepthEstimatorInfo extends DenseImageInfo {
  /** The model card lists no labels for a depth model. */
  labels: string[];
  /** True for relative inverse depth (DPT, Depth Anything), false for metric depth (larger is farther). */
  largerIsNearer: boolean;
  metrics: null;
}

/** The stages of one run (contracts/inference.ts imports this file, so it is not imported from there). */
export interface DenseTimings {
  preprocessMs: number;
  inferenceMs: number;
  postprocessMs: number;
}

/** What both runs share: the image, what the model received, and the times. */
interface DenseImageRun {
  backend: Backend;
  /** The result map's size: the image's, at most MAX_MAP_SIDE on its long side. */
  width: number;
  height: number;
  originalWidth: number;
  originalHeight: number;
  /** The model's input as pixels (resized, before normalising): what the model saw. */
  input: RgbaImage;
  /** The model's output shape, batch included. */
  outputDims: number[];
  decodeMs: number;
  timings: DenseTimings;
}

export interface SegmentationRun extends DenseImageRun {
  /** The class of every map pixel (argmax of the bilinearly upsampled logits), row-major. */
  classes: ClassIndices;
  /** The logits at the model's resolution [classes, h, w]: the view reads a pixel's top classes from them. */
  logits: Float32Array;
  logitsHeight: number;
  logitsWidth: number;
  legend: LegendEntry[];
}

export interface DepthRun extends DenseImageRun {
  /** The model's values upsampled to the map (bicubic, as transformers' depth pipeline), row-major. */
  depth: Float32Array;
  /** The model's own output at its resolution, shaped as outputDims (the .npy download). */
  modelDepth: Float32Array;
  range: DepthRange;
  largerIsNearer: boolean;
}

/** An occlusion map over a dense model's input: each patch painted grey, the task's score with it hidden. */
interface DenseOcclusionRun {
  grid: number;
  /** In model-input pixels; the input covers the whole image (dense models never crop). */
  patches: OcclusionPatch[];
  /** The score on the unoccluded input. */
  baseline: number;
  scores: number[];
  /** Per patch, baseline − score: positive where hiding the patch lowered the score. */
  drops: number[];
  inputWidth: number;
  inputHeight: number;
  /** The model's output grid the score is read on. */
  mapWidth: number;
  mapHeight: number;
  modelRuns: number;
  batchSize: number;
  totalMs: number;
}

export interface SegmentOcclusionRun extends DenseOcclusionRun {
  target: SegmentTarget;
  /** The cells of the output grid the class held in the unoccluded run (0: the score used every cell). */
  classCells: number;
}

export interface DepthOcclusionRun extends DenseOcclusionRun {
  /** The region whose mean depth is the score (clamped into the image). */
  region: DepthRegion;
  largerIsNearer: boolean;
  /** The run's depth range on the output grid (max − min): the colour scale's floor is a share of it. */
  depthSpan: number;
}
