// What every text task's adapter checks of a downloaded model folder and of its session: a tokenizer.json
// to turn text into ids, the longest sequence the model takes, and the inputs its run feeds.
import { GlassboxError } from '../../src/lib/errors.ts';
import type { ModelDownload } from '../../src/lib/loading/model-download.ts';
import type { RuntimeSession } from '../../src/lib/runtime/onnx-runtime.ts';

/** A typed error when the folder has no tokenizer.json. */
export function requireTokenizer(download: ModelDownload): void {
  if (download.json.tokenizer !== null) return;
  throw new GlassboxError({
    code: 'model-config-invalid',
    message: `${download.location.label} has no tokenizer.json, so its text cannot be turned into token ids.`,
    remedy: 'Open the whole model folder (with tokenizer.json), or open the model in the tensor view.',
  });
}

/** max_position_embeddings (512 when config.json says nothing), capped by tokenizer_config's model_max_length. */
export function maxLengthOf(download: ModelDownload): number {
  const config = (download.json.config ?? {}) as Record<string, unknown>;
  const tokenizerConfig = (download.json.tokenizerConfig ?? {}) as Record<string, unknown>;
  const positions = Number(config.max_position_embeddings ?? 512);
  const configured = Number(tokenizerConfig.model_max_length ?? positions);
  return Math.min(positions, Number.isFinite(configured) ? configured : positions);
}

/** A typed error naming the inputs the session lacks; what: "a BERT-style text classifier". */
export function requireInputs(session: RuntimeSession, required: readonly string[], what: string): void {
  const names = session.inputs.map((input) => input.name);
  const missing = required.filter((name) => !names.includes(name));
  if (missing.length === 0) return;
  throw new GlassboxError({
    code: 'model-file-invalid',
    message: `This model has no input named ${missing.join(' or ')}, so it is not ${what}.`,
    remedy: `Its inputs are: ${names.join(', ')}. Open it as another task.`,
  });
}
