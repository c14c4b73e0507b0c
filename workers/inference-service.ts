// The inference service a worker exposes: load a model on a backend (with staged progress) and run it.
// The same class runs in-thread in Node tests; only workers/inference.worker.ts knows about comlink.
import type { CatalogEntry } from '../src/lib/catalog/model-catalog.ts';
import { GlassboxError } from '../src/lib/errors.ts';
import type { FetchLike } from '../src/lib/loading/fetch-file.ts';
import type { LoadProgress } from '../src/lib/progress.ts';
import type { Backend } from '../src/lib/runtime/backend.ts';
import { configureWasmThreads, ORT_VERSION, type WasmThreading } from '../src/lib/runtime/onnx-runtime.ts';
import { probeWebGpu, type GpuLike, type WebGpuStatus } from '../src/lib/runtime/webgpu-probe.ts';
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

const WARM_UP_TEXT = 'warm up';

export class InferenceService {
  private readonly env: ServiceEnvironment;
  private classifier: TextClassifier | null = null;
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

  async loadTextClassifier(
    entry: Pick<CatalogEntry, 'id' | 'folder'>,
    backend: Backend,
    onProgress: (progress: LoadProgress) => void = () => {},
  ): Promise<LoadedTextClassifier> {
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
    if (this.classifier?.info.modelId !== entry.id) {
      await this.classifier?.release();
      this.classifier = null;
      this.classifier = await TextClassifier.fetch(entry, this.env.fetch, onProgress);
    }
    const classifier = this.classifier;
    const fetchMs = performance.now() - started;
    const reused = classifier.hasSession(backend);
    onProgress({ stage: 'create-session', backend });
    const createStarted = performance.now();
    await classifier.createSession(backend);
    const createSessionMs = performance.now() - createStarted;
    let warmUpMs = 0;
    if (!reused) {
      // The first run pays for kernel setup (shader compilation on WebGPU); keep it out of run latencies.
      onProgress({ stage: 'warm-up', backend });
      const warmStarted = performance.now();
      await classifier.classify(backend, [WARM_UP_TEXT], classifier.tokenize([WARM_UP_TEXT]));
      warmUpMs = performance.now() - warmStarted;
    }
    return { backend, info: classifier.info, timings: { fetchMs, createSessionMs, warmUpMs }, reused };
  }

  async classify(backend: Backend, texts: readonly string[]): Promise<ClassificationRun> {
    const classifier = this.classifier;
    if (!classifier?.hasSession(backend)) {
      throw new GlassboxError({
        code: 'no-model-loaded',
        message: 'No model is loaded on this backend yet.',
        remedy: 'Wait for the model to finish loading, then run again.',
      });
    }
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
}
