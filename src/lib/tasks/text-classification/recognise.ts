// Whether the text view can classify a model: an integer input_ids (with at most attention_mask and
// token_type_ids beside it), a first output of rank 2 ([batch, labels]) or of unknown rank, and a
// tokenizer; config.json's architectures naming another head (…ForTokenClassification, …ForCausalLM, a
// bare …Model) rules it out. A model without input_ids is not asked about.

import { excerpt } from '../../visible-text.ts';
import {
  accepted,
  architectureOf,
  formatShape,
  labelCountOf,
  refused,
  TENSOR_VIEW,
  textInputProblem,
  type ModelEvidence,
  type Recognition,
} from '../recognition.ts';

export function recogniseTextClassification({ signature, config, available }: ModelEvidence): Recognition {
  const inputIds = signature.inputs.find((input) => input.name === 'input_ids');
  if (inputIds === undefined) return null;
  const feedProblem = textInputProblem(inputIds, signature.inputs, 'the text view');
  if (feedProblem !== null) return refused(feedProblem);
  const architecture = architectureOf(config);
  if (architecture !== null && isOtherHead(architecture)) {
    return refused(
      `The model’s config.json names the architecture ${excerpt(architecture)}, which is not a text classifier, so ${TENSOR_VIEW}.`,
    );
  }
  if (!available.tokenizer) {
    return refused(
      `The model takes input_ids, but tokenizer.json is missing, so Glassbox cannot turn text into tokens and ${TENSOR_VIEW}.`,
    );
  }
  const [first] = signature.outputs;
  if (first === undefined) return refused(`The model declares no outputs, so ${TENSOR_VIEW}.`);
  if (first.shape.length !== 2 && first.shape.length !== 0) {
    return refused(
      `Its first output ${excerpt(first.name, 40)} has shape ${formatShape(first.shape)}, not one row of scores per text, so ${TENSOR_VIEW}.`,
    );
  }
  return accepted(
    `The model takes input_ids and returns one row of scores per text (${excerpt(first.name, 40)}), and tokenizer.json is present${confirmation(architecture, config)}.`,
  );
}

/** What in config.json backs the guess, as the end of the reason. */
function confirmation(architecture: string | null, config: Record<string, unknown> | null): string {
  if (architecture?.endsWith('ForSequenceClassification') === true) {
    return `; config.json names ${excerpt(architecture)}`;
  }
  const labels = labelCountOf(config);
  if (labels !== null) return `; config.json lists ${labels} ${labels === 1 ? 'label' : 'labels'}`;
  return '';
}

/** transformers names a head …For<Task> (or …LMHeadModel); a bare encoder is …Model. */
function isOtherHead(architecture: string): boolean {
  if (architecture.endsWith('ForSequenceClassification')) return false;
  return /(For[A-Z]\w*|LMHeadModel|Model)$/.test(architecture);
}
