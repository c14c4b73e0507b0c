// Whether the generate view can run a model: a causal language model by config.json (…ForCausalLM,
// …LMHeadModel, a decoder-only model_type) or by its key/value cache inputs. A model without input_ids,
// or one nothing marks as a language model, is left to the other rows (null).
import { accepted, refused, TENSOR_VIEW, type ModelEvidence, type Recognition } from '../recognition.ts';
import { recognizeCausalLm } from './causal-lm.ts';

const LM_HEAD = /(ForCausalLM|LMHeadModel)$/;

function marksLanguageModel({ signature, config }: ModelEvidence): boolean {
  const architectures = Array.isArray(config?.architectures) ? (config.architectures as unknown[]) : [];
  if (architectures.some((name) => typeof name === 'string' && LM_HEAD.test(name))) return true;
  return signature.inputs.some((input) => input.name.startsWith('past_key_values.'));
}

export function recogniseTextGeneration(evidence: ModelEvidence): Recognition {
  if (!evidence.signature.inputs.some((input) => input.name === 'input_ids')) return null;
  if (!marksLanguageModel(evidence)) return null;
  const recognition = recognizeCausalLm(evidence.signature, evidence.config);
  if (!recognition.ok) return refused(`${recognition.reason} So ${TENSOR_VIEW}.`);
  if (!evidence.available.tokenizer) {
    return refused(
      `${recognition.reason} It has no tokenizer.json to turn text into tokens, so ${TENSOR_VIEW}.`,
    );
  }
  return accepted(recognition.reason);
}
