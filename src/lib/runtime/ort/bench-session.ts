// The benchmark's session: the playground's run() plus a bare run on tensors converted once, and ORT's
// profiler, whose trace is read back from what its WebAssembly glue prints.
import type * as ort from 'onnxruntime-web';
import type { TensorData } from '../../tensor.ts';
import type { Backend } from '../backend.ts';
import {
  enqueue,
  fromOrtTensor,
  openSession,
  toOrtTensor,
  wrapSession,
  type ExternalDataFile,
  type RuntimeSession,
} from './session.ts';
import { markWasmStarted, wasmHasStarted } from './threads.ts';
import {
  gpuWorkDone,
  outputsStayOnGpu,
  uploadToGpu,
  webGpuSessionOptions,
  type WebGpuRunOptions,
} from './webgpu.ts';

let printCapture: string[] | null = null;
let printTapInstalled = false;

/**
 * ORT's WebAssembly glue binds console.log when WebAssembly starts, and its profiler prints the trace
 * through it (there is no API that returns it). A tap installed before the first session lets
 * collectProfile() read that output instead of printing it. Returns false when it is too late.
 */
export function installProfileCapture(): boolean {
  if (printTapInstalled) return true;
  if (wasmHasStarted()) return false;
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
  markWasmStarted();
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
