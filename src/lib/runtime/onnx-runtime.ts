// The one module that imports onnxruntime-web: session creation, runs, and the WASM thread setup.
// Every create and run goes through one queue, because ORT Web must not run two sessions at once
// ("Session already started").
import * as ort from 'onnxruntime-web';
import type { CaptureTensor, CaptureTensorData } from '../capture/capture-tensor.ts';
import { GlassboxError } from '../errors.ts';
import type { TensorData } from '../tensor.ts';
import type { Backend } from './backend.ts';
import { maxThreads } from './thread-choice.ts';

export const ORT_VERSION: string = ort.env.versions.web ?? 'unknown';

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
function enqueue<T>(task: () => Promise<T>): Promise<T> {
  const result = queue.then(task, task);
  queue = result.catch(() => undefined);
  return result;
}

let threading: WasmThreading | null = null;
/** Set at the first session creation: ORT starts WebAssembly then and reads numThreads once. */
let wasmStarted = false;

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
  ort.env.wasm.numThreads = threads;
  threading = { threads, crossOriginIsolated: environment.crossOriginIsolated };
  return threading;
}

function describeValue(metadata: ort.InferenceSession.ValueMetadata): ValueInfo {
  if (!metadata.isTensor) return { name: metadata.name, dtype: 'non-tensor', shape: [] };
  return { name: metadata.name, dtype: metadata.type, shape: [...metadata.shape] };
}

function toOrtTensor(tensor: TensorData): ort.Tensor {
  return new ort.Tensor(tensor.type, tensor.data, tensor.dims);
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
async function openSession(
  bytes: Uint8Array,
  backend: Backend,
  externalData: readonly ExternalDataFile[],
  profile = false,
): Promise<ort.InferenceSession> {
  try {
    return await ort.InferenceSession.create(bytes, {
      executionProviders: [backend],
      graphOptimizationLevel: 'all',
      ...(profile ? { enableProfiling: true } : {}),
      ...(externalData.length > 0 ? { externalData: [...externalData] } : {}),
    });
  } catch (error) {
    throw sessionCreateError(backend, error);
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
  for (const [name, tensor] of Object.entries(feeds)) ortFeeds[name] = toOrtTensor(tensor);
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
        for (const [name, tensor] of Object.entries(feeds)) tensors[name] = toOrtTensor(tensor);
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
    ort.env.wasm.numThreads = threads;
    threading = { threads, crossOriginIsolated };
  }
  return threading ?? { threads, crossOriginIsolated };
}

/** Threads ORT runs with (it writes back 1 when it cannot use more); null before WebAssembly started. */
export function wasmThreadsInUse(): number | null {
  return wasmStarted && typeof ort.env.wasm.numThreads === 'number' ? ort.env.wasm.numThreads : null;
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
  prepareFeeds(feeds: Readonly<Record<string, TensorData>>): PreparedFeeds;
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
}

/** A session for the benchmark: the playground's run() plus a bare run and profiling. */
export function createBenchSession(
  bytes: Uint8Array,
  backend: Backend,
  options: BenchSessionOptions,
): Promise<BenchSession> {
  wasmStarted = true;
  return enqueue(async () => {
    const session = await openSession(bytes, backend, options.externalData ?? [], options.profile);
    return {
      ...wrapSession(session, backend),
      prepareFeeds(feeds) {
        const tensors: Record<string, ort.Tensor> = {};
        for (const [name, tensor] of Object.entries(feeds)) tensors[name] = toOrtTensor(tensor);
        return { tensors };
      },
      async runBare(feeds) {
        const results = await session.run(feeds.tensors);
        for (const tensor of Object.values(results)) {
          await tensor.getData();
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
  ort.env.webgpu.profiling = ondata
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
  const device: unknown = await ort.env.webgpu.device;
  const queue = (device as { queue?: { onSubmittedWorkDone?: () => Promise<void> } } | undefined)?.queue;
  await queue?.onSubmittedWorkDone?.();
  // Readbacks resolve after the work is done; two turns of the event loop let their callbacks run.
  for (let i = 0; i < 2; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}
