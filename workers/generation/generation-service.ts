// The text-generation service a worker exposes: load a causal language model (download with progress,
// cache first), generate with tokens streamed to the page as they are made, Stop between steps. The same
// class runs in-thread in Node tests; only workers/generation/generation.worker.ts knows about comlink.
import { throttledYield } from '../shared/throttled-yield.ts';
import { GlassboxError } from '../../src/lib/errors.ts';
import { downloadFile, type ModelCache } from '../../src/lib/loading/file-download.ts';
import { parseJsonFile } from '../../src/lib/loading/fetch-file.ts';
import { downloadModel } from '../../src/lib/loading/model-download.ts';
import { openModelCache } from '../../src/lib/loading/offline-save.ts';
import { throttledProgress } from '../../src/lib/loading/throttled-progress.ts';
import type { LoadProgress } from '../../src/lib/progress.ts';
import { BACKEND_LABELS, type Backend } from '../../src/lib/runtime/backend.ts';
import {
  configureWasmThreads,
  downloadRuntime,
  ortVersion,
  requestWasmThreads,
  wasmThreadsInUse,
} from '../../src/lib/runtime/onnx-runtime.ts';
import { maxThreads, ruleThreads } from '../../src/lib/runtime/thread-choice.ts';
import { probeWebGpu, type WebGpuStatus } from '../../src/lib/runtime/webgpu-probe.ts';
import type { ModelLocation } from '../../src/lib/sources/model-location.ts';
import type { TokenBatch } from '../../src/contracts/generation-transfer.ts';
import { TokenBatcher } from './token-batches.ts';
import type { RuntimeCapabilities } from '../../src/contracts/inference.ts';
import type {
  GenerateRequest,
  GenerationResult,
  LensAnswer,
  LoadedGenerator,
} from '../../src/contracts/generation.ts';
import type {
  CompareGenerationRequest,
  CompareStage,
  GenerationComparisonResult,
} from '../../src/contracts/generation-compare.ts';
import { CancellableDownloads } from '../inference/cancellable-downloads.ts';
import { GenerationCaptures } from './generation-captures.ts';
import type { StepAttentionAnswer, StepFacts } from '../../src/contracts/generation.ts';
import type { StepPlan } from '../../src/lib/tasks/text-generation/step-replay.ts';
import type {
  BackendComparison,
  CapturedTensor,
  CaptureOptions,
  CaptureResult,
  NodeTiming,
  TensorSlice,
} from '../../src/lib/capture/capture-types.ts';
import type { ModelTaskKind } from '../../src/lib/sources/model-location.ts';
import { compareGreedy } from './generation-compare.ts';
import { withFirstNaNNode } from './generation-nan-step.ts';
import { TextGenerator } from './text-generator.ts';
import { browserWorkerEnvironment, type WorkerEnvironment } from '../shared/worker-environment.ts';

type GenerationEnvironment = WorkerEnvironment;
const browserEnvironment = browserWorkerEnvironment;

/** generation_config.json beside config.json (eos_token_id lives there in many exports); null if none. */
function generationConfigUrl(location: ModelLocation): string | null {
  const config = location.files.config;
  return config?.endsWith('/config.json')
    ? `${config.slice(0, -'config.json'.length)}generation_config.json`
    : null;
}

export class GenerationService {
  private readonly env: GenerationEnvironment;
  private model: TextGenerator | null = null;
  private webgpu: Promise<WebGpuStatus> | null = null;
  private stopRequested = false;
  private running = false;
  /** The count setWasmThreads asked for (a benchmark's configuration); null: the page's or the rule's. */
  private askedThreads: number | null = null;
  private readonly downloads: CancellableDownloads;
  private readonly captures = new GenerationCaptures();
  /** The replay in progress (or done): the next one waits for it. */
  private replays: Promise<unknown> = Promise.resolve();

  constructor(environment: Partial<GenerationEnvironment> = {}) {
    this.env = { ...browserEnvironment(), ...environment };
    this.downloads = new CancellableDownloads(this.env);
  }

  /** What this worker can run on: the same facts the other views show beside their backend switch. */
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

  private webGpuStatus(): Promise<WebGpuStatus> {
    this.webgpu ??= probeWebGpu(this.env.gpu, this.env.isSecureContext);
    return this.webgpu;
  }

  /** Exactly threads WASM threads, before the first session (a worker holds one count). */
  setWasmThreads(threads: number): { threads: number; applied: boolean } {
    const asked = Math.max(1, Math.floor(threads));
    this.askedThreads = asked;
    requestWasmThreads(asked, this.env.crossOriginIsolated);
    const inUse = wasmThreadsInUse();
    return inUse === null ? { threads: asked, applied: true } : { threads: inUse, applied: inUse === asked };
  }

  private async requireBackend(backend: Backend): Promise<void> {
    configureWasmThreads(this.env);
    if (backend !== 'webgpu') return;
    const status = await this.webGpuStatus();
    if (!status.available) {
      throw new GlassboxError({ code: 'webgpu-unavailable', message: status.reason, remedy: status.remedy });
    }
  }

  /** Cancels the downloads in flight. */
  cancelDownloads(): number {
    return this.downloads.cancel();
  }

  /**
   * Downloads (cache first) and prepares a language model on backend; a model already here is reused.
   * threads: the WASM count the page chose for this model (a measurement it remembers); null: the count
   * setWasmThreads asked for, else the thread rule on the model's decode step. ONNX Runtime reads it once,
   * at this worker's first session: a worker that started with another count reports the count it has.
   */
  async load(
    location: ModelLocation,
    backend: Backend,
    onProgress: (progress: LoadProgress) => void = () => {},
    threads: number | null = null,
  ): Promise<LoadedGenerator> {
    await this.requireBackend(backend);
    const runtime = downloadRuntime(backend, (progress) => onProgress({ stage: 'runtime', ...progress }));
    const started = performance.now();
    if (this.model?.info.key !== location.key) {
      await this.model?.release();
      this.model = null;
      const openCache = async (): Promise<ModelCache | null> =>
        location.cache ? await openModelCache(this.env.caches) : null;
      const model = await this.downloads.run(openCache, async (context) => {
        const download = await downloadModel(location, context, throttledProgress(onProgress));
        const url = generationConfigUrl(location);
        let generationConfig: Record<string, unknown> | null = null;
        if (url) {
          // Optional: most exports have one, a missing one changes nothing but the end-of-text ids.
          try {
            const file = await downloadFile(url, context, () => {});
            generationConfig = parseJsonFile(file.bytes, url) as Record<string, unknown>;
          } catch {
            generationConfig = null;
          }
        }
        return TextGenerator.fromDownload(download, generationConfig);
      });
      this.model = model;
    }
    const model = this.model;
    const fetchMs = performance.now() - started;
    await runtime;
    const created = performance.now();
    const { crossOriginIsolated, hardwareConcurrency } = this.env;
    const rule = ruleThreads(model.decodeFlopsPerNode ?? 0, hardwareConcurrency, crossOriginIsolated);
    // Ignored once WebAssembly has started in this worker (the page then sees the count in use).
    requestWasmThreads(
      Math.min(threads ?? this.askedThreads ?? rule, maxThreads(hardwareConcurrency, crossOriginIsolated)),
      crossOriginIsolated,
    );
    if (!model.hasSession(backend)) {
      onProgress({ stage: 'create-session', backend });
      await model.createSession(backend);
      onProgress({ stage: 'warm-up', backend });
      await model.warmUp(backend);
    }
    return {
      backend,
      wasmThreads: wasmThreadsInUse(),
      info: model.info,
      decodeFlopsPerNode: model.decodeFlopsPerNode,
      fetchMs,
      createSessionMs: performance.now() - created,
    };
  }

  /**
   * The loaded model, claimed for one generation or comparison at a time (the caller clears `running` in
   * its finally); verb says what to do again in the remedy.
   */
  private claim(verb: string): TextGenerator {
    const model = this.model;
    if (!model) {
      throw new GlassboxError({
        code: 'no-model-loaded',
        message: 'No language model is loaded yet.',
        remedy: `Wait for the model to finish loading, then ${verb} again.`,
      });
    }
    if (this.running) {
      throw new GlassboxError({
        code: 'inference-failed',
        message: 'A generation is already running in this view.',
        remedy: `Stop it, or wait for it to end, then ${verb} again.`,
      });
    }
    this.running = true;
    this.stopRequested = false;
    return model;
  }

  /**
   * Generates from the loaded model; onTokens gets the tokens as they are made, a batch per frame
   * (token-batches.ts; a comlink proxy in the browser: its calls are not awaited, so the page never slows
   * the loop). The last batch is sent before the result. One generation at a time.
   */
  async generate(
    backend: Backend,
    request: GenerateRequest,
    onTokens: (batch: TokenBatch) => unknown = () => {},
  ): Promise<GenerationResult> {
    const model = this.claim('generate');
    const batches = new TokenBatcher((batch) => void onTokens(batch));
    try {
      const result = await model.generate(backend, request, {
        onToken: (token) => batches.add(token),
        shouldStop: () => this.stopRequested,
        yieldBetweenSteps: throttledYield(),
      });
      batches.flush();
      // NaN scores: a capture of that step names the first node whose output holds a NaN.
      return result.finish === 'nan'
        ? await withFirstNaNNode(model, backend, request.forcedIds, result)
        : result;
    } finally {
      this.running = false;
    }
  }

  /**
   * Generates greedily on WASM and on WebGPU from the same prompt and compares the tokens; where they
   * part, compares that step node by node. Creates the session of a backend not loaded yet, and releases
   * it when the comparison ends (a WebGPU session holds GPU buffers and a second copy of the weights; the
   * view goes on generating on its own backend). Stop ends it between steps, as it ends a generation.
   */
  async compareBackends(
    request: CompareGenerationRequest,
    onStage: (stage: CompareStage) => unknown = () => {},
  ): Promise<GenerationComparisonResult> {
    const model = this.claim('compare');
    const created: Backend[] = [];
    try {
      for (const backend of ['wasm', 'webgpu'] as const) {
        if (model.hasSession(backend)) continue;
        await this.requireBackend(backend);
        void onStage({ phase: 'prepare', backend });
        await downloadRuntime(backend, () => {});
        created.push(backend);
        await model.createSession(backend);
        await model.warmUp(backend);
      }
      const side = (backend: Backend) => ({ generator: model, backend, label: BACKEND_LABELS[backend] });
      return await compareGreedy([side('wasm'), side('webgpu')], request, {
        onStage: (stage) => void onStage(stage),
        shouldStop: () => this.stopRequested,
        yieldBetweenSteps: throttledYield(),
      });
    } finally {
      for (const backend of created) await model.releaseSession(backend).catch(() => undefined);
      this.running = false;
    }
  }

  /** Whether the loaded model holds a session on backend now (tests: a comparison releases what it made). */
  hasSession(backend: Backend): boolean {
    return this.model?.hasSession(backend) ?? false;
  }

  /** The logit lens over ids (prompt and generated tokens) on the loaded model. */
  async logitLens(backend: Backend, ids: number[]): Promise<LensAnswer> {
    if (!this.model) {
      throw new GlassboxError({
        code: 'no-model-loaded',
        message: 'No language model is loaded yet.',
        remedy: 'Wait for the model to finish loading, then try again.',
      });
    }
    return this.model.logitLens(backend, ids);
  }

  /** Ends the generation in flight after its current step (the tokens so far are kept). */
  stop(): boolean {
    this.stopRequested = this.running;
    return this.running;
  }

  // Look inside one step (workers/generation/generation-captures.ts). The capture methods have the inference
  // worker's signatures, so the page's Look inside (RunCapture) drives this worker as it drives that one.

  /** Replays the step of a plan on the loaded model and keeps it as the step Look inside captures. */
  async prepareStep(modelKey: string, backend: Backend, plan: StepPlan): Promise<StepFacts> {
    return this.whileReplaying(modelKey, backend, (model) => this.captures.prepare(model, backend, plan));
  }

  /** The attention probabilities of one step (found by structure), or the sentence saying there are none. */
  async stepAttention(modelKey: string, backend: Backend, plan: StepPlan): Promise<StepAttentionAnswer> {
    return this.whileReplaying(modelKey, backend, (model) => this.captures.attention(model, backend, plan));
  }

  async captureRun(
    _task: ModelTaskKind,
    modelKey: string,
    backend: Backend,
    options: CaptureOptions = {},
  ): Promise<CaptureResult> {
    await this.requireBackend(backend);
    return this.captures.capture(modelKey, backend, options);
  }

  async capturedTensor(captureId: string, name: string, slice?: TensorSlice): Promise<CapturedTensor> {
    return this.captures.tensor(captureId, name, slice);
  }

  async compareCaptures(referenceId: string, otherId: string): Promise<BackendComparison> {
    return this.captures.compare(referenceId, otherId);
  }

  async profileRun(_task: ModelTaskKind, modelKey: string, backend: Backend): Promise<NodeTiming[]> {
    await this.requireBackend(backend);
    return this.captures.profile(modelKey, backend);
  }

  async releaseCapture(captureId: string): Promise<boolean> {
    return this.captures.release(captureId);
  }

  /**
   * A replay runs on the generation's session: never while a generation runs, and none starts meanwhile;
   * replays asked at once (the attention of a token and Look inside its step) take turns.
   */
  private whileReplaying<T>(
    modelKey: string,
    backend: Backend,
    replay: (model: TextGenerator) => Promise<T>,
  ): Promise<T> {
    const turn = this.replays.then(async () => {
      const model = this.model;
      if (!model || model.info.key !== modelKey || !model.hasSession(backend)) {
        throw new GlassboxError({
          code: 'no-model-loaded',
          message: 'The language model that made this text is not loaded on this backend now.',
          remedy: 'Generate again, then pick a token.',
        });
      }
      if (this.running) {
        throw new GlassboxError({
          code: 'inference-failed',
          message: 'A generation is running in this view.',
          remedy: 'Wait for it to end (or Stop it), then look again.',
        });
      }
      this.running = true;
      try {
        return await replay(model);
      } finally {
        this.running = false;
      }
    });
    this.replays = turn.catch(() => undefined);
    return turn;
  }

  async release(): Promise<void> {
    await this.model?.release();
    this.model = null;
  }
}
