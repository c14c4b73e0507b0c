// The WebGPU path (issue 14): outputs kept on the GPU and graph capture, as benchmark options, and kernel
// timing. Kept apart from the plain sessions so the playground's sessions are unchanged.
import type * as ort from 'onnxruntime-web';
import { GlassboxError } from '../../errors.ts';
import { loadedRuntime, loadedWebGpuRuntime } from './builds.ts';

export interface WebGpuRunOptions {
  /** preferredOutputLocation 'gpu-buffer': outputs stay on the GPU until read (getData downloads them). */
  outputsOnGpu: boolean;
  /**
   * enableGraphCapture: ORT records the first run's GPU commands and replays them. ORT requires every
   * input and output on the GPU, fixed shapes, no control flow and every node on the WebGPU EP.
   */
  graphCapture: boolean;
}

export function outputsStayOnGpu(options: WebGpuRunOptions): boolean {
  return options.outputsOnGpu || options.graphCapture;
}

/** The session options for the WebGPU path (none for the plain configuration). */
export function webGpuSessionOptions(
  options: WebGpuRunOptions | undefined,
): ort.InferenceSession.SessionOptions {
  if (!options) return {};
  return {
    ...(outputsStayOnGpu(options) ? { preferredOutputLocation: 'gpu-buffer' as const } : {}),
    ...(options.graphCapture ? { enableGraphCapture: true } : {}),
  };
}

/** ORT's refusal of graph capture, as a sentence saying why the model does not qualify; else null. */
export function graphCaptureError(
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
export async function uploadToGpu(tensors: Record<string, ort.Tensor>): Promise<Record<string, ort.Tensor>> {
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
export async function gpuWorkDone(): Promise<void> {
  await (await webGpuDevice()).queue.onSubmittedWorkDone();
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
  const webgpuRuntime = loadedWebGpuRuntime();
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
  const device: unknown = await loadedWebGpuRuntime()?.env.webgpu.device;
  const queue = (device as { queue?: { onSubmittedWorkDone?: () => Promise<void> } } | undefined)?.queue;
  await queue?.onSubmittedWorkDone?.();
  // Readbacks resolve after the work is done; two turns of the event loop let their callbacks run.
  for (let i = 0; i < 2; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}
