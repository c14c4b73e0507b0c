// The one module that imports onnxruntime-web: which build to load, session creation, runs, and the WASM
// thread setup. Every create and run goes through one queue, because ORT Web must not run two sessions at
// once ("Session already started").
import type * as ort from 'onnxruntime-web';
import type { CaptureTensor, CaptureTensorData } from '../capture/capture-tensor.ts';
import { GlassboxError } from '../errors.ts';
import type { TensorData } from '../tensor.ts';
import type { Backend } from './backend.ts';
import plainWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import jsepWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';
import {
  downloadRuntimeWasm,
  isHttpUrl,
  runtimeBuildFor,
  type RuntimeBuild,
  type RuntimeDownload,
  type RuntimeLoad,
  type RuntimeProgress,
} from './runtime-download.ts';
import { maxThreads } from './thread-choice.ts';

export interface ValueInfo {
  name: string;
  /** ONNX element type as ORT names it (float32, int64, ...), or 'non-tensor'. */
  dtype: string;
  /** Fixed sizes as numbers, symbolic dimensions by name; empty when the model leaves it unknown. */
  shape: Array<number | string>;
}

export interface WasmThreading {
  /** Threads ORT runs with: 1 unless the page is cross-origin isolated. */
  threads: number;
  crossOriginIsolated: boolean;
}

export interface RuntimeSession {
  readonly backend: Backend;
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
  run(feeds: Readonly<Record<string, TensorData>>): Promise<Record<string, TensorData>>;
  /**
   * count bare runs on feeds (converted once; session.run, every output read and released), one queued
   * task; ms per run. What a thread calibration and the overhead measurement time.
   */
  timeRuns(feeds: Readonly<Record<string, TensorData>>, count: number): Promise<number[]>;
  release(): Promise<void>;
}

let queue: Promise<unknown> = Promise.resolve();

/** Runs task after every task queued before it, whether those succeeded or failed. */
export function enqueue<T>(task: () => Promise<T>): Promise<T> {
  const result = queue.then(task, task);
  queue = result.catch(() => undefined);
  return result;
}

let threading: WasmThreading | null = null;
/** Set at the first session creation: ORT starts WebAssembly then and reads numThreads once. */
let wasmStarted = false;

/** A session is about to be created: ORT's WebAssembly starts (the thread count is read now). */
export function markWasmStarted(): void {
  wasmStarted = true;
}

/**
 * The thread count when nobody asked for one before the first session (Node tests, a view that did not
 * choose): every core up to 4. The views choose per model (thread-choice.ts) through requestWasmThreads.
 */
export function configureWasmThreads(environment: {
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
}): WasmThreading {
  if (threading) return threading;
  const multiThreaded = environment.crossOriginIsolated && typeof SharedArrayBuffer !== 'undefined';
  const threads = multiThreaded ? maxThreads(environment.hardwareConcurrency, true) : 1;
  threading = { threads, crossOriginIsolated: environment.crossOriginIsolated };
  applyThreadsToLoadedRuntimes();
  return threading;
}

function describeValue(metadata: ort.InferenceSession.ValueMetadata): ValueInfo {
  if (!metadata.isTensor) return { name: metadata.name, dtype: 'non-tensor', shape: [] };
  return { name: metadata.name, dtype: metadata.type, shape: [...metadata.shape] };
}

/** A tensor of the build that runs backend's sessions (each build bundles its own Tensor class). */
export function toOrtTensor(backend: Backend, tensor: TensorData): ort.Tensor {
  return new (loadedRuntime(backend).Tensor)(tensor.type, tensor.data, tensor.dims);
}

async function fromOrtTensor(name: string, tensor: ort.Tensor): Promise<TensorData> {
  const dims = [...tensor.dims];
  // getData() downloads GPU-resident outputs; CPU outputs come back as they are.
  const data = await tensor.getData();
  switch (tensor.type) {
    case 'float32':
      return { type: 'float32', dims, data: data as Float32Array };
    case 'float64':
      return { type: 'float64', dims, data: data as Float64Array };
    case 'int64':
      return { type: 'int64', dims, data: data as BigInt64Array };
    case 'int32':
      return { type: 'int32', dims, data: data as Int32Array };
    case 'int8':
      return { type: 'int8', dims, data: data as Int8Array };
    case 'uint8':
      return { type: 'uint8', dims, data: data as Uint8Array };
    case 'bool':
      return { type: 'bool', dims, data: data as Uint8Array };
    default:
      throw new GlassboxError({
        code: 'inference-failed',
        message: `The model's output ${name} has type ${tensor.type}, which Glassbox cannot show yet.`,
        remedy: 'Use a model whose outputs are float32, float64 or integer tensors.',
      });
  }
}

function sessionCreateError(backend: Backend, error: unknown): GlassboxError {
  const detail = error instanceof Error ? error.message : String(error);
  if (/protobuf|parse|invalid model|load model/i.test(detail)) {
    return new GlassboxError({
      code: 'model-file-invalid',
      message: 'ONNX Runtime could not read the model file: it is corrupt or not an ONNX model.',
      remedy: 'Check that the file is a complete .onnx export; re-download or re-export it.',
      detail,
    });
  }
  return new GlassboxError({
    code: 'session-create-failed',
    message:
      backend === 'webgpu'
        ? 'WebGPU could not prepare this model (an operator or data type may not be supported on this GPU).'
        : 'ONNX Runtime could not prepare this model on WASM.',
    remedy: backend === 'webgpu' ? 'Switch to WASM, which runs every operator.' : 'Check the model file.',
    detail,
  });
}

/** A weights file an ONNX model names in its initializers' external_data (e.g. "model.onnx_data"). */
export interface ExternalDataFile {
  /** The location as the model names it, relative to the model file. */
  path: string;
  data: Uint8Array;
}

/** ORT's session on exactly this backend (call inside the queue); creation failures as typed errors. */
export async function openSession(
  bytes: Uint8Array,
  backend: Backend,
  externalData: readonly ExternalDataFile[],
  profile = false,
  extra: ort.InferenceSession.SessionOptions = {},
): Promise<ort.InferenceSession> {
  const runtime = await runtimeFor(backend);
  lastStarted = runtime;
  try {
    return await runtime.InferenceSession.create(bytes, {
      executionProviders: [backend],
      graphOptimizationLevel: 'all',
      // ORT Web defaults a session's log level to 2 (warning) and prints warnings with console.error in
      // raw ANSI colours: every WebGPU session said "Some nodes were not assigned to the preferred
      // execution providers" (shape ops run on CPU by design). 3 = errors only; real errors still throw.
      logSeverityLevel: 3,
      ...(profile ? { enableProfiling: true } : {}),
      ...(externalData.length > 0 ? { externalData: [...externalData] } : {}),
      ...extra,
    });
  } catch (error) {
    throw graphCaptureError(extra, error) ?? sessionCreateError(backend, error);
  }
}

/** session.run with failures as typed errors naming the backend. */
async function runSession(
  session: ort.InferenceSession,
  backend: Backend,
  feeds: Readonly<Record<string, TensorData>>,
  fetches?: readonly string[],
): Promise<ort.InferenceSession.ReturnType> {
  const ortFeeds: Record<string, ort.Tensor> = {};
  for (const [name, tensor] of Object.entries(feeds)) ortFeeds[name] = toOrtTensor(backend, tensor);
  try {
    return await (fetches ? session.run(ortFeeds, [...fetches]) : session.run(ortFeeds));
  } catch (error) {
    throw new GlassboxError({
      code: 'inference-failed',
      message: `The model failed while running on ${backend === 'webgpu' ? 'WebGPU' : 'WASM'}.`,
      remedy: backend === 'webgpu' ? 'Switch to WASM and run again.' : 'Check the input and run again.',
      detail: error instanceof Error ? error.message : String(error),
    });
  }
}

/** Creates a session on one backend, with no silent fallback to another backend. */
export function createRuntimeSession(
  bytes: Uint8Array,
  backend: Backend,
  externalData: readonly ExternalDataFile[] = [],
): Promise<RuntimeSession> {
  wasmStarted = true;
  return enqueue(async () => wrapSession(await openSession(bytes, backend, externalData), backend));
}

function wrapSession(session: ort.InferenceSession, backend: Backend): RuntimeSession {
  return {
    backend,
    inputs: session.inputMetadata.map(describeValue),
    outputs: session.outputMetadata.map(describeValue),
    run(feeds) {
      return enqueue(async () => {
        const results = await runSession(session, backend, feeds);
        const outputs: Record<string, TensorData> = {};
        for (const [name, tensor] of Object.entries(results)) {
          outputs[name] = await fromOrtTensor(name, tensor);
          tensor.dispose();
        }
        return outputs;
      });
    },
    timeRuns(feeds, count) {
      return enqueue(async () => {
        const tensors: Record<string, ort.Tensor> = {};
        for (const [name, tensor] of Object.entries(feeds)) tensors[name] = toOrtTensor(backend, tensor);
        const times: number[] = [];
        for (let i = 0; i < count; i++) {
          const started = performance.now();
          const results = await session.run(tensors);
          for (const tensor of Object.values(results)) {
            await tensor.getData();
            tensor.dispose();
          }
          times.push(performance.now() - started);
        }
        return times;
      });
    },
    release() {
      return enqueue(() => session.release());
    },
  };
}

// ---- Run capture: a variant session whose outputs are intermediate values of any element type.

export interface CaptureSession {
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
  /** Runs once and returns the named outputs as ORT hands them back (float16 as bits, bool as bytes). */
  run(
    feeds: Readonly<Record<string, TensorData>>,
    fetches: readonly string[],
  ): Promise<Record<string, CaptureTensor>>;
  release(): Promise<void>;
}

/** A session for a capture variant: no fallback, failures as typed errors like the playground's. */
export function createCaptureSession(
  bytes: Uint8Array,
  backend: Backend,
  externalData: readonly ExternalDataFile[] = [],
): Promise<CaptureSession> {
  wasmStarted = true;
  return enqueue(async () => {
    const session = await openSession(bytes, backend, externalData);
    return {
      inputs: session.inputMetadata.map(describeValue),
      outputs: session.outputMetadata.map(describeValue),
      run(feeds, fetches) {
        return enqueue(async () => {
          const results = await runSession(session, backend, feeds, fetches);
          const outputs: Record<string, CaptureTensor> = {};
          for (const [name, tensor] of Object.entries(results)) {
            const data = await tensor.getData();
            if (!Array.isArray(data)) {
              outputs[name] = { type: tensor.type, dims: [...tensor.dims], data: data as CaptureTensorData };
            }
            tensor.dispose();
          }
          return outputs;
        });
      },
      release() {
        return enqueue(() => session.release());
      },
    };
  });
}

// ---- Exact thread counts (a view's choice per model, a benchmark configuration); bare runs, profiling.

/**
 * Asks for exactly `threads` WASM threads before the first session; a worker holds one count, because ORT
 * reads it once per WebAssembly instance. Without cross-origin isolation ORT silently uses 1: read
 * wasmThreadsInUse() after the first session for what it actually does.
 */
export function requestWasmThreads(threads: number, crossOriginIsolated: boolean): WasmThreading {
  if (!wasmStarted) {
    threading = { threads, crossOriginIsolated };
    applyThreadsToLoadedRuntimes();
  }
  return threading ?? { threads, crossOriginIsolated };
}

/** Threads ORT runs with (it writes back 1 when it cannot use more); null before WebAssembly started. */
export function wasmThreadsInUse(): number | null {
  const numThreads = lastStarted?.env.wasm.numThreads;
  return wasmStarted && typeof numThreads === 'number' ? numThreads : null;
}

let printCapture: string[] | null = null;
let printTapInstalled = false;

/**
 * ORT's WebAssembly glue binds console.log when WebAssembly starts, and its profiler prints the trace
 * through it (there is no API that returns it). A tap installed before the first session lets
 * collectProfile() read that output instead of printing it. Returns false when it is too late.
 */
export function installProfileCapture(): boolean {
  if (printTapInstalled) return true;
  if (wasmStarted) return false;
  // eslint-disable-next-line no-console -- the tap must wrap the very function ORT binds
  const original = console.log.bind(console);
  // eslint-disable-next-line no-console -- see above
  console.log = (...args: unknown[]): void => {
    if (printCapture) printCapture.push(args.map(String).join(' '));
    else original(...args);
  };
  printTapInstalled = true;
  return true;
}

/** Input tensors converted once, so a timed run measures ONNX Runtime and nothing of ours. */
export interface PreparedFeeds {
  readonly tensors: Readonly<Record<string, ort.Tensor>>;
}

export interface BenchSession extends RuntimeSession {
  /** Converts the inputs once; with graph capture they are uploaded to GPU buffers (ORT requires it). */
  prepareFeeds(feeds: Readonly<Record<string, TensorData>>): Promise<PreparedFeeds>;
  /**
   * The bare call: session.run on prepared tensors, every output read (downloaded when it is on the GPU)
   * and released. Not queued: a benchmark worker runs one thing at a time, and the queue's promise hops
   * would be measured too.
   */
  runBare(feeds: PreparedFeeds): Promise<void>;
  /** The same bare call, keeping the outputs (the cold first run, whose outputs are compared). */
  runBareWithOutputs(feeds: PreparedFeeds): Promise<Record<string, TensorData>>;
  /** Ends profiling (sessions created with profile: true) and returns the trace lines ORT printed. */
  collectProfile(): Promise<string[]>;
}

export interface BenchSessionOptions {
  /** ORT's profiler: per-node CPU-side times and the provider that ran each node. */
  profile: boolean;
  /** Weights files the model names in external_data. */
  externalData?: readonly ExternalDataFile[];
  /** WebGPU only: where outputs stay and whether the run is captured and replayed. */
  webgpu?: WebGpuRunOptions;
}

/** A session for the benchmark: the playground's run() plus a bare run and profiling. */
export function createBenchSession(
  bytes: Uint8Array,
  backend: Backend,
  options: BenchSessionOptions,
): Promise<BenchSession> {
  wasmStarted = true;
  const gpu = backend === 'webgpu' ? options.webgpu : undefined;
  return enqueue(async () => {
    const session = await openSession(
      bytes,
      backend,
      options.externalData ?? [],
      options.profile,
      webGpuSessionOptions(gpu),
    );
    return {
      ...wrapSession(session, backend),
      async prepareFeeds(feeds) {
        const tensors: Record<string, ort.Tensor> = {};
        for (const [name, tensor] of Object.entries(feeds)) tensors[name] = toOrtTensor(backend, tensor);
        return { tensors: gpu?.graphCapture ? await uploadToGpu(tensors) : tensors };
      },
      async runBare(feeds) {
        const results = await session.run(feeds.tensors);
        // Outputs kept on the GPU are not read: waiting for the GPU to finish ends the run instead.
        if (gpu && outputsStayOnGpu(gpu)) await gpuWorkDone();
        for (const tensor of Object.values(results)) {
          if (tensor.location !== 'gpu-buffer') await tensor.getData();
          tensor.dispose();
        }
      },
      async runBareWithOutputs(feeds) {
        const results = await session.run(feeds.tensors);
        const outputs: Record<string, TensorData> = {};
        for (const [name, tensor] of Object.entries(results)) {
          outputs[name] = await fromOrtTensor(name, tensor);
          tensor.dispose();
        }
        return outputs;
      },
      async collectProfile() {
        printCapture = [];
        try {
          session.endProfiling();
          // The glue prints line by line; give a pending line one turn of the event loop to arrive.
          await new Promise((resolve) => setTimeout(resolve, 0));
          return printCapture;
        } finally {
          printCapture = null;
        }
      },
    };
  });
}

/** A kernel timing from WebGPU timestamp queries (nanoseconds), as ORT reports it. */
export interface WebGpuKernelTiming {
  kernelType: string;
  kernelName: string;
  programName: string;
  startTime: number;
  endTime: number;
}

/**
 * Turns WebGPU kernel timing on (ondata) or off (null). ORT reads the mode at every run start, so runs
 * between on and off are timed; it needs the adapter's timestamp-query feature.
 */
export function setWebGpuKernelProfiling(ondata: ((timing: WebGpuKernelTiming) => void) | null): void {
  const webgpuRuntime = loadedRuntimes.jsep;
  if (!webgpuRuntime) return; // no WebGPU session yet: nothing to time
  webgpuRuntime.env.webgpu.profiling = ondata
    ? {
        mode: 'default',
        ondata: (data) => {
          if (data.version !== 1) return;
          ondata({
            kernelType: data.kernelType,
            kernelName: data.kernelName,
            programName: data.programName,
            startTime: data.startTime,
            endTime: data.endTime,
          });
        },
      }
    : { mode: 'off' };
}

/** Waits until the GPU finished submitted work, so late timestamp readbacks have been delivered. */
export async function settleWebGpu(): Promise<void> {
  const device: unknown = await loadedRuntimes.jsep?.env.webgpu.device;
  const queue = (device as { queue?: { onSubmittedWorkDone?: () => Promise<void> } } | undefined)?.queue;
  await queue?.onSubmittedWorkDone?.();
  // Readbacks resolve after the work is done; two turns of the event loop let their callbacks run.
  for (let i = 0; i < 2; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

// ---- The WebGPU path (issue 14): outputs kept on the GPU and graph capture, as benchmark options. Kept
// apart from the sessions above so the playground's sessions are unchanged.

export interface WebGpuRunOptions {
  /** preferredOutputLocation 'gpu-buffer': outputs stay on the GPU until read (getData downloads them). */
  outputsOnGpu: boolean;
  /**
   * enableGraphCapture: ORT records the first run's GPU commands and replays them. ORT requires every
   * input and output on the GPU, fixed shapes, no control flow and every node on the WebGPU EP.
   */
  graphCapture: boolean;
}

function outputsStayOnGpu(options: WebGpuRunOptions): boolean {
  return options.outputsOnGpu || options.graphCapture;
}

/** The session options for the WebGPU path (none for the plain configuration). */
function webGpuSessionOptions(options: WebGpuRunOptions | undefined): ort.InferenceSession.SessionOptions {
  if (!options) return {};
  return {
    ...(outputsStayOnGpu(options) ? { preferredOutputLocation: 'gpu-buffer' as const } : {}),
    ...(options.graphCapture ? { enableGraphCapture: true } : {}),
  };
}

/** ORT's refusal of graph capture, as a sentence saying why the model does not qualify; else null. */
function graphCaptureError(
  options: ort.InferenceSession.SessionOptions,
  error: unknown,
): GlassboxError | null {
  const detail = error instanceof Error ? error.message : String(error);
  if (!options.enableGraphCapture || !/graph capture/i.test(detail)) return null;
  const why = /control flow/i.test(detail)
    ? 'it has control-flow nodes (If, Loop, Scan)'
    : /partitioned|assigned/i.test(detail)
      ? 'some of its nodes run on the CPU, not on the WebGPU EP'
      : 'ONNX Runtime refused it';
  return new GlassboxError({
    code: 'variant-unsupported',
    message: `This model does not qualify for graph capture: ${why}.`,
    remedy: 'Benchmark it on plain WebGPU, or with outputs kept on the GPU.',
    detail,
  });
}

/** The slice of the WebGPU API used here (the project has no WebGPU type package). */
interface GpuBufferLike {
  destroy(): void;
}
interface GpuDeviceLike {
  createBuffer(descriptor: { size: number; usage: number }): GpuBufferLike;
  queue: {
    writeBuffer(buffer: GpuBufferLike, offset: number, data: ArrayBufferView): void;
    onSubmittedWorkDone(): Promise<void>;
  };
}

// GPUBufferUsage.STORAGE | COPY_SRC | COPY_DST, as ORT's own input buffers are made.
const INPUT_BUFFER_USAGE = 0x80 | 0x04 | 0x08;

async function webGpuDevice(): Promise<GpuDeviceLike> {
  return (await loadedRuntime('webgpu').env.webgpu.device) as unknown as GpuDeviceLike;
}

/** Copies CPU tensors into GPU buffers of ORT's own device (graph capture reads inputs from there). */
async function uploadToGpu(tensors: Record<string, ort.Tensor>): Promise<Record<string, ort.Tensor>> {
  const device = await webGpuDevice();
  const uploaded: Record<string, ort.Tensor> = {};
  for (const [name, tensor] of Object.entries(tensors)) {
    const data = tensor.data as ArrayBufferView;
    // writeBuffer copies whole 4-byte words: pad odd sizes (bool and uint8 inputs).
    const size = Math.max(4, Math.ceil(data.byteLength / 4) * 4);
    const bytes = new Uint8Array(size);
    bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    const buffer = device.createBuffer({ size, usage: INPUT_BUFFER_USAGE });
    device.queue.writeBuffer(buffer, 0, bytes);
    uploaded[name] = loadedRuntime('webgpu').Tensor.fromGpuBuffer(
      buffer as unknown as ort.Tensor.GpuBufferType,
      {
        dataType: tensor.type as ort.Tensor.GpuBufferDataTypes,
        dims: tensor.dims,
        dispose: () => buffer.destroy(),
      },
    );
  }
  return uploaded;
}

/** Waits until the GPU finished the work submitted so far: the end of a run whose outputs stay there. */
async function gpuWorkDone(): Promise<void> {
  await (await webGpuDevice()).queue.onSubmittedWorkDone();
}

// ---- Runtime builds: the plain WASM build for WASM sessions, the JSEP build only when WebGPU is chosen.
// Each is its own chunk, imported on first use; a worker that uses both holds both (each with its own
// WebAssembly instance and threads).

type OrtModule = typeof ort;

const RUNTIME_IMPORTS: Record<RuntimeBuild, () => Promise<OrtModule>> = {
  wasm: () => import('onnxruntime-web/wasm'),
  jsep: () => import('onnxruntime-web'),
};

/** The .wasm each build fetches: the same asset ORT's own `new URL(..., import.meta.url)` names. */
const RUNTIME_WASM_URLS: Record<RuntimeBuild, string> = { wasm: plainWasmUrl, jsep: jsepWasmUrl };

const runtimeImports: Partial<Record<RuntimeBuild, Promise<OrtModule>>> = {};
const loadedRuntimes: Partial<Record<RuntimeBuild, OrtModule>> = {};
const runtimeDownloads: Partial<Record<RuntimeBuild, Promise<RuntimeLoad>>> = {};
/** The build of the last session created (bench workers read its thread count). */
let lastStarted: OrtModule | null = null;

/** The .wasm URL of build, absolute, where the code runs on an HTTP(S) origin; null elsewhere (Node). */
function runtimeWasmUrl(build: RuntimeBuild): string | null {
  const base = (globalThis as { location?: { href?: string } }).location?.href;
  if (!base || !isHttpUrl(base)) return null;
  return new URL(RUNTIME_WASM_URLS[build], base).href;
}

function applyThreadsToLoadedRuntimes(): void {
  if (!threading) return;
  for (const runtime of Object.values(loadedRuntimes)) runtime.env.wasm.numThreads = threading.threads;
}

/** The ORT build backend's sessions run on, imported once. */
function runtimeFor(backend: Backend): Promise<OrtModule> {
  const build = runtimeBuildFor(backend);
  runtimeImports[build] ??= RUNTIME_IMPORTS[build]().then((runtime) => {
    const url = runtimeWasmUrl(build);
    // Exactly the URL downloadRuntime() fetched, so ORT's streaming compile reads it from the HTTP cache.
    if (url) runtime.env.wasm.wasmPaths = { wasm: url };
    loadedRuntimes[build] = runtime;
    applyThreadsToLoadedRuntimes();
    return runtime;
  });
  return runtimeImports[build];
}

/** The build of a session that exists (so its build is loaded). */
export function loadedRuntime(backend: Backend): OrtModule {
  const runtime = loadedRuntimes[runtimeBuildFor(backend)];
  if (!runtime) throw new Error(`ONNX Runtime's ${runtimeBuildFor(backend)} build is not loaded.`);
  return runtime;
}

/** ORT's version, read from the plain WASM build's JS (its .wasm is not fetched for it). */
export async function ortVersion(): Promise<string> {
  return (await runtimeFor('wasm')).env.versions.web ?? 'unknown';
}

/**
 * Downloads the .wasm of the build backend needs, with progress, before ORT asks for it, and hands ORT
 * the bytes (from the HTTP cache, ORT fetches it itself and compiles streaming); once per worker and
 * build — later calls say 'in-worker'. Never throws: where it cannot fetch, ORT fetches the file itself.
 */
export async function downloadRuntime(
  backend: Backend,
  onProgress: (progress: RuntimeProgress) => void,
): Promise<RuntimeLoad> {
  const build = runtimeBuildFor(backend);
  const earlier = runtimeDownloads[build];
  if (earlier) {
    await earlier;
    onProgress({ build, state: 'in-worker', loadedBytes: 0, totalBytes: null });
    return { build, source: 'in-worker', bytes: null, ms: 0 };
  }
  const url = runtimeWasmUrl(build);
  const deps = { fetch: (u: string, init?: RequestInit) => fetch(u, init), now: () => performance.now() };
  const notFetched: RuntimeDownload = {
    load: { build, source: 'not-fetched', bytes: null, ms: 0 },
    downloadedBytes: null,
  };
  const download = url ? downloadRuntimeWasm(url, build, deps, onProgress) : Promise.resolve(notFetched);
  runtimeDownloads[build] = download.then(({ load }) => load);
  // The build's JS chunk loads meanwhile, so session creation does not wait for it afterwards.
  const [{ load, downloadedBytes }, runtime] = await Promise.all([download, runtimeFor(backend)]);
  if (downloadedBytes) {
    // ORT compiles these bytes rather than fetch the file a second time (see downloadRuntimeWasm).
    runtime.env.wasm.wasmBinary = downloadedBytes;
    handedBytes.add(build);
  }
  return load;
}

/** Builds whose .wasm bytes were handed to ORT (see downloadRuntime). */
const handedBytes = new Set<RuntimeBuild>();

/**
 * How ORT's own fetch of backend's .wasm was served, from this worker's resource timing: 'http-cache'
 * when it moved fewer bytes than the file (fresh, or revalidated), 'network' when it downloaded the file
 * again, null when there is no entry to read (Node, or no session yet).
 */
export function runtimeFetchByOrt(backend: Backend): RuntimeLoad['ortFetch'] {
  if (handedBytes.has(runtimeBuildFor(backend))) return 'bytes-handed';
  const url = runtimeWasmUrl(runtimeBuildFor(backend));
  const entries = url ? (globalThis.performance?.getEntriesByName?.(url, 'resource') ?? []) : [];
  // The first entry is downloadRuntime()'s own fetch (or probe); ORT's comes after it.
  const ort = entries.length >= 2 ? (entries.at(-1) as PerformanceResourceTiming) : null;
  if (!ort) return null;
  return ort.encodedBodySize > 0 && ort.transferSize >= ort.encodedBodySize ? 'network' : 'http-cache';
}
