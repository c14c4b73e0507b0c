// The sizes ORT cannot tell before a run (a shape computed from the input's values, as an Expand to a
// size read from the input makes): one run of a variant that outputs only Shape(value) for each, so the
// capture plans its chunks on measured sizes instead of fetching gigabytes it never budgeted.
import { encodeWithShapeProbes, shapeProbeName } from '../../../src/lib/capture/capture-variant.ts';
import type { ModelMessage } from '../../../src/lib/onnx/proto-messages.ts';
import type { Backend } from '../../../src/lib/runtime/backend.ts';
import { createCaptureSession } from '../../../src/lib/runtime/onnx-runtime.ts';
import type { CaptureSource } from './last-run.ts';
import { variantExternalData, type VariantTimings } from './run-variant.ts';

/**
 * Each named value's dims on the last run's feeds. Empty when the shape run fails (a model without the
 * default ONNX domain, a backend that refuses Shape): the caller then treats those sizes as unknown.
 */
export async function probeShapes(
  message: ModelMessage,
  names: readonly string[],
  source: CaptureSource,
  backend: Backend,
  timings: VariantTimings,
): Promise<Map<string, number[]>> {
  const shapes = new Map<string, number[]>();
  if (names.length === 0) return shapes;
  const built = performance.now();
  try {
    const bytes = encodeWithShapeProbes(message, names);
    timings.buildMs += performance.now() - built;
    const created = performance.now();
    const session = await createCaptureSession(bytes, backend, variantExternalData(source));
    timings.createSessionMs += performance.now() - created;
    try {
      const started = performance.now();
      const outputs = await session.run(source.lastRun.feeds, names.map(shapeProbeName));
      timings.runMs += performance.now() - started;
      for (const name of names) {
        const shape = outputs[shapeProbeName(name)];
        if (shape) shapes.set(name, Array.from(shape.data as ArrayLike<number | bigint>, Number));
      }
    } finally {
      await session.release();
    }
  } catch {
    // The capture goes on without measured sizes: each such value runs alone and is measured then.
  }
  return shapes;
}
