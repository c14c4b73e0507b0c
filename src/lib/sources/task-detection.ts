// Which view a model the user brought opens in, guessed from its inputs and outputs and its config.json.
// Each task's rule is its recogniser (lib/tasks/<task>/recognise.ts), asked in the task registry's order
// (lib/tasks/registry.ts); a model no row takes opens in the tensor view, with the reason.

import { recogniseTask, type TaskDetection } from '../tasks/registry.ts';
import type { IoSignature } from './io-signature.ts';

export type { TaskDetection };

export function detectTask(
  signature: IoSignature,
  config: Record<string, unknown> | null,
  available: { tokenizer: boolean },
  folder: { modules?: unknown; pooling?: unknown } = {},
): TaskDetection {
  return recogniseTask({ signature, config, available, folder });
}
