// Is this model a causal language model that Glassbox can generate text with? Read from config.json's
// architectures and model_type and from the file's inputs and outputs: a wrong "yes" would feed tokens to
// a model that does something else, so a config naming another head rules it out.
import type { IoSignature } from '../../sources/io-signature.ts';
import { excerpt } from '../../visible-text.ts';
import { decoderLayout, LayoutProblem, type DecoderLayout } from './decoder-layout.ts';

export type CausalLmRecognition =
  { ok: true; layout: DecoderLayout; reason: string } | { ok: false; reason: string };

const LM_HEAD = /(ForCausalLM|LMHeadModel)$/;

/** model_type values of decoder-only language models in the hub's ONNX exports. */
const CAUSAL_MODEL_TYPES: ReadonlySet<string> = new Set([
  'gpt2',
  'gpt_neo',
  'gpt_neox',
  'gptj',
  'gpt_bigcode',
  'codegen',
  'llama',
  'mistral',
  'mixtral',
  'qwen2',
  'qwen3',
  'phi',
  'phi3',
  'gemma',
  'gemma2',
  'gemma3_text',
  'olmo',
  'olmo2',
  'opt',
  'bloom',
  'falcon',
  'mpt',
  'stablelm',
  'starcoder2',
  'granite',
  'smollm3',
]);

function architecturesOf(config: Record<string, unknown> | null): string[] {
  const value = config?.architectures;
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
}

export function recognizeCausalLm(
  signature: IoSignature,
  config: Record<string, unknown> | null,
): CausalLmRecognition {
  const architectures = architecturesOf(config);
  const modelType = typeof config?.model_type === 'string' ? config.model_type : null;
  const head = architectures.find((name) => LM_HEAD.test(name));
  if (architectures.length > 0 && !head) {
    return {
      ok: false,
      reason: `config.json names ${excerpt(architectures.join(', '))}, which is not a language-model head (…ForCausalLM or …LMHeadModel).`,
    };
  }
  if (!head && modelType !== null && !CAUSAL_MODEL_TYPES.has(modelType)) {
    return {
      ok: false,
      reason: `config.json's model_type “${excerpt(modelType)}” is not a decoder-only language model Glassbox knows.`,
    };
  }
  let layout: DecoderLayout;
  try {
    layout = decoderLayout(signature, config);
  } catch (error) {
    if (error instanceof LayoutProblem) return { ok: false, reason: error.message };
    throw error;
  }
  if (!head && modelType === null && layout.cache === 'none') {
    return {
      ok: false,
      reason:
        'Nothing says it is a language model: config.json names no …ForCausalLM head or model_type, and it has no key/value cache.',
    };
  }
  const named = head ? excerpt(head) : modelType ? `a ${excerpt(modelType)} model` : 'its inputs and outputs';
  const cache =
    layout.cache === 'kv'
      ? `with a key/value cache of ${layout.layers.length} layers`
      : 'without a key/value cache (every step reads the whole text again: slower)';
  return { ok: true, layout, reason: `A causal language model (${named}), ${cache}.` };
}
