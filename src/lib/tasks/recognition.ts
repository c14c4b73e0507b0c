// What every task's recogniser shares: the answer's shape, and the wording of its reasons. A recogniser
// reads a model's inputs and outputs and its config.json and says whether its task can show the model.
// A wrong guess costs more than none (a view fed the wrong tensors), so a doubt is a refusal, with the
// reason, and the model opens in the tensor view, which runs any model.

import { formatList } from '../format.ts';
import type { IoSignature, TensorSignature } from '../sources/io-signature.ts';
import { excerpt } from '../visible-text.ts';

/** What a model offers a recogniser: its signature, its config.json (null when absent), its files. */
export interface ModelEvidence {
  signature: IoSignature;
  config: Record<string, unknown> | null;
  available: { tokenizer: boolean };
  /**
   * The folder's other parsed JSON files a recogniser may read: modules.json and 1_Pooling/config.json of
   * a sentence-transformers model (null or absent when the folder has none).
   */
  folder?: { modules?: unknown; pooling?: unknown };
}

/**
 * A recogniser's answer: null when the model is not of its kind at all (the next task is asked);
 * accepted with the reason shown to the user; or refused, with the reason, which settles it: the model
 * opens in the tensor view.
 */
export type Recognition = { accepted: boolean; reason: string } | null;

export type Recogniser = (evidence: ModelEvidence) => Recognition;

export const TENSOR_VIEW = 'it opens in the tensor view, which runs any model';

/** Names listed in a reason before "and N more". */
const LISTED_NAMES = 4;

export const INTEGER_TYPES: ReadonlySet<string> = new Set([
  'int64',
  'int32',
  'int16',
  'int8',
  'uint64',
  'uint32',
  'uint16',
  'uint8',
]);

export const FLOAT_TYPES: ReadonlySet<string> = new Set(['float32', 'float16', 'bfloat16', 'float64']);

export function accepted(reason: string): Recognition {
  return { accepted: true, reason };
}

export function refused(reason: string): Recognition {
  return { accepted: false, reason };
}

/** The first name in config.json's architectures, e.g. "BertForSequenceClassification". */
export function architectureOf(config: Record<string, unknown> | null): string | null {
  const architectures = config?.architectures;
  if (!Array.isArray(architectures)) return null;
  const [first] = architectures as unknown[];
  return typeof first === 'string' && first !== '' ? first : null;
}

/** Labels in config.json's id2label, or null when it has none. */
export function labelCountOf(config: Record<string, unknown> | null): number | null {
  const id2label = config?.id2label;
  if (typeof id2label !== 'object' || id2label === null || Array.isArray(id2label)) return null;
  const count = Object.keys(id2label).length;
  return count > 0 ? count : null;
}

/** "2 inputs (input_ids, pixel_values) match", "1 input (x) matches", "The model takes no inputs and matches". */
export function describeInputs(inputs: readonly TensorSignature[]): string {
  if (inputs.length === 0) return 'The model takes no inputs and matches';
  const names = listNames(inputs.map((input) => input.name));
  return inputs.length === 1 ? `1 input (${names}) matches` : `${inputs.length} inputs (${names}) match`;
}

export function listNames(names: readonly string[]): string {
  return formatList(
    names.map((name) => excerpt(name, 40)),
    LISTED_NAMES,
  );
}

/** [1, 3, 640, 640], [batch_size, 2]; [] when the model gives no shape. */
export function formatShape(shape: ReadonlyArray<number | string>): string {
  return `[${shape.map((dim) => (typeof dim === 'string' ? excerpt(dim, 20) : String(dim))).join(', ')}]`;
}

/** The inputs a BERT-style text view feeds (see text-classification/encode-batch.ts). */
export const TEXT_INPUTS: ReadonlySet<string> = new Set(['input_ids', 'attention_mask', 'token_type_ids']);

/**
 * Why a text view cannot feed the model (input_ids not integer token ids, or inputs besides the ones it
 * feeds), as the start of a refusal ending in the tensor view; null when it can.
 */
export function textInputProblem(
  inputIds: TensorSignature,
  inputs: readonly TensorSignature[],
  viewName: string,
  fed: ReadonlySet<string> = TEXT_INPUTS,
): string | null {
  if (!INTEGER_TYPES.has(inputIds.dtype)) {
    return `The model’s input_ids holds ${excerpt(inputIds.dtype, 30)} values, not integer token ids, so ${TENSOR_VIEW}.`;
  }
  const extra = inputs.filter((input) => !fed.has(input.name));
  if (extra.length === 0) return null;
  return `Besides input_ids the model takes ${listNames(extra.map((input) => input.name))}, which ${viewName} cannot feed, so ${TENSOR_VIEW}.`;
}
