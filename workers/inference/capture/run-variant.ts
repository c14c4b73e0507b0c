// One capture pass: a variant of the model with the given values as outputs, in its own session on the
// chosen backend, run on the last run's feeds chunk by chunk; the session is always released.
import type { ModelMessage } from '../../../src/lib/onnx/proto-messages.ts';
import { CAPTURE_SOURCE_LOCATION, encodeWithOutputs } from '../../../src/lib/capture/capture-variant.ts';
import type { CaptureTensor } from '../../../src/lib/capture/capture-tensor.ts';
import type { Backend } from '../../../src/lib/runtime/backend.ts';
import {
  createCaptureSession,
  type CaptureSession,
  type ExternalDataFile,
} from '../../../src/lib/runtime/onnx-runtime.ts';
import type { CaptureSource } from './last-run.ts';

/** The original bytes as the external-data file the variant's initializers point into. */
export function variantExternalData(source: CaptureSource): ExternalDataFile[] {
  return [...source.externalData, { path: CAPTURE_SOURCE_LOCATION, data: source.modelBytes }];
}

export interface VariantTimings {
  buildMs: number;
  createSessionMs: number;
  runMs: number;
}

/** Creates the variant's session with `names` as extra outputs; `use` runs it; released after. */
export async function withVariantSession<T>(
  message: ModelMessage,
  names: readonly string[],
  source: CaptureSource,
  backend: Backend,
  timings: VariantTimings,
  use: (session: CaptureSession) => Promise<T>,
): Promise<T> {
  const built = performance.now();
  const bytes = encodeWithOutputs(message, names);
  const created = performance.now();
  timings.buildMs += created - built;
  const session = await createCaptureSession(bytes, backend, variantExternalData(source));
  timings.createSessionMs += performance.now() - created;
  try {
    return await use(session);
  } finally {
    await session.release();
  }
}

/** Runs the session once per chunk, handing each returned tensor to `take` and then forgetting it. */
export async function runChunks(
  session: CaptureSession,
  source: CaptureSource,
  chunks: readonly (readonly string[])[],
  timings: VariantTimings,
  take: (name: string, tensor: CaptureTensor) => void,
): Promise<void> {
  for (const chunk of chunks) {
    if (chunk.length === 0) continue;
    const started = performance.now();
    const outputs = await session.run(source.lastRun.feeds, chunk);
    timings.runMs += performance.now() - started;
    for (const name of chunk) {
      const tensor = outputs[name];
      if (tensor) take(name, tensor);
    }
  }
}
