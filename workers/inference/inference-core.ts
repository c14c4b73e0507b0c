// The inference worker's core: load a model of any task on a backend (with staged progress), through the
// task registry's adapters; downloads and their cancelling, the WASM threads, WebGPU's probe, offline
// saving, and Look inside's captures. The task calls are its subclasses (text-task-calls.ts, then
// inference-service.ts, the class the worker exposes); only workers/inference/inference.worker.ts knows comlink.
import type {
  Loaded,
  LoadedInfo,
  RuntimeCapabilities,
  LoadTimings,
  OpenedModel,
} from '../../src/contracts/inference.ts';
import { GlassboxError } from '../../src/lib/errors.ts';
import type { ModelCache } from '../../src/lib/loading/file-download.ts';
import { openModelCache, saveModelForOffline } from '../../src/lib/loading/offline-save.ts';
import { downloadModel, type JsonRole, type ModelDownload } from '../../src/lib/loading/model-download.ts';
import type { ModelLocation, ModelTaskKind } from '../../src/lib/sources/model-location.ts';
import { detectTask } from '../../src/lib/sources/task-detection.ts';
import { taskRow } from '../../src/lib/tasks/registry.ts';
import type { LoadProgress } from '../../src/lib/progress.ts';
import { throttledProgress } from '../../src/lib/loading/throttled-progress.ts';
import { modelSourceOf } from '../../src/lib/loading/model-source.ts';
import type { Backend } from '../../src/lib/runtime/backend.ts';
import {
  configureWasmThreads,
  downloadRuntime,
  ortVersion,
  requestWasmThreads,
  runtimeFetchByOrt,
  wasmThreadsInUse,
} from '../../src/lib/runtime/onnx-runtime.ts';
import { maxThreads } from '../../src/lib/runtime/thread-choice.ts';
import type { TensorData } from '../../src/lib/tensor.ts';
import { probeWebGpu, type WebGpuStatus } from '../../src/lib/runtime/webgpu-probe.ts';
import { transfer } from 'comlink';
import type {
  BackendComparison,
  CapturedTensor,
  CaptureOptions,
  CaptureResult,
  NodeTiming,
  TensorSlice,
} from '../../src/lib/capture/capture-types.ts';
import { CaptureEngine } from './capture/capture-engine.ts';
import type { CaptureSource } from './capture/last-run.ts';
import { compareCaptures } from './capture/compare-captures.ts';
import { prepareReport } from './capture/prepare-report.ts';
import type { PreparedReport, ReportRequest } from '../../src/contracts/report.ts';
import { profileRun } from './capture/profile-run.ts';
import type { GenericModel } from './tasks/generic-model.ts';
import type { ObjectDetector } from './tasks/object-detector.ts';
import type { ServedModel } from './served-model.ts';
import type { TextClassifier } from './tasks/text-classifier.ts';
import type { ImageClassifier } from './tasks/image-classifier.ts';
import type { TokenClassifier } from './tasks/token-classifier.ts';
import type { QuestionAnswerer } from './tasks/question-answerer.ts';
import type { MaskedLanguageModel } from './tasks/masked-lm.ts';
import { CancellableDownloads } from './cancellable-downloads.ts';
import { browserServiceEnvironment, type ServiceEnvironment } from '../shared/worker-environment.ts';
import type { ZeroShotClassifier } from './tasks/zero-shot-classifier.ts';
import type { SentenceEmbedder } from './tasks/sentence-embedder.ts';
import type { ImageSegmenter } from './tasks/image-segmenter.ts';
import type { DepthEstimator } from './tasks/depth-estimator.ts';
import { taskAdapters } from './task-adapters.ts';

export class InferenceCore {
  protected readonly env: ServiceEnvironment;
  protected readonly textClassifiers = new Map<string, TextClassifier>();
  protected readonly detectors = new Map<string, ObjectDetector>();
  protected readonly imageClassifiers = new Map<string, ImageClassifier>();
  protected readonly genericModels = new Map<string, GenericModel>();
  protected readonly tokenClassifiers = new Map<string, TokenClassifier>();
  protected readonly questionAnswerers = new Map<string, QuestionAnswerer>();
  protected readonly maskedLms = new Map<string, MaskedLanguageModel>();
  protected readonly zeroShotClassifiers = new Map<string, ZeroShotClassifier>();
  protected readonly sentenceEmbedders = new Map<string, SentenceEmbedder>();
  protected readonly segmenters = new Map<string, ImageSegmenter>();
  protected readonly depthEstimators = new Map<string, DepthEstimator>();
  /** The last model downloaded: opening it in a view right after does not download it again. */
  private lastDownload: ModelDownload | null = null;
  protected readonly downloads: CancellableDownloads;
  private webgpu: Promise<WebGpuStatus> | null = null;
  protected readonly captures = new CaptureEngine();
  protected readonly explanationsInFlight = new Set<{ cancelled: boolean }>();

  constructor(environment: Partial<ServiceEnvironment> = {}) {
    this.env = { ...browserServiceEnvironment(), ...environment };
    this.downloads = new CancellableDownloads(this.env);
  }

  private webGpuStatus(): Promise<WebGpuStatus> {
    this.webgpu ??= probeWebGpu(this.env.gpu, this.env.isSecureContext);
    return this.webgpu;
  }

  async capabilities(): Promise<RuntimeCapabilities> {
    return {
      ortVersion: await ortVersion(),
      crossOriginIsolated: this.env.crossOriginIsolated,
      hardwareConcurrency: this.env.hardwareConcurrency,
      wasm: {
        threads: maxThreads(this.env.hardwareConcurrency, this.env.crossOriginIsolated),
        crossOriginIsolated: this.env.crossOriginIsolated,
      },
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
    fetchModel: () => Promise<{ model: M; download: ModelDownload | null; earlierDownloadMs: number }>,
    backend: Backend,
    onProgress: (progress: LoadProgress) => void,
  ): Promise<{ model: M; timings: LoadTimings; reused: boolean; wasmThreads: number | null }> {
    await this.requireBackend(backend);
    // The runtime downloads while the model does: session creation needs both.
    const runtime = downloadRuntime(backend, (progress) => onProgress({ stage: 'runtime', ...progress }));
    const started = performance.now();
    let model = loaded.get(id);
    let download: ModelDownload | null = null;
    let earlierDownloadMs = 0;
    if (!model) {
      const fetched = await fetchModel();
      model = fetched.model;
      download = fetched.download;
      earlierDownloadMs = fetched.earlierDownloadMs;
      loaded.set(id, model);
    }
    const fetchMs = performance.now() - started + earlierDownloadMs;
    const modelSource = modelSourceOf(download, this.env.resourceTiming);
    const runtimeLoad = await runtime;
    const reused = model.hasSession(backend);
    onProgress({ stage: 'create-session', backend });
    const createStarted = performance.now();
    await model.createSession(backend);
    const createSessionMs = performance.now() - createStarted;
    if (runtimeLoad.source === 'network' || runtimeLoad.source === 'http-cache') {
      runtimeLoad.ortFetch = runtimeFetchByOrt(backend);
    }
    let warmUpMs = 0;
    if (!reused) {
      onProgress({ stage: 'warm-up', backend });
      const warmStarted = performance.now();
      await model.warmUp(backend);
      warmUpMs = performance.now() - warmStarted;
    }
    const wasmThreads = wasmThreadsInUse();
    return {
      model,
      timings: { fetchMs, modelSource, runtime: runtimeLoad, createSessionMs, warmUpMs },
      reused,
      wasmThreads,
    };
  }

  /**
   * Asks for exactly threads WASM threads. ORT reads the count once, when this worker's WebAssembly
   * starts (its first session): applied is false when that already happened with another count, and
   * the caller must start a fresh worker to change it.
   */
  async setWasmThreads(threads: number): Promise<{ threads: number; applied: boolean }> {
    const asked = Math.max(1, Math.floor(threads));
    requestWasmThreads(asked, this.env.crossOriginIsolated);
    const inUse = wasmThreadsInUse();
    return inUse === null ? { threads: asked, applied: true } : { threads: inUse, applied: inUse === asked };
  }

  /** The model's FLOPs per node (what the thread rule reads); downloads it, kept for the load after. */
  async flopsPerNode(
    location: ModelLocation,
    onProgress: (progress: LoadProgress) => void = () => {},
  ): Promise<number | null> {
    return (await this.download(location, onProgress)).flopsPerNode;
  }

  /** The feeds of the model's last run in this view (what a calibration times in another worker). */
  async lastFeeds(task: ModelTaskKind, modelKey: string): Promise<Record<string, TensorData>> {
    return { ...this.captureSourceOf(task, modelKey).lastRun.feeds };
  }

  /**
   * count bare runs of a loaded model on feeds (its last run's when none are given); ms per run, timed
   * here in the worker. A calibration compares these across workers with different thread counts.
   */
  async timeRuns(
    task: ModelTaskKind,
    modelKey: string,
    backend: Backend,
    count: number,
    feeds?: Readonly<Record<string, TensorData>>,
  ): Promise<number[]> {
    const model = InferenceCore.loadedOn(this.modelsOf(task), modelKey, backend);
    const inputs = feeds ?? model.captureSource().lastRun.feeds;
    return model.sessionOn(backend).timeRuns(inputs, Math.max(1, Math.min(100, Math.floor(count))));
  }

  /** Threads configured once; WebGPU checked before anything is created on it. */
  private async requireBackend(backend: Backend): Promise<void> {
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
  }

  /** Each adapter (the task registry's row names one per task): its loaded models and how it makes one. */
  private readonly adapters = taskAdapters({
    textClassifiers: this.textClassifiers,
    detectors: this.detectors,
    imageClassifiers: this.imageClassifiers,
    genericModels: this.genericModels,
    tokenClassifiers: this.tokenClassifiers,
    questionAnswerers: this.questionAnswerers,
    maskedLms: this.maskedLms,
    zeroShotClassifiers: this.zeroShotClassifiers,
    sentenceEmbedders: this.sentenceEmbedders,
    segmenters: this.segmenters,
    depthEstimators: this.depthEstimators,
  });

  /** The loaded models of task's adapter. */
  private modelsOf(task: ModelTaskKind): Map<string, ServedModel> {
    return this.adapters[taskRow(task).adapter].models;
  }

  /**
   * Loads a model of task on backend: downloads it once (kept per key, so switching backend does not
   * fetch again), then creates and warms its session, reporting each stage.
   */
  async load<Task extends ModelTaskKind>(
    task: Task,
    location: ModelLocation,
    backend: Backend,
    onProgress: (progress: LoadProgress) => void = () => {},
  ): Promise<Loaded<LoadedInfo[Task]>> {
    const adapter = this.adapters[taskRow(task).adapter];
    const { model, timings, reused, wasmThreads } = await this.prepare(
      adapter.models,
      location.key,
      () => this.fetchModel(location, onProgress, adapter.make),
      backend,
      onProgress,
    );
    // The adapter of task makes models whose info is task's (LoadedInfo).
    return { backend, wasmThreads, info: model.info as LoadedInfo[Task], timings, reused };
  }

  /** The model with that id, once its session on backend exists; otherwise a typed "not loaded" error. */
  protected static loadedOn<M extends ServedModel>(loaded: Map<string, M>, id: string, backend: Backend): M {
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

  /** A model built from its download; download is null when the files were already in this worker. */
  private async fetchModel<M>(
    location: ModelLocation,
    onProgress: (progress: LoadProgress) => void,
    make: (download: ModelDownload) => M | Promise<M>,
  ): Promise<{ model: M; download: ModelDownload | null; earlierDownloadMs: number }> {
    // A download made just before this load (the thread rule reads the model's FLOPs first) is this
    // load's download: its source and time are reported here, not "already loaded" in no time.
    const earlier = this.unreportedDownload?.key === location.key ? this.unreportedDownload : null;
    const inWorker = this.lastDownload?.location.key === location.key && !earlier;
    const download = await this.download(location, onProgress);
    this.unreportedDownload = null;
    return {
      model: await make(download),
      download: inWorker ? null : download,
      earlierDownloadMs: earlier?.ms ?? 0,
    };
  }

  /** The last download when no load has reported it yet, with how long it took. */
  private unreportedDownload: { key: string; ms: number } | null = null;

  /** Downloads a model's files (cache first), cancellable through cancelDownloads(). */
  private async download(
    location: ModelLocation,
    onProgress: (progress: LoadProgress) => void,
  ): Promise<ModelDownload> {
    if (this.lastDownload?.location.key === location.key) return this.lastDownload;
    const openCache = async (): Promise<ModelCache | null> =>
      location.cache ? openModelCache(this.env.caches) : null;
    const started = performance.now();
    const download = await this.downloads.run(openCache, (context) =>
      downloadModel(location, context, throttledProgress(onProgress)),
    );
    this.lastDownload = download;
    this.unreportedDownload = { key: location.key, ms: performance.now() - started };
    return download;
  }

  /** Cancels every download in flight; returns how many there were. */
  cancelDownloads(): number {
    return this.downloads.cancel();
  }

  /** Downloads a model and says what it is (task detection) without creating a session. */
  async openModel(
    location: ModelLocation,
    onProgress: (progress: LoadProgress) => void = () => {},
  ): Promise<OpenedModel> {
    const download = await this.download(location, onProgress);
    const config = download.json.config;
    const detection = detectTask(
      download.signature,
      typeof config === 'object' && config !== null ? (config as Record<string, unknown>) : null,
      { tokenizer: download.json.tokenizer !== null },
      { modules: download.json.modules, pooling: download.json.pooling },
    );
    return {
      key: location.key,
      label: location.label,
      origin: location.origin,
      facts: download.facts,
      signature: download.signature,
      detection,
      files: (Object.keys(download.json) as JsonRole[]).filter((role) => download.json[role] !== null),
      externalData: download.externalData.map((file) => file.path),
      fromCache: download.fromCache,
      cacheProblem: download.cacheProblem,
    };
  }

  /** Saves a model's files in the browser cache for offline use, without loading it. */
  async saveForOffline(
    location: ModelLocation,
    onProgress: (progress: LoadProgress) => void = () => {},
  ): Promise<{ files: number; alreadySaved: number }> {
    const cache = await openModelCache(this.env.caches);
    if (!cache) {
      throw new GlassboxError({
        code: 'storage-unavailable',
        message: 'This browser does not let the page keep files (no Cache API, or site data is blocked).',
        remedy: 'Allow site data for this page, or use a browser window that is not private.',
      });
    }
    return this.downloads.run(
      async () => cache,
      (context) => saveModelForOffline(location, context, throttledProgress(onProgress)),
    );
  }

  /** Frees a model's sessions and bytes in one task's view (the view moved to another model). */
  async releaseModel(task: ModelTaskKind, key: string): Promise<void> {
    const models = this.modelsOf(task);
    const model = models.get(key);
    models.delete(key);
    this.captures.releaseModel(key);
    await model?.release();
  }

  /** The file and last-run feeds of a view's model; typed errors when it is not open or has not run. */
  protected captureSourceOf(task: ModelTaskKind, modelKey: string): CaptureSource {
    const model = this.modelsOf(task).get(modelKey);
    if (!model) {
      throw new GlassboxError({
        code: 'no-model-loaded',
        message: 'This model is not open in that view.',
        remedy: 'Open the model and run it, then look inside.',
      });
    }
    return model.captureSource();
  }

  /**
   * Captures every value (or a scope, or named values) of the view's last run in a session of its own on
   * backend: summaries come back, tensors stay here within the budget. The view's session is untouched.
   */
  async captureRun(
    task: ModelTaskKind,
    modelKey: string,
    backend: Backend,
    options: CaptureOptions = {},
  ): Promise<CaptureResult> {
    const source = this.captureSourceOf(task, modelKey);
    await this.requireBackend(backend);
    return this.captures.capture(modelKey, source, backend, options);
  }

  /** One captured value (or a slice) as float32, transferred; a value not kept is captured again. */
  async capturedTensor(captureId: string, name: string, slice?: TensorSlice): Promise<CapturedTensor> {
    const tensor = await this.captures.tensor(captureId, name, slice);
    return transfer(tensor, [tensor.data.buffer as ArrayBuffer]);
  }

  async compareCaptures(referenceId: string, otherId: string): Promise<BackendComparison> {
    return compareCaptures(this.captures, referenceId, otherId);
  }

  /**
   * Prepare a report: the compared value's node cut out with its captured inputs and both backends'
   * outputs, the run's input, the model's sha256 and the environment, as one zip (transferred).
   */
  async prepareReport(request: ReportRequest): Promise<PreparedReport> {
    const report = await prepareReport(this.captures, request, await ortVersion());
    return transfer(report, [report.zip.buffer]);
  }

  /** Time per node of the plain model on the view's last input (ORT's profiler, its own session). */
  async profileRun(task: ModelTaskKind, modelKey: string, backend: Backend): Promise<NodeTiming[]> {
    const source = this.captureSourceOf(task, modelKey);
    await this.requireBackend(backend);
    return profileRun(source, backend);
  }

  async releaseCapture(captureId: string): Promise<boolean> {
    return this.captures.release(captureId);
  }

  /** Stops every long task in progress (occlusion maps, embedding runs) at its next run; how many there were. */
  cancelExplanations(): number {
    const count = this.explanationsInFlight.size;
    for (const token of this.explanationsInFlight) token.cancelled = true;
    return count;
  }
}
