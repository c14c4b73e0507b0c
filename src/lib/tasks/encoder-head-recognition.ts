// What the recognisers of BERT-style heads other than sequence classification share (token
// classification, extractive question answering): the head is named by config.json's architectures
// (…ForTokenClassification, …ForQuestionAnswering), and the model must take integer input_ids with at
// most attention_mask and token_type_ids beside it, and come with tokenizer.json. A model whose config
// names another head is not asked about (null); one that names this head but misses a condition is
// refused with the reason, and opens in the tensor view.

import { excerpt } from '../visible-text.ts';
import {
  accepted,
  architectureOf,
  INTEGER_TYPES,
  listNames,
  refused,
  TENSOR_VIEW,
  type ModelEvidence,
  type Recognition,
} from './recognition.ts';
import type { TensorSignature } from '../sources/io-signature.ts';

const TEXT_INPUTS: ReadonlySet<string> = new Set(['input_ids', 'attention_mask', 'token_type_ids']);

export interface HeadRule {
  /** The architecture's suffix: "ForTokenClassification". */
  suffix: string;
  /** What the view does, for the reasons: "find entities". */
  purpose: string;
  /** Why the outputs do not fit, or null when they do. */
  checkOutputs(outputs: readonly TensorSignature[], config: Record<string, unknown> | null): string | null;
  /** What the accepted reason says about the outputs. */
  describeOutputs(outputs: readonly TensorSignature[], config: Record<string, unknown> | null): string;
}

export function recogniseEncoderHead(evidence: ModelEvidence, rule: HeadRule): Recognition {
  const { signature, config, available } = evidence;
  const architecture = architectureOf(config);
  if (architecture === null || !architecture.endsWith(rule.suffix)) return null;
  const named = `config.json names ${excerpt(architecture)}`;
  const inputIds = signature.inputs.find((input) => input.name === 'input_ids');
  if (inputIds === undefined) {
    return refused(`The ${named}, but the model takes no input_ids, so ${TENSOR_VIEW}.`);
  }
  if (!INTEGER_TYPES.has(inputIds.dtype)) {
    return refused(
      `The ${named}, but its input_ids holds ${excerpt(inputIds.dtype, 30)} values, not integer token ids, so ${TENSOR_VIEW}.`,
    );
  }
  const extra = signature.inputs.filter((input) => !TEXT_INPUTS.has(input.name));
  if (extra.length > 0) {
    return refused(
      `The ${named}, but besides input_ids the model takes ${listNames(extra.map((input) => input.name))}, which Glassbox cannot feed, so ${TENSOR_VIEW}.`,
    );
  }
  if (!available.tokenizer) {
    return refused(
      `The ${named}, but tokenizer.json is missing, so Glassbox cannot turn text into tokens and ${TENSOR_VIEW}.`,
    );
  }
  const problem = rule.checkOutputs(signature.outputs, config);
  if (problem !== null) return refused(`The ${named}, but ${problem}, so ${TENSOR_VIEW}.`);
  return accepted(
    `The ${named} and the model ${rule.describeOutputs(signature.outputs, config)}, so Glassbox can ${rule.purpose}.`,
  );
}
