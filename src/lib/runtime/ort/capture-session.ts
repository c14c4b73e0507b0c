// Run capture: a variant session whose outputs are intermediate values of any element type (float16 as
// bits, bool as bytes), so the capture pipeline (workers/capture) reads them as ORT hands them back.
import type { CaptureTensor, CaptureTensorData } from '../../capture/capture-tensor.ts';
import type { TensorData } from '../../tensor.ts';
import type { Backend } from '../backend.ts';
import {
  describeValue,
  enqueue,
  openSession,
  runSession,
  type ExternalDataFile,
  type ValueInfo,
} from './session.ts';
import { markWasmStarted } from './threads.ts';

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
  markWasmStarted();
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
