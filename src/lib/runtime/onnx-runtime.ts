// The one module that imports onnxruntime-web: session creation, runs, and the WASM thread setup.
// Every create and run goes through one queue, because ORT Web must not run two sessions at once
// ("Session already started").
import * as ort from 'onnxruntime-web';
import { GlassboxError } from '../errors.ts';
import type { TensorData } from '../tensor.ts';
import type { Backend } from './backend.ts';

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

/**
 * Chooses the WASM thread count once, before the first session (ORT reads it when WebAssembly starts).
 * ORT's own default is ceil(cores / 2), which is 1 on a 2-core laptop; we use every core up to 4.
 */
export function configureWasmThreads(environment: {
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
}): WasmThreading {
  if (threading) return threading;
  const multiThreaded = environment.crossOriginIsolated && typeof SharedArrayBuffer !== 'undefined';
  const threads = multiThreaded ? Math.max(1, Math.min(4, environment.hardwareConcurrency)) : 1;
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

/** Creates a session on one backend, with no silent fallback to another backend. */
export function createRuntimeSession(bytes: Uint8Array, backend: Backend): Promise<RuntimeSession> {
  return enqueue(async () => {
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(bytes, {
        executionProviders: [backend],
        graphOptimizationLevel: 'all',
      });
    } catch (error) {
      throw sessionCreateError(backend, error);
    }
    return wrapSession(session, backend);
  });
}

function wrapSession(session: ort.InferenceSession, backend: Backend): RuntimeSession {
  return {
    backend,
    inputs: session.inputMetadata.map(describeValue),
    outputs: session.outputMetadata.map(describeValue),
    run(feeds) {
      return enqueue(async () => {
        const ortFeeds: Record<string, ort.Tensor> = {};
        for (const [name, tensor] of Object.entries(feeds)) ortFeeds[name] = toOrtTensor(tensor);
        let results: ort.InferenceSession.ReturnType;
        try {
          results = await session.run(ortFeeds);
        } catch (error) {
          throw new GlassboxError({
            code: 'inference-failed',
            message: `The model failed while running on ${backend === 'webgpu' ? 'WebGPU' : 'WASM'}.`,
            remedy: backend === 'webgpu' ? 'Switch to WASM and run again.' : 'Check the input and run again.',
            detail: error instanceof Error ? error.message : String(error),
          });
        }
        const outputs: Record<string, TensorData> = {};
        for (const [name, tensor] of Object.entries(results)) {
          outputs[name] = await fromOrtTensor(name, tensor);
          tensor.dispose();
        }
        return outputs;
      });
    },
    release() {
      return enqueue(() => session.release());
    },
  };
}
