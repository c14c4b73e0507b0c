// A causal language model's session that keeps its key/value cache as ONNX Runtime tensors between
// steps: each step's present.N outputs become the next step's past_key_values.N inputs without leaving
// the worker. On WebGPU the present outputs stay in GPU buffers (preferredOutputLocation), so the cache
// never round-trips through the CPU; only the logits are read back. Part of runtime/, the one place that
// touches onnxruntime-web (ort/).
import type * as ort from 'onnxruntime-web';
import { GlassboxError } from '../../errors.ts';
import { float16ToNumber } from '../../onnx/minifloats.ts';
import type { TensorData } from '../../tensor.ts';
import type { Backend } from '../backend.ts';
import { loadedRuntime } from './builds.ts';
import { enqueue, openSession, toOrtTensor, type ExternalDataFile, type ValueInfo } from './session.ts';
import { markWasmStarted } from './threads.ts';

/** A cache input of the first step: no tokens yet. */
export interface EmptyCacheInput {
  name: string;
  type: string;
  dims: readonly number[];
}

export interface DecoderSessionPlan {
  logits: string;
  /** present output → past input, for every cache tensor; empty for a model without a cache. */
  presentToPast: ReadonlyArray<readonly [string, string]>;
  emptyPast: readonly EmptyCacheInput[];
}

export interface DecoderStepResult {
  /** The last position's next-token scores, as float32. */
  logits: Float32Array;
  /** Bytes of the cache the session now holds. */
  cacheBytes: number;
}

export interface DecoderSession {
  readonly backend: Backend;
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
  /**
   * One step. With keepCache, the cache held from the last step is fed (an empty one when none is held)
   * and this step's present outputs replace it; without, an empty cache is fed and nothing is kept
   * (the whole sequence is in feeds: the slow path, and the check that the cache changes nothing).
   */
  step(feeds: Readonly<Record<string, TensorData>>, keepCache: boolean): Promise<DecoderStepResult>;
  /** Drops the cache held (a new prompt starts from nothing). */
  resetCache(): void;
  /**
   * A float32 copy of the cache held, by past input name (downloaded from the GPU on WebGPU); empty when
   * none is held. What a capture of the next step feeds as its past.
   */
  readCache(): Promise<Record<string, TensorData>>;
  release(): Promise<void>;
}

function elementBytes(type: string): number {
  return type === 'float16' || type === 'bfloat16' ? 2 : type === 'float64' || type === 'int64' ? 8 : 4;
}

function tensorBytes(tensor: ort.Tensor): number {
  return tensor.dims.reduce((product, dim) => product * dim, 1) * elementBytes(tensor.type);
}

/** The last position of a [1, seq, vocab] logits tensor as float32 (float16 logits converted). */
async function lastLogits(tensor: ort.Tensor): Promise<Float32Array> {
  const vocab = tensor.dims[tensor.dims.length - 1] ?? 0;
  const data = await tensor.getData();
  const start = data.length - vocab;
  if (data instanceof Float32Array) return data.slice(start);
  if (tensor.type === 'float16' && data instanceof Uint16Array) {
    const out = new Float32Array(vocab);
    for (let i = 0; i < vocab; i++) out[i] = float16ToNumber(data[start + i]!);
    return out;
  }
  // Where the engine has Float16Array, ORT hands float16 data back as one.
  if (tensor.type === 'float16' && !Array.isArray(data)) {
    return Float32Array.from((data as unknown as Float32Array).subarray(start));
  }
  throw new GlassboxError({
    code: 'output-layout-unsupported',
    message: `The model's logits are ${tensor.type}, which Glassbox cannot read as next-token scores.`,
    remedy: 'Use an export whose logits are float32 or float16.',
  });
}

export function createDecoderSession(
  bytes: Uint8Array,
  backend: Backend,
  plan: DecoderSessionPlan,
  externalData: readonly ExternalDataFile[] = [],
): Promise<DecoderSession> {
  markWasmStarted();
  const onGpu = backend === 'webgpu' && plan.presentToPast.length > 0;
  // The cache's outputs stay where the next step reads them; the logits come to the CPU to be sampled.
  const options: ort.InferenceSession.SessionOptions = onGpu
    ? {
        preferredOutputLocation: Object.fromEntries([
          [plan.logits, 'cpu'],
          ...plan.presentToPast.map(([present]) => [present, 'gpu-buffer']),
        ]) as Record<string, ort.Tensor.DataLocation>,
      }
    : {};
  return enqueue(async () => {
    const session = await openSession(bytes, backend, externalData, false, options);
    const runtime = loadedRuntime(backend);
    const emptyPast = (): Record<string, ort.Tensor> =>
      Object.fromEntries(
        plan.emptyPast.map((input) => [
          input.name,
          new runtime.Tensor(
            input.type as ort.Tensor.Type,
            input.type === 'float16' ? new Uint16Array(0) : new Float32Array(0),
            [...input.dims],
          ),
        ]),
      );
    let cache: Record<string, ort.Tensor> | null = null;
    const dropCache = (): void => {
      for (const tensor of Object.values(cache ?? {})) tensor.dispose();
      cache = null;
    };
    const fetches = [plan.logits, ...plan.presentToPast.map(([present]) => present)];
    return {
      backend,
      inputs: session.inputMetadata.map((m) => ({
        name: m.name,
        dtype: m.isTensor ? m.type : 'non-tensor',
        shape: m.isTensor ? [...m.shape] : [],
      })),
      outputs: session.outputMetadata.map((m) => ({
        name: m.name,
        dtype: m.isTensor ? m.type : 'non-tensor',
        shape: m.isTensor ? [...m.shape] : [],
      })),
      step(feeds, keepCache) {
        return enqueue(async () => {
          const ortFeeds: Record<string, ort.Tensor> = {};
          for (const [name, tensor] of Object.entries(feeds)) ortFeeds[name] = toOrtTensor(backend, tensor);
          const past = keepCache && cache ? cache : emptyPast();
          Object.assign(ortFeeds, past);
          let results: ort.InferenceSession.ReturnType;
          try {
            results = await session.run(ortFeeds, fetches);
          } catch (error) {
            throw new GlassboxError({
              code: 'inference-failed',
              message: `The language model failed while running on ${backend === 'webgpu' ? 'WebGPU' : 'WASM'}.`,
              remedy:
                backend === 'webgpu'
                  ? 'Switch to WASM and generate again.'
                  : 'Check the model and generate again.',
              detail: error instanceof Error ? error.message : String(error),
            });
          }
          // The old past was read by this run; free it (GPU buffers included) before keeping the new one.
          if (past === cache) dropCache();
          else for (const tensor of Object.values(past)) tensor.dispose();
          const logitsTensor = results[plan.logits];
          if (!logitsTensor) throw new Error(`The model gave no ${plan.logits} output.`);
          const logits = await lastLogits(logitsTensor);
          logitsTensor.dispose();
          const next: Record<string, ort.Tensor> = {};
          for (const [present, pastName] of plan.presentToPast) {
            const tensor = results[present];
            if (tensor) next[pastName] = tensor;
          }
          if (keepCache) cache = next;
          else for (const tensor of Object.values(next)) tensor.dispose();
          const cacheBytes = Object.values(cache ?? {}).reduce((sum, tensor) => sum + tensorBytes(tensor), 0);
          return { logits, cacheBytes };
        });
      },
      resetCache: dropCache,
      readCache() {
        return enqueue(async () => {
          const copies: Record<string, TensorData> = {};
          for (const [name, tensor] of Object.entries(cache ?? {})) {
            const data = await tensor.getData();
            if (!(data instanceof Float32Array)) {
              throw new GlassboxError({
                code: 'output-layout-unsupported',
                message: `The model's key/value cache is ${tensor.type}; a step can be looked inside only with a float32 cache.`,
                remedy: 'Use the model’s float32 (fp32) files to look inside its steps.',
              });
            }
            copies[name] = { type: 'float32', dims: [...tensor.dims], data: data.slice() };
          }
          return copies;
        });
      },
      release() {
        dropCache();
        return enqueue(() => session.release());
      },
    };
  });
}
