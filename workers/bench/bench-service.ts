// The benchmark service a benchmark worker exposes. One worker holds one backend configuration: ORT fixes
// the WASM thread count per WebAssembly instance, and a fresh worker gives an honest cold start. Phases
// are separate calls (prepare, measure, profile, overhead runs) so the page can stop between them and
// time the playground's path against the bare call on the same session.
import type {
  BenchModelSource,
  PrepareRequest,
  BenchProgress,
  PreparedBackend,
} from '../../src/contracts/bench.ts';
import { transfer } from 'comlink';
import { adapterLimitProblem } from '../../src/lib/bench/adapter-limits.ts';
import { detectSimd } from '../../src/lib/bench/environment.ts';
import type { BackendConfig } from '../../src/lib/bench/plan.ts';
import { webGpuKernelEvent, type ProfileEvent } from '../../src/lib/bench/profile.ts';
import {
  runProtocol,
  timeOnce,
  type ProtocolOutcome,
  type ProtocolPlan,
} from '../../src/lib/bench/protocol.ts';
import { measureTimerResolution } from '../../src/lib/bench/timer.ts';
import { HUB_FILES, hubFileUrl } from '../../src/lib/catalog/model-catalog.ts';
import { GlassboxError } from '../../src/lib/errors.ts';
import { fetchFileBytes, type FetchLike } from '../../src/lib/loading/fetch-file.ts';
import {
  createBenchSession,
  installProfileCapture,
  ortVersion,
  requestWasmThreads,
  setWebGpuKernelProfiling,
  settleWebGpu,
  wasmThreadsInUse,
  type BenchSession,
  type PreparedFeeds,
} from '../../src/lib/runtime/onnx-runtime.ts';
import { probeWebGpu, type GpuLike } from '../../src/lib/runtime/webgpu-probe.ts';
import { transferablesOf, type TensorData } from '../../src/lib/tensor.ts';
import { modelFlops } from '../../src/lib/flops/index.ts';
import { decodeModel } from '../../src/lib/onnx/index.ts';
import { buildSyntheticModel } from '../../src/lib/synthetic/build-model.ts';
import { float16Variant } from '../../src/lib/fp16/float16-variant.ts';
import type { WebGpuAdapterSummary } from '../../src/lib/runtime/webgpu-probe.ts';
import { buildBenchInput } from './bench-inputs.ts';
import { weightFacts } from './bench-model-facts.ts';
import { probeSpeed } from './speed-probe.ts';
import type { SpeedProbeResult } from '../../src/lib/bench/estimate.ts';
import { summarizeProfiles, type ProfileOutcome } from './bench-profiler.ts';

interface ServiceEnvironment {
  fetch: FetchLike;
  gpu: GpuLike | undefined;
  isSecureContext: boolean;
  crossOriginIsolated: boolean;
  now: () => number;
}

/** Least time between two progress reports while measuring. */
const PROGRESS_INTERVAL_MS = 100;

function browserEnvironment(): ServiceEnvironment {
  const nav = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator;
  return {
    fetch: (url, init) => fetch(url, init),
    gpu: nav?.gpu,
    isSecureContext: globalThis.isSecureContext ?? false,
    crossOriginIsolated: globalThis.crossOriginIsolated ?? false,
    now: () => performance.now(),
  };
}

/** One macrotask turn, so a Cancel message can be handled between runs (promise turns would not do). */
function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** FLOPs of one run at the fed shapes; null for a model the count cannot read (never fails the run). */
function countFlops(bytes: Uint8Array, feeds: Record<string, TensorData>): number | null {
  try {
    const shapes = Object.fromEntries(
      Object.entries(feeds).map(([name, tensor]) => [name, [...tensor.dims]]),
    );
    const counted = modelFlops(decodeModel(bytes), shapes);
    return counted.unknownNodes === 0 ? counted.total : null;
  } catch {
    return null;
  }
}

function adapterName(adapter: WebGpuAdapterSummary): string {
  return [adapter.vendor, adapter.architecture].filter((part) => part !== '').join(' ') || 'unnamed';
}

function notPrepared(): GlassboxError {
  return new GlassboxError({
    code: 'no-model-loaded',
    message: 'The benchmark worker has no session yet.',
    remedy: 'Prepare the configuration before measuring it.',
  });
}

const TOO_LARGE =
  /max(imum)?\s*buffer|maxStorageBufferBindingSize|buffer size|exceeds? the (max|limit)|out of memory/i;

export class BenchService {
  private readonly env: ServiceEnvironment;
  private readonly abort = new AbortController();
  private state: {
    request: PrepareRequest;
    bytes: Uint8Array;
    session: BenchSession;
    prepared: PreparedFeeds;
    feeds: Record<string, TensorData>;
  } | null = null;

  constructor(environment: Partial<ServiceEnvironment> = {}) {
    this.env = { ...browserEnvironment(), ...environment };
    // Must precede the first session: ORT binds console.log when WebAssembly starts.
    installProfileCapture();
  }

  /** This machine's arithmetic speed now, in a worker of its own (the lab's estimate scales by it). */
  speedProbe(): Promise<SpeedProbeResult> {
    return probeSpeed(this.env.now, this.env.crossOriginIsolated);
  }

  /** Stops measure() and profile() before their next run; the page terminates the worker if that is too slow. */
  cancel(): void {
    this.abort.abort();
  }

  private async checkWebGpu(config: BackendConfig): Promise<{
    maxBufferSize: number | null;
    maxStorageBufferBindingSize: number | null;
  }> {
    const status = await probeWebGpu(this.env.gpu, this.env.isSecureContext);
    if (!status.available) {
      throw new GlassboxError({ code: 'webgpu-unavailable', message: status.reason, remedy: status.remedy });
    }
    if (config.variant === 'fp16' && !status.adapter.features.includes('shader-f16')) {
      throw new GlassboxError({
        code: 'variant-unsupported',
        message: `This GPU adapter (${adapterName(status.adapter)}) has no shader-f16 feature, so WebGPU cannot run the float16 variant.`,
        remedy:
          'Compare fp16 on a GPU whose adapter lists shader-f16, or see its accuracy on “WASM 1 thread, fp16”.',
      });
    }
    return status.adapter;
  }

  async prepare(
    request: PrepareRequest,
    onProgress: (progress: BenchProgress) => void,
  ): Promise<PreparedBackend> {
    const { config, model } = request;
    requestWasmThreads(config.threads, this.env.crossOriginIsolated);
    const limits = config.backend === 'webgpu' ? await this.checkWebGpu(config) : null;
    const now = this.env.now;

    const fetchStarted = now();
    const original = await this.modelBytes(model, onProgress);
    const fetchMs = now() - fetchStarted;
    const facts = await weightFacts(
      original,
      model.synthetic || model.file ? `${model.id}.onnx` : hubFileUrl(model.folder, HUB_FILES.model),
    );
    // The fp16 configuration runs the model's float16 variant; its size and hash stay the original's.
    const bytes = config.variant === 'fp16' ? float16Variant(original).bytes : original;
    if (limits) {
      const problem = adapterLimitProblem(facts, limits);
      if (problem) {
        throw new GlassboxError({
          code: 'bench-model-too-large',
          message: problem,
          remedy: 'Benchmark this model on WASM, or on a GPU with larger buffer limits.',
        });
      }
    }

    onProgress({ stage: 'create-session' });
    let session: BenchSession | undefined;
    const createSessionMs = await timeOnce(now, async () => {
      session = await this.createSession(bytes, config, false);
    });
    if (!session) throw notPrepared();
    const { feeds, description } = await buildBenchInput(
      request.input,
      model.folder,
      session.inputs,
      this.env.fetch,
    );
    const prepared = await session.prepareFeeds(feeds);

    onProgress({ stage: 'first-run' });
    let outputs: Record<string, TensorData> = {};
    const live = session;
    const firstRunMs = await timeOnce(now, async () => {
      outputs = await live.runBareWithOutputs(prepared);
    });
    this.state = { request, bytes, session, prepared, feeds };
    const result: PreparedBackend = {
      ortVersion: await ortVersion(),
      threadsUsed: wasmThreadsInUse(),
      coldStart: { fetchMs, createSessionMs, firstRunMs },
      timerResolutionMs: measureTimerResolution(now),
      simd: detectSimd((probe) => WebAssembly.validate(probe)),
      sha256: facts.sha256,
      fileBytes: original.byteLength,
      inputs: Object.entries(feeds).map(([name, tensor]) => ({
        name,
        dtype: tensor.type,
        dims: [...tensor.dims],
      })),
      inputDescription: description,
      flops: countFlops(original, feeds),
      outputs,
    };
    return transfer(result, transferablesOf(Object.values(outputs)));
  }

  /** The model's bytes: fetched from its folder, or generated for a synthetic model (timed as the fetch). */
  private async modelBytes(
    model: BenchModelSource,
    onProgress: (progress: BenchProgress) => void,
  ): Promise<Uint8Array> {
    if (model.file) {
      // A local file: already in memory, so its "fetch" is the copy into this worker (nothing to time).
      onProgress({ stage: 'fetch', loadedBytes: model.file.byteLength, totalBytes: model.file.byteLength });
      return model.file;
    }
    if (!model.synthetic) {
      return fetchFileBytes(hubFileUrl(model.folder, HUB_FILES.model), this.env.fetch, (p) =>
        onProgress({ stage: 'fetch', loadedBytes: p.loadedBytes, totalBytes: p.totalBytes }),
      );
    }
    onProgress({ stage: 'fetch', loadedBytes: 0, totalBytes: null });
    try {
      return buildSyntheticModel(model.synthetic, model.id);
    } catch (error) {
      throw new GlassboxError({
        code: 'bench-input-unsupported',
        message: `The synthetic model ${model.id} cannot be built: ${error instanceof Error ? error.message : String(error)}`,
        remedy: 'Choose a smaller size or another preset.',
      });
    }
  }

  private async createSession(
    bytes: Uint8Array,
    config: BackendConfig,
    profile: boolean,
  ): Promise<BenchSession> {
    try {
      return await createBenchSession(bytes, config.backend, {
        profile,
        webgpu: {
          outputsOnGpu: config.variant === 'gpu-outputs',
          graphCapture: config.variant === 'graph-capture',
        },
      });
    } catch (error) {
      const detail = error instanceof GlassboxError ? (error.detail ?? error.message) : String(error);
      if (config.backend === 'webgpu' && TOO_LARGE.test(detail)) {
        throw new GlassboxError({
          code: 'bench-model-too-large',
          message: 'The model does not fit this GPU adapter’s limits.',
          remedy: 'Benchmark this model on WASM, or on a GPU with larger buffer limits.',
          detail,
        });
      }
      throw error;
    }
  }

  async measure(plan: ProtocolPlan, onProgress: (progress: BenchProgress) => void): Promise<ProtocolOutcome> {
    const state = this.state;
    if (!state) throw notPrepared();
    return runProtocol(plan, {
      now: this.env.now,
      runOnce: () => state.session.runBare(state.prepared),
      signal: this.abort.signal,
      yieldBetweenRuns: yieldToEvents,
      progressIntervalMs: PROGRESS_INTERVAL_MS,
      onProgress: (p) =>
        onProgress({
          stage: p.phase,
          done: p.done,
          total: p.total,
          newSamplesMs: p.newSamplesMs,
          elapsedMs: p.elapsedMs,
        }),
    });
  }

  /**
   * Profiles `runs` runs on a separate profiling session, so profiling never slows the measured runs.
   * ORT's profiler gives per-node times and providers on both backends; on WebGPU, timestamp queries add
   * the GPU's own kernel times. One unprofiled-in-effect run first: a new session's first run is cold.
   */
  async profile(runs: number, onProgress: (progress: BenchProgress) => void): Promise<ProfileOutcome> {
    const state = this.state;
    if (!state) throw notPrepared();
    const webgpu = state.request.config.backend === 'webgpu';
    const session = await this.createSession(state.bytes, state.request.config, true);
    const gpuEvents: ProfileEvent[] = [];
    let done = 0;
    try {
      const prepared = await session.prepareFeeds(state.feeds);
      await session.runBare(prepared);
      if (webgpu) setWebGpuKernelProfiling((timing) => gpuEvents.push(webGpuKernelEvent(timing)));
      for (; done < runs; done++) {
        await yieldToEvents();
        if (this.abort.signal.aborted) break;
        await session.runBare(prepared);
        onProgress({ stage: 'profile', done: done + 1, total: runs });
      }
      if (webgpu) await settleWebGpu();
    } finally {
      if (webgpu) setWebGpuKernelProfiling(null);
    }
    const lines = await session.collectProfile();
    await session.release();
    return summarizeProfiles(lines, gpuEvents, done, webgpu);
  }

  /** One bare run, timed here: the reference side of the overhead ratio. */
  async bareRun(): Promise<number> {
    const state = this.state;
    if (!state) throw notPrepared();
    return timeOnce(this.env.now, () => state.session.runBare(state.prepared));
  }

  /** The input tensors, for the page's side of the overhead comparison. */
  inputFeeds(): Record<string, TensorData> {
    if (!this.state) throw notPrepared();
    return this.state.feeds;
  }

  /**
   * The playground's path on the same session: tensors arrive by transfer, are converted, run through
   * the runtime queue, and the outputs go back by transfer — what every playground run does.
   */
  async playgroundRun(feeds: Record<string, TensorData>): Promise<Record<string, TensorData>> {
    const state = this.state;
    if (!state) throw notPrepared();
    if (state.request.config.variant === 'graph-capture') {
      throw new GlassboxError({
        code: 'variant-unsupported',
        message:
          'The playground path sends its inputs from the page’s memory, and graph capture takes them only from GPU buffers: its overhead is not measured.',
        remedy: 'Measure the overhead on plain WebGPU.',
      });
    }
    const outputs = await state.session.run(feeds);
    return transfer(outputs, transferablesOf(Object.values(outputs)));
  }

  async dispose(): Promise<void> {
    await this.state?.session.release();
    this.state = null;
  }
}
