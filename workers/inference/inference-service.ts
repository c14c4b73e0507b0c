// The inference service a worker exposes (workers/inference/inference.worker.ts): the core and the text tasks
// (inference-core.ts, text-task-calls.ts) plus the image tasks: detection, image classification, their
// occlusion maps, class activation maps and [CLS] attention maps, segmentation and depth with their
// occlusion maps, and the tensor view's run. The same class runs in-thread in Node tests.
import type { DetectionRun } from '../../src/contracts/inference.ts';
import type { Backend } from '../../src/lib/runtime/backend.ts';
import { transfer } from 'comlink';
import type { RgbaImage } from '../../src/lib/tasks/object-detection/letterbox.ts';
import type { ImagePreprocessing } from '../../src/lib/tasks/image-classification/preprocessor-config.ts';
import { decodeImage } from '../shared/decode-image.ts';
import { detectionOcclusionMap } from './explain/detection-occlusion.ts';
import type { OcclusionHooks } from './explain/occlusion-loop.ts';
import type { OcclusionMapRun, OcclusionTarget } from '../../src/contracts/inference.ts';
import { camOfLastRun, classifyImageSource } from './image-classification-calls.ts';
import { classOcclusionMap } from './explain/class-occlusion.ts';
import type {
  ClassActivationMapRun,
  ClassOcclusionRun,
  ImageClassificationRun,
} from '../../src/contracts/inference.ts';
import type { GenericInputSpec, GenericRun } from '../../src/contracts/inference.ts';
import { TextTaskCalls } from './text-task-calls.ts';
import type { LadderMeasurement, LadderOptions, LadderVariantSpec } from '../../src/contracts/ladder.ts';
import { detectionLadderTask, type BoxFilter } from './ladder/ladder-task.ts';
import { valueDiffRun } from './ladder/value-diff-run.ts';
import type { ValueDiff } from '../../src/lib/diff/value-diff.ts';
import type { ModelTaskKind } from '../../src/lib/sources/model-location.ts';
import { InferenceCore } from './inference-core.ts';
import type {
  DepthOcclusionRun,
  DepthRun,
  SegmentOcclusionRun,
  SegmentationRun,
} from '../../src/contracts/dense-image.ts';
import {
  depthOcclusionOfSource,
  depthOfImage,
  segmentImageSource,
  segmentOcclusionOfSource,
} from './dense-image-calls.ts';
import type { DepthRegion } from '../../src/lib/explain/depth-region.ts';
import type { SegmentTarget } from '../../src/lib/explain/segment-score.ts';
import type { ImageAttentionRun } from '../../src/contracts/inference.ts';
import { attentionOfLastRun } from './image-attention-calls.ts';

export class InferenceService extends TextTaskCalls {
  /**
   * The model diff's value diff: the other model (bytes of a file) run on the feeds of this task's last
   * run, its values against the loaded model's, per node. A model that cannot run on them is a typed error.
   */
  async valueDiffWith(
    task: ModelTaskKind,
    modelKey: string,
    backend: Backend,
    other: Blob,
  ): Promise<ValueDiff> {
    const source = this.captureSourceOf(task, modelKey);
    return valueDiffRun(this.captures, modelKey, source, new Uint8Array(await other.arrayBuffer()), backend);
  }

  /**
   * The precision ladder of the loaded detector: one variant measured on the view's images (files decoded
   * here; pixels as they are, in Node tests),
   * its boxes kept after the view's thresholds, and compared with the reference's capture of the view's
   * last run. A failure is the row's sentence, not a throw.
   */
  async measureDetectionVariant(
    modelKey: string,
    backend: Backend,
    spec: LadderVariantSpec,
    images: readonly (Blob | RgbaImage)[],
    filter: BoxFilter,
    options: LadderOptions = {},
  ): Promise<LadderMeasurement> {
    const detector = InferenceCore.loadedOn(this.detectors, modelKey, backend);
    const decoded = await Promise.all(
      images.map(async (image) => (image instanceof Blob ? (await decodeImage(image)).image : image)),
    );
    return this.ladder.measure(
      modelKey,
      detectionLadderTask(detector, decoded, filter),
      backend,
      spec,
      options,
    );
  }

  async runGeneric(
    modelKey: string,
    backend: Backend,
    inputs: Record<string, GenericInputSpec>,
  ): Promise<GenericRun> {
    return InferenceCore.loadedOn(this.genericModels, modelKey, backend).run(backend, inputs);
  }

  /**
   * An occlusion map for one detection on RGBA pixels: target is the selected box in model input pixels
   * with its class; grid × grid patches. cancelExplanations() stops it between runs.
   */
  async occlusionMapPixels(
    modelKey: string,
    backend: Backend,
    image: RgbaImage,
    target: OcclusionTarget,
    grid: number,
    onProgress: (done: number, total: number) => void = () => {},
  ): Promise<OcclusionMapRun> {
    const detector = InferenceCore.loadedOn(this.detectors, modelKey, backend);
    return this.cancellable(onProgress, (hooks) =>
      detectionOcclusionMap(detector, backend, image, target, grid, hooks),
    );
  }

  /** A job of many runs that cancelExplanations() stops between runs. */
  private async cancellable<T>(
    onProgress: (done: number, total: number) => void,
    job: (hooks: OcclusionHooks) => Promise<T>,
  ): Promise<T> {
    const token = { cancelled: false };
    this.explanationsInFlight.add(token);
    try {
      return await job({ onProgress, isCancelled: () => token.cancelled });
    } finally {
      this.explanationsInFlight.delete(token);
    }
  }

  /** occlusionMapPixels on an image file, decoded here in the worker. */
  async occlusionMapImage(
    modelKey: string,
    backend: Backend,
    source: Blob,
    target: OcclusionTarget,
    grid: number,
    onProgress: (done: number, total: number) => void = () => {},
  ): Promise<OcclusionMapRun> {
    const decoded = await decodeImage(source);
    return this.occlusionMapPixels(modelKey, backend, decoded.image, target, grid, onProgress);
  }

  /** Detects on RGBA pixels (Node tests, and images already decoded). */
  async detectPixels(
    modelKey: string,
    backend: Backend,
    image: RgbaImage,
    includePreview = false,
  ): Promise<DetectionRun> {
    const detector = InferenceCore.loadedOn(this.detectors, modelKey, backend);
    const result = await detector.detect(backend, image, includePreview);
    return { ...result, originalWidth: image.width, originalHeight: image.height, decodeMs: 0 };
  }

  /** Decodes an image file or video frame here in the worker, then detects; the preview is transferred. */
  async detectImage(
    modelKey: string,
    backend: Backend,
    source: Blob | ImageBitmap,
    includePreview = false,
  ): Promise<DetectionRun> {
    const detector = InferenceCore.loadedOn(this.detectors, modelKey, backend);
    const started = performance.now();
    const decoded = await decodeImage(source);
    const decodeMs = performance.now() - started;
    const result = await detector.detect(backend, decoded.image, includePreview, {
      width: decoded.originalWidth,
      height: decoded.originalHeight,
    });
    const run: DetectionRun = {
      ...result,
      originalWidth: decoded.originalWidth,
      originalHeight: decoded.originalHeight,
      decodeMs,
    };
    return result.preview ? transfer(run, [result.preview.data.buffer as ArrayBuffer]) : run;
  }

  /** Classifies an image file or video frame, decoded here in the worker. */
  async classifyImage(
    modelKey: string,
    backend: Backend,
    source: Blob | ImageBitmap,
    /** Preprocessing the user typed in place of the model's (the view's "Try other preprocessing"). */
    trial: ImagePreprocessing | null = null,
  ): Promise<ImageClassificationRun> {
    const classifier = InferenceCore.loadedOn(this.imageClassifiers, modelKey, backend);
    const run = await classifyImageSource(classifier, backend, source, trial);
    return transfer(run, [run.input.data.buffer as ArrayBuffer]);
  }

  /** Classifies RGBA pixels (Node tests, and images already decoded). */
  async classifyPixels(
    modelKey: string,
    backend: Backend,
    image: RgbaImage,
    trial: ImagePreprocessing | null = null,
  ): Promise<ImageClassificationRun> {
    const classifier = InferenceCore.loadedOn(this.imageClassifiers, modelKey, backend);
    const original = { width: image.width, height: image.height };
    const result = await classifier.classify(backend, image, original, trial);
    return {
      ...result,
      originalWidth: image.width,
      originalHeight: image.height,
      decodeMs: 0,
      inputNotes: [],
    };
  }

  /** An occlusion map against classIndex's probability; cancelExplanations() stops it between runs. */
  async classOcclusionImage(
    modelKey: string,
    backend: Backend,
    source: Blob | RgbaImage,
    classIndex: number,
    grid: number,
    onProgress: (done: number, total: number) => void = () => {},
  ): Promise<ClassOcclusionRun> {
    const classifier = InferenceCore.loadedOn(this.imageClassifiers, modelKey, backend);
    const image = source instanceof Blob ? (await decodeImage(source)).image : source;
    return this.cancellable(onProgress, (hooks) =>
      classOcclusionMap(classifier, backend, image, classIndex, grid, hooks),
    );
  }

  /** The class activation map of classIndex on the classifier's last run (a typed error where none applies). */
  async classActivationMap(
    modelKey: string,
    backend: Backend,
    classIndex: number,
  ): Promise<ClassActivationMapRun> {
    const classifier = InferenceCore.loadedOn(this.imageClassifiers, modelKey, backend);
    const map = await camOfLastRun(classifier, this.captures, modelKey, backend, classIndex);
    return transfer(map, [map.values.buffer as ArrayBuffer]);
  }

  /** Where [CLS] looks among the patches on the classifier's last run (a typed error where it has no such attention). */
  async imageAttention(modelKey: string, backend: Backend): Promise<ImageAttentionRun> {
    const classifier = InferenceCore.loadedOn(this.imageClassifiers, modelKey, backend);
    const run = await attentionOfLastRun(classifier, this.captures, modelKey, backend);
    return transfer(run, [
      run.lastLayer.values.buffer as ArrayBuffer,
      run.rollout.values.buffer as ArrayBuffer,
    ]);
  }

  /** Segments an image file or video frame (decoded here in the worker), or RGBA pixels in Node tests. */
  async segmentImage(
    modelKey: string,
    backend: Backend,
    source: Blob | ImageBitmap | RgbaImage,
  ): Promise<SegmentationRun> {
    const segmenter = InferenceCore.loadedOn(this.segmenters, modelKey, backend);
    const run = await segmentImageSource(segmenter, backend, source);
    return transfer(run, [run.classes.buffer as ArrayBuffer, run.logits.buffer as ArrayBuffer]);
  }

  /** The depth map of an image file or video frame (decoded here in the worker), or RGBA pixels. */
  async estimateDepth(
    modelKey: string,
    backend: Backend,
    source: Blob | ImageBitmap | RgbaImage,
  ): Promise<DepthRun> {
    const estimator = InferenceCore.loadedOn(this.depthEstimators, modelKey, backend);
    const run = await depthOfImage(estimator, backend, source);
    return transfer(run, [run.depth.buffer as ArrayBuffer, run.modelDepth.buffer as ArrayBuffer]);
  }

  /**
   * An occlusion map against a class of the segmenter (its mean probability over its cells, or its area);
   * cancelExplanations() stops it between runs.
   */
  async segmentOcclusionImage(
    modelKey: string,
    backend: Backend,
    source: Blob | RgbaImage,
    target: SegmentTarget,
    grid: number,
    onProgress: (done: number, total: number) => void = () => {},
  ): Promise<SegmentOcclusionRun> {
    const segmenter = InferenceCore.loadedOn(this.segmenters, modelKey, backend);
    return this.cancellable(onProgress, (hooks) =>
      segmentOcclusionOfSource(segmenter, backend, source, target, grid, hooks),
    );
  }

  /** An occlusion map against the mean depth inside region; cancelExplanations() stops it between runs. */
  async depthOcclusionImage(
    modelKey: string,
    backend: Backend,
    source: Blob | RgbaImage,
    region: DepthRegion,
    grid: number,
    onProgress: (done: number, total: number) => void = () => {},
  ): Promise<DepthOcclusionRun> {
    const estimator = InferenceCore.loadedOn(this.depthEstimators, modelKey, backend);
    return this.cancellable(onProgress, (hooks) =>
      depthOcclusionOfSource(estimator, backend, source, region, grid, hooks),
    );
  }
}
