// One generation step captured node by node: the step's tokens replayed through the capture engine (every
// node's output, within the budget) as one pass from an empty cache, on the chosen backend. Serves the
// WASM-vs-WebGPU comparison and the search for the first NaN node.
import type { CaptureResult } from '../../src/lib/capture/capture-types.ts';
import { GlassboxError } from '../../src/lib/errors.ts';
import type { Backend } from '../../src/lib/runtime/backend.ts';
import type { CaptureEngine } from '../inference/capture/capture-engine.ts';
import type { TextGenerator } from './text-generator.ts';

/**
 * Captures the step that reads ids (the prompt and the tokens before it) on backend. modelKey names the
 * capture: two captures compare only under the same key.
 */
export async function captureStep(
  engine: CaptureEngine,
  generator: TextGenerator,
  backend: Backend,
  ids: readonly number[],
  modelKey: string,
): Promise<CaptureResult> {
  const prepared = generator.stepCaptureSource(ids);
  if (!prepared.ok) {
    throw new GlassboxError({
      code: 'capture-failed',
      message: prepared.reason,
      remedy: 'Open the float32 files of the model to capture its steps.',
    });
  }
  return engine.capture(modelKey, prepared.source, backend);
}
