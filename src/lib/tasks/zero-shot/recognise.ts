// Whether the zero-shot view can run a model: a sequence classifier trained on natural language inference
// (config.json's id2label names an "entailment" class, any case, as Hugging Face's pipeline looks for it).
// Such a model is a text classifier too, so this row comes first and takes it; the user can still show it
// as text classification. A model without such a label is left to the other rows (null); one that has it
// but cannot be fed is refused with the reason.
import { excerpt } from '../../visible-text.ts';
import {
  accepted,
  architectureOf,
  formatShape,
  refused,
  textInputProblem,
  TENSOR_VIEW,
  type ModelEvidence,
  type Recognition,
} from '../recognition.ts';
import { entailmentIdOf } from './zero-shot-scores.ts';

/** config.json's id2label with its names as strings; null when it has none or is not an object. */
export function id2labelOf(config: Record<string, unknown> | null): Record<string, string> | null {
  const id2label = config?.id2label;
  if (typeof id2label !== 'object' || id2label === null || Array.isArray(id2label)) return null;
  const entries = Object.entries(id2label as Record<string, unknown>).filter(
    ([, name]) => typeof name === 'string',
  );
  return entries.length > 0 ? Object.fromEntries(entries as Array<[string, string]>) : null;
}

export function recogniseZeroShot({ signature, config, available }: ModelEvidence): Recognition {
  const inputIds = signature.inputs.find((input) => input.name === 'input_ids');
  if (inputIds === undefined) return null;
  const id2label = id2labelOf(config);
  if (id2label === null) return null;
  const entailmentId = entailmentIdOf(id2label);
  if (entailmentId < 0) return null;
  const architecture = architectureOf(config);
  if (architecture !== null && !architecture.endsWith('ForSequenceClassification')) return null;
  const entailment = excerpt(id2label[String(entailmentId)] ?? '', 30);
  const classes = Object.keys(id2label).length;
  if (classes < 2) {
    return refused(
      `config.json names only one class (${entailment}), and zero-shot scoring compares entailment with another class, so ${TENSOR_VIEW}.`,
    );
  }
  const feedProblem = textInputProblem(inputIds, signature.inputs, 'the zero-shot view');
  if (feedProblem !== null) return refused(feedProblem);
  if (!available.tokenizer) {
    return refused(
      `The model is an NLI classifier (its labels include ${entailment}), but tokenizer.json is missing, so Glassbox cannot turn text into tokens and ${TENSOR_VIEW}.`,
    );
  }
  const [first] = signature.outputs;
  if (first === undefined) return refused(`The model declares no outputs, so ${TENSOR_VIEW}.`);
  if (first.shape.length !== 2 && first.shape.length !== 0) {
    return refused(
      `Its first output ${excerpt(first.name, 40)} has shape ${formatShape(first.shape)}, not one row of class scores per text pair, so ${TENSOR_VIEW}.`,
    );
  }
  return accepted(
    `config.json’s labels include ${entailment}: a natural-language-inference classifier, which scores any labels you give (zero-shot) by how much the text entails “This example is <label>.” Show it as text classification to see its ${classes} classes instead.`,
  );
}
