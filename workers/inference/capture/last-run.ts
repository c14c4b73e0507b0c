// What a served model remembers of its last user run, so a capture replays exactly that input.
import type { CaptureInput } from '../../../src/lib/capture/capture-types.ts';
import { GlassboxError } from '../../../src/lib/errors.ts';
import type { ExternalDataFile } from '../../../src/lib/runtime/onnx-runtime.ts';
import type { TensorData } from '../../../src/lib/tensor.ts';

export interface LastRun {
  /** The tensors session.run received, by input name. */
  feeds: Readonly<Record<string, TensorData>>;
  input: CaptureInput;
}

/** Everything a capture needs of a served model: its file, weights files, and last run. */
export interface CaptureSource {
  modelBytes: Uint8Array;
  externalData: readonly ExternalDataFile[];
  lastRun: LastRun;
}

export function requireLastRun(lastRun: LastRun | null): LastRun {
  if (!lastRun) {
    throw new GlassboxError({
      code: 'no-run-yet',
      message: 'This model has not run yet in this view, so there is no run to look inside.',
      remedy: 'Run the model once (classify, detect or run the tensors), then look inside.',
    });
  }
  return lastRun;
}
