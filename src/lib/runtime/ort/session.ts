// Sessions and runs: creation on exactly one backend (no silent fallback), runs with typed errors, and
// tensors converted both ways. Every create and run goes through one queue, because ORT Web must not run
// two sessions at once ("Session already started").
import type * as ort from 'onnxruntime-web';
import { GlassboxError } from '../../errors.ts';
import type { TensorData } from '../../tensor.ts';
import type { Backend } from '../backend.ts';
import { loadedRuntime, markStarted, runtimeFor } from './builds.ts';
import { markWasmStarted } from './threads.ts';
import { graphCaptureError } from './webgpu.ts';

export interface ValueInfo {
  name: string;
  /** ONNX element type as ORT names it (float32, int64, ...), or 'non-tensor'. */
  dtype: string;
  /** Fixed sizes as numbers, symbolic dimensions by name; empty when the model leaves it unknown. */
  shape: Array<number | string>;
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

/** A weights file an ONNX model names in its initializers' external_data (e.g. "model.onnx_data"). */
export interface ExternalDataFile {
  /** The location as the model names it, relative to the model file. */
  path: string;
  data: Uint8Array;
}

let queue: Promise<unknown> = Promise.resolve();

/** Runs task after every task queued before it, whether those succeeded or failed. */
export function enqueue<T>(task: () => Promise<T>): Promise<T> {
  const result = queue.then(task, task);
  queue = result.catch(() => undefined);
  return result;
}

export function describeValue(metadata: ort.InferenceSession.ValueMetadata): ValueInfo {
  if (!metadata.isTensor) return { name: metadata.name, dtype: 'non-tensor', shape: [] };
  return { name: metadata.name, dtype: metadata.type, shape: [...metadata.shape] };
}

/** A tensor of the build that runs backend's sessions (each build bundles its own Tensor class). */
export function toOrtTensor(backend: Backend, tensor: TensorData): ort.Tensor {
  return new (loadedRuntime(backend).Tensor)(tensor.type, tensor.data, tensor.dims);
}

export async function fromOrtTensor(name: string, tensor: ort.Tensor): Promise<TensorData> {
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

/** ORT's session on exactly this backend (call inside the queue); creation failures as typed errors. */
export async function openSession(
  bytes: Uint8Array,
  backend: Backend,
  externalData: readonly ExternalDataFile[],
  profile = false,
  extra: ort.InferenceSession.SessionOptions = {},
): Promise<ort.InferenceSession> {
  const runtime = await runtimeFor(backend);
  markStarted(runtime);
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
export async function runSession(
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
  markWasmStarted();
  return enqueue(async () => wrapSession(await openSession(bytes, backend, externalData), backend));
}

export function wrapSession(session: ort.InferenceSession, backend: Backend): RuntimeSession {
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
