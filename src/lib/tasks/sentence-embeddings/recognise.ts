// Whether the embeddings view can run a model: an encoder whose output is one vector per token (or per
// sentence), and a tokenizer. A sentence-transformers folder (modules.json) is taken whatever its
// config.json says; without modules.json, only a bare encoder (config.json names …Model, not a head such
// as …ForSequenceClassification) is, with mean pooling. Everything else is left to the other rows (null).
// A classifier can still be shown as embeddings (Show as): its encoder's last hidden state is pooled
// (workers/inference/tasks/sentence-embedder.ts), which the view says is not a trained sentence embedding.
import { excerpt } from '../../visible-text.ts';
import type { TensorSignature } from '../../sources/io-signature.ts';
import {
  accepted,
  architectureOf,
  FLOAT_TYPES,
  refused,
  textInputProblem,
  TENSOR_VIEW,
  type ModelEvidence,
  type Recognition,
} from '../recognition.ts';
import { describePlan, embeddingPlan } from './sentence-transformers-layout.ts';

/** The model's embedding output: per token (to pool) or already per sentence (sentence_embedding). */
export interface EmbeddingOutput {
  name: string;
  kind: 'tokens' | 'sentence';
}

/**
 * sentence_embedding (rank 2, pooled inside the graph) first, then last_hidden_state or token_embeddings,
 * then the first float output of rank 3; null when none fits.
 */
export function embeddingOutputOf(outputs: readonly TensorSignature[]): EmbeddingOutput | null {
  const float = outputs.filter((output) => FLOAT_TYPES.has(output.dtype) || output.dtype === 'unknown');
  const pooled = float.find((output) => output.name === 'sentence_embedding' && output.shape.length !== 3);
  if (pooled) return { name: pooled.name, kind: 'sentence' };
  const named = float.find(
    (output) => output.name === 'last_hidden_state' || output.name === 'token_embeddings',
  );
  if (named && named.shape.length !== 2) return { name: named.name, kind: 'tokens' };
  const rank3 = float.find((output) => output.shape.length === 3);
  return rank3 ? { name: rank3.name, kind: 'tokens' } : null;
}

/** transformers names a bare encoder …Model (BertModel, XLMRobertaModel); heads are …For<Task>, …LMHeadModel. */
function isBareEncoder(architecture: string): boolean {
  return /Model$/.test(architecture) && !/(LMHeadModel|For[A-Z]\w*)$/.test(architecture);
}

export function recogniseSentenceEmbeddings({
  signature,
  config,
  available,
  folder,
}: ModelEvidence): Recognition {
  const inputIds = signature.inputs.find((input) => input.name === 'input_ids');
  if (inputIds === undefined) return null;
  const modules = folder?.modules ?? null;
  const architecture = architectureOf(config);
  const layout = modules !== null;
  if (!layout && (architecture === null || !isBareEncoder(architecture))) return null;
  const output = embeddingOutputOf(signature.outputs);
  // A bare encoder without token vectors (a pooled-only export) is not known to be one: other rows decide.
  if (!layout && output === null) return null;
  const what = layout
    ? 'a sentence-transformers model (modules.json)'
    : `a bare encoder (${excerpt(architecture ?? '')})`;
  const plan = embeddingPlan(modules, folder?.pooling ?? null);
  if (!plan.ok) return refused(`It is ${what}, but ${lowerFirst(plan.reason)} So ${TENSOR_VIEW}.`);
  const feedProblem = textInputProblem(inputIds, signature.inputs, 'the embeddings view');
  if (feedProblem !== null) return refused(feedProblem);
  if (!available.tokenizer) {
    return refused(
      `It is ${what}, but tokenizer.json is missing, so Glassbox cannot turn text into tokens and ${TENSOR_VIEW}.`,
    );
  }
  if (output === null) {
    return refused(
      `It is ${what}, but no output gives one vector per token or per sentence (a float output of rank 3, or sentence_embedding), so ${TENSOR_VIEW}.`,
    );
  }
  const how =
    output.kind === 'sentence'
      ? `its output ${excerpt(output.name, 40)} is already one vector per sentence`
      : `its output ${excerpt(output.name, 40)} gives one vector per token, turned into one per sentence by ${describePlan(plan.plan)}${plan.plan.source === 'default' ? ' (no modules.json says otherwise)' : ''}`;
  return accepted(`It is ${what}: ${how}.`);
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0]?.toLowerCase() + text.slice(1) : text;
}
