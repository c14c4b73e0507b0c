// The contract between the inference service and a loaded model of any task.
import type { Backend } from '../src/lib/runtime/backend.ts';
import type { RuntimeSession } from '../src/lib/runtime/onnx-runtime.ts';
import type { CaptureSource } from './capture/last-run.ts';

/** What the service needs of a loaded model, whatever its task. */
export interface ServedModel {
  hasSession(backend: Backend): boolean;
  createSession(backend: Backend): Promise<void>;
  /** One run on a typical input, so the first user run does not pay for kernel or shader setup. */
  warmUp(backend: Backend): Promise<void>;
  release(): Promise<void>;
  /** The file and the feeds of the last user run (warm-ups excluded); a typed no-run-yet error before one. */
  captureSource(): CaptureSource;
  /** The session on backend (a typed no-model-loaded error before it exists): for timing bare runs. */
  sessionOn(backend: Backend): RuntimeSession;
}
