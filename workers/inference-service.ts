// The inference service a worker exposes: load a model on a backend (with staged progress) and run it.
// The same class runs in-thread in Node tests; only workers/inference.worker.ts knows about comlink.
import type { CatalogEntry } from '../src/lib/catalog/model-catalog.ts';
import { GlassboxError } from '../src/lib/errors.ts';
import type { FetchLike } from '../src/lib/loading/fetch-file.ts';
import type { LoadProgress } from '../src/lib/progress.ts';
import type { Backend } from '../src/lib/runtime/backend.ts';
import { configureWasmThreads, ORT_VERSION, type WasmThreading } from '../src/lib/runtime/onnx-runtime.ts';
import { probeWebGpu, type GpuLike, type WebGpuStatus } from '../src/lib/runtime/webgpu-probe.ts';
import { transfer } from 'comlink';
import type { RgbaImage } from '../src/lib/tasks/object-detection/letterbox.ts';
import { decodeImage } from './decode-image.ts';
import { ObjectDetector, type DetectionResult, type DetectorInfo } from './object-detector.ts';
import type { ServedModel } from './served-model.ts';
import { TextClassifier, type ClassifiedLine, type TextClassifierInfo } from './text-classifier.ts';

export interface RuntimeCapabilities {
  ortVersion: string;
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
  wasm: WasmThreading;
  webgpu: WebGpuStatus;
}

export interface LoadTimings {
  /** Model download; 0 when the bytes were already in this worker. */
  fetchMs: number;
  createSessionMs: number;
  warmUpMs: number;
}

export interface LoadedTextClassifier {
  backend: Backend;
  info: TextClassifierInfo;
  timings: LoadTimings;
  /** True when the session already existed (switching back to a backend used before). */
  reused: boolean;
}

export interface LoadedDetector {
  backend: Backend;
  info: DetectorInfo;
  timings: LoadTimings;
  reused: boolean;
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

interface ServiceEnvironment {
  fetch: FetchLike;
  gpu: GpuLike | undefined;
  isSecureContext: boolean;
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
}

function browserEnvironment(): ServiceEnvironment {
  const nav = (globalThis as { navigator?: { gpu?: GpuLike; hardwareConcurrency?: number } }).navigator;
  return {
    fetch: (url, init) => fetch(url, init),
    gpu: nav?.gpu,
    isSecureContext: globalThis.isSecureContext ?? false,
    crossOriginIsolated: globalThis.crossOriginIsolated ?? false,
    hardwareConcurrency: nav?.hardwareConcurrency ?? 1,
  };
}

export class InferenceService {
  private readonly env: ServiceEnvironment;
  private readonly textClassifiers = new Map<string, TextClassifier>();
  private readonly detectors = new Map<string, ObjectDetector>();
  private webgpu: Promise<WebGpuStatus> | null = null;

  constructor(environment: Partial<ServiceEnvironment> = {}) {
    this.env = { ...browserEnvironment(), ...environment };
  }

  private webGpuStatus(): Promise<WebGpuStatus> {
    this.webgpu ??= probeWebGpu(this.env.gpu, this.env.isSecureContext);
    return this.webgpu;
  }

  async capabilities(): Promise<RuntimeCapabilities> {
    return {
      ortVersion: ORT_VERSION,
      crossOriginIsolated: this.env.crossOriginIsolated,
      hardwareConcurrency: this.env.hardwareConcurrency,
      wasm: configureWasmThreads(this.env),
      webgpu: await this.webGpuStatus(),
    };
  }

  /**
   * Fetches a model once (kept per id, so switching backend does not refetch), then creates and warms
   * its session on backend, reporting each stage.
   */
  private async prepare<M extends ServedModel>(
    loaded: Map<string, M>,
    id: string,
    fetchModel: () => Promise<M>,
    backend: Backend,
    onProgress: (progress: LoadProgress) => void,
  ): Promise<{ model: M; timings: LoadTimings; reused: boolean }> {
    configureWasmThreads(this.env);
    if (backend === 'webgpu') {
      const status = await this.webGpuStatus();
      if (!status.available) {
        throw new GlassboxError({
          code: 'webgpu-unavailable',
          message: status.reason,
          remedy: status.remedy,
        });
      }
    }
    const started = performance.now();
    let model = loaded.get(id);
    if (!model) {
      model = await fetchModel();
      loaded.set(id, model);
    }
    const fetchMs = performance.now() - started;
    const reused = model.hasSession(backend);
    onProgress({ stage: 'create-session', backend });
    const createStarted = performance.now();
    await model.createSession(backend);
    const createSessionMs = performance.now() - createStarted;
    let warmUpMs = 0;
    if (!reused) {
      onProgress({ stage: 'warm-up', backend });
      const warmStarted = performance.now();
      await model.warmUp(backend);
      warmUpMs = performance.now() - warmStarted;
    }
    return { model, timings: { fetchMs, createSessionMs, warmUpMs }, reused };
  }

  /** The model with that id, once its session on backend exists; otherwise a typed "not loaded" error. */
  private static loadedOn<M extends ServedModel>(loaded: Map<string, M>, id: string, backend: Backend): M {
    const model = loaded.get(id);
    if (!model?.hasSession(backend)) {
      throw new GlassboxError({
        code: 'no-model-loaded',
        message: 'No model is loaded on this backend yet.',
        remedy: 'Wait for the model to finish loading, then run again.',
      });
    }
    return model;
  }

  async loadTextClassifier(
    entry: Pick<CatalogEntry, 'id' | 'folder'>,
    backend: Backend,
    onProgress: (progress: LoadProgress) => void = () => {},
  ): Promise<LoadedTextClassifier> {
    const { model, timings, reused } = await this.prepare(
      this.textClassifiers,
      entry.id,
      () => TextClassifier.fetch(entry, this.env.fetch, onProgress),
      backend,
      onProgress,
    );
    return { backend, info: model.info, timings, reused };
  }

  async classify(modelId: string, backend: Backend, texts: readonly string[]): Promise<ClassificationRun> {
    const classifier = InferenceService.loadedOn(this.textClassifiers, modelId, backend);
    if (texts.length === 0) {
      throw new GlassboxError({
        code: 'empty-input',
        message: 'There is no text to classify.',
        remedy: 'Type a sentence; each line is classified on its own.',
      });
    }
    const tokenizeStarted = performance.now();
    const sequences = classifier.tokenize(texts);
    const tokenizeMs = performance.now() - tokenizeStarted;
    const inferenceStarted = performance.now();
    const lines = await classifier.classify(backend, texts, sequences);
    const inferenceMs = performance.now() - inferenceStarted;
    return { backend, lines, tokenizeMs, inferenceMs };
  }

  async loadDetector(
    entry: Pick<CatalogEntry, 'id' | 'folder'>,
    backend: Backend,
    onProgress: (progress: LoadProgress) => void = () => {},
  ): Promise<LoadedDetector> {
    const { model, timings, reused } = await this.prepare(
      this.detectors,
      entry.id,
      () => ObjectDetector.fetch(entry, this.env.fetch, onProgress),
      backend,
      onProgress,
    );
    return { backend, info: model.info, timings, reused };
  }

  /** Detects on RGBA pixels (Node tests, and images already decoded). */
  async detectPixels(
    modelId: string,
    backend: Backend,
    image: RgbaImage,
    includePreview = false,
  ): Promise<DetectionRun> {
    const detector = InferenceService.loadedOn(this.detectors, modelId, backend);
    const result = await detector.detect(backend, image, includePreview);
    return { ...result, originalWidth: image.width, originalHeight: image.height, decodeMs: 0 };
  }

  /** Decodes an image file or video frame here in the worker, then detects; the preview is transferred. */
  async detectImage(
    modelId: string,
    backend: Backend,
    source: Blob | ImageBitmap,
    includePreview = false,
  ): Promise<DetectionRun> {
    const detector = InferenceService.loadedOn(this.detectors, modelId, backend);
    const started = performance.now();
    const decoded = await decodeImage(source);
    const decodeMs = performance.now() - started;
    const result = await detector.detect(backend, decoded.image, includePreview);
    const run: DetectionRun = {
      ...result,
      originalWidth: decoded.originalWidth,
      originalHeight: decoded.originalHeight,
      decodeMs,
    };
    return result.preview ? transfer(run, [result.preview.data.buffer as ArrayBuffer]) : run;
  }
}
