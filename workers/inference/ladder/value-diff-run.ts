// The model diff's value diff in the inference worker that holds the view's model and its last run: the
// other model is captured on the same feeds, both captures are compared value by value (the ladder's
// alignment: by name, then by structure), and both are released — only the per-node figures leave.
import { valueDiffOf, type ValueDiff } from '../../../src/lib/diff/value-diff.ts';
import type { Backend } from '../../../src/lib/runtime/backend.ts';
import type { CaptureEngine } from '../capture/capture-engine.ts';
import type { CaptureSource } from '../capture/last-run.ts';
import { compareVariantCapture } from './ladder-compare.ts';

export async function valueDiffRun(
  engine: CaptureEngine,
  modelKey: string,
  source: CaptureSource,
  other: Uint8Array,
  backend: Backend,
): Promise<ValueDiff> {
  const held: string[] = [];
  try {
    const reference = await engine.capture(modelKey, source, backend);
    held.push(reference.captureId);
    const variant = await engine.capture(
      modelKey,
      { ...source, modelBytes: other, externalData: [] },
      backend,
    );
    held.push(variant.captureId);
    // The threshold only names a first node past it, which the value diff does not use.
    const comparison = await compareVariantCapture(engine, reference.captureId, variant.captureId, 0);
    return valueDiffOf(comparison.values, comparison.alignment);
  } finally {
    for (const id of held) engine.release(id);
  }
}
