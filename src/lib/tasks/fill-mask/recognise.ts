// Whether the fill-mask view can show a model: config.json names a masked-LM head (…ForMaskedLM), the model
// takes integer input_ids (with at most attention_mask and token_type_ids beside it), its first output has
// one row of vocabulary scores per token ([batch, sequence, vocabulary], or a shape it does not declare),
// and tokenizer.json is there. Without the architecture the shape alone cannot tell a masked LM from a token
// classifier, so the row does not answer (null) and the next row is asked; with it, any mismatch is a
// refusal, with the reason, and the model opens in the tensor view.
import { excerpt } from '../../visible-text.ts';
import {
  accepted,
  architectureOf,
  formatShape,
  INTEGER_TYPES,
  listNames,
  refused,
  TENSOR_VIEW,
  type ModelEvidence,
  type Recognition,
} from '../recognition.ts';

/** The inputs the fill-mask view feeds (text-classification/encode-batch.ts builds them). */
const TEXT_INPUTS: ReadonlySet<string> = new Set(['input_ids', 'attention_mask', 'token_type_ids']);

/** transformers names every masked-LM head …ForMaskedLM (BertForMaskedLM, RobertaForMaskedLM, …). */
export function isMaskedLmArchitecture(architecture: string | null): architecture is string {
  return architecture !== null && /ForMaskedLM$/.test(architecture);
}

export function recogniseFillMask({ signature, config, available }: ModelEvidence): Recognition {
  const architecture = architectureOf(config);
  if (!isMaskedLmArchitecture(architecture)) return null;
  const named = `config.json names ${excerpt(architecture)}`;
  const inputIds = signature.inputs.find((input) => input.name === 'input_ids');
  if (inputIds === undefined) {
    return refused(`The ${named}, but the model takes no input_ids, so ${TENSOR_VIEW}.`);
  }
  if (!INTEGER_TYPES.has(inputIds.dtype)) {
    return refused(
      `The model’s input_ids holds ${excerpt(inputIds.dtype, 30)} values, not integer token ids, so ${TENSOR_VIEW}.`,
    );
  }
  const extra = signature.inputs.filter((input) => !TEXT_INPUTS.has(input.name));
  if (extra.length > 0) {
    return refused(
      `Besides input_ids the model takes ${listNames(extra.map((input) => input.name))}, which the fill-mask view cannot feed, so ${TENSOR_VIEW}.`,
    );
  }
  if (!available.tokenizer) {
    return refused(
      `The ${named}, but tokenizer.json is missing, so Glassbox cannot find the mask token and ${TENSOR_VIEW}.`,
    );
  }
  const [first] = signature.outputs;
  if (first === undefined) return refused(`The model declares no outputs, so ${TENSOR_VIEW}.`);
  if (first.shape.length !== 3 && first.shape.length !== 0) {
    return refused(
      `The ${named}, but its first output ${excerpt(first.name, 40)} has shape ${formatShape(first.shape)}, not one row of vocabulary scores per token, so ${TENSOR_VIEW}.`,
    );
  }
  const vocabulary = config?.vocab_size;
  const scores = first.shape[2];
  if (typeof scores === 'number' && typeof vocabulary === 'number' && scores !== vocabulary) {
    return refused(
      `Its first output ${excerpt(first.name, 40)} scores ${scores} tokens, but config.json’s vocab_size is ${vocabulary}, so ${TENSOR_VIEW}.`,
    );
  }
  return accepted(
    `The ${named}: the model takes input_ids and returns scores over its vocabulary at every token (${excerpt(first.name, 40)}), and tokenizer.json is present.`,
  );
}
