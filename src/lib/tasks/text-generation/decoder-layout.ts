// How a causal language model's ONNX file is fed, read from its inputs and outputs (and config.json for
// what the file leaves symbolic): the transformers.js / onnx-community layout (past_key_values.N.key and
// .value in, present.N.key and .value out, position_ids when present, one file for the first step and
// the later ones), optimum's older decoder_model_merged.onnx (the same plus a use_cache_branch flag), and a
// model with no cache at all (the whole sequence every step: slower, but it works).
import type { IoSignature, TensorSignature } from '../../sources/io-signature.ts';

export interface CacheLayer {
  pastKey: string;
  pastValue: string;
  presentKey: string;
  presentValue: string;
}

export interface DecoderLayout {
  /** 'kv': a key/value cache; 'none': no cache inputs (the whole sequence is fed every step). */
  cache: 'kv' | 'none';
  inputIds: string;
  /** int64 or int32, as the model declares input_ids (and the mask and positions). */
  idType: 'int64' | 'int32';
  attentionMask: string | null;
  positionIds: string | null;
  /** optimum's merged decoder: false on the first step (no past), true after. */
  useCacheBranch: string | null;
  logits: string;
  layers: CacheLayer[];
  /** Key/value heads per layer (fewer than attention heads under grouped-query attention). */
  kvHeads: number;
  headDim: number;
  /** The cache's element type as the model declares it ('float32', 'float16'). */
  cacheType: string;
}

/** Why a model cannot be fed as a causal language model: one sentence for the page. */
export class LayoutProblem extends Error {}

const PAST = /^past_key_values\.(\d+)\.(key|value)$/;
const PRESENT = /^present\.(\d+)\.(key|value)$/;
const KNOWN_INPUTS = new Set(['input_ids', 'attention_mask', 'position_ids', 'use_cache_branch']);

function numberIn(config: Record<string, unknown>, keys: readonly string[]): number | null {
  for (const key of keys) {
    const value = config[key];
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  }
  return null;
}

/** Layers of a cache by index, each with its four names; a gap or a missing half is a problem. */
function cacheLayers(signature: IoSignature): CacheLayer[] {
  const past = new Map<number, Partial<Record<'key' | 'value', string>>>();
  const present = new Map<number, Partial<Record<'key' | 'value', string>>>();
  for (const input of signature.inputs) {
    const match = PAST.exec(input.name);
    if (match) past.set(Number(match[1]), { ...past.get(Number(match[1])), [match[2]!]: input.name });
  }
  for (const output of signature.outputs) {
    const match = PRESENT.exec(output.name);
    if (match) present.set(Number(match[1]), { ...present.get(Number(match[1])), [match[2]!]: output.name });
  }
  const layers: CacheLayer[] = [];
  for (let i = 0; i < past.size; i++) {
    const inLayer = past.get(i);
    const outLayer = present.get(i);
    if (!inLayer?.key || !inLayer.value || !outLayer?.key || !outLayer.value) {
      throw new LayoutProblem(
        `Its key/value cache is incomplete at layer ${i}: each layer needs past_key_values.${i}.key and .value in, present.${i}.key and .value out.`,
      );
    }
    layers.push({
      pastKey: inLayer.key,
      pastValue: inLayer.value,
      presentKey: outLayer.key,
      presentValue: outLayer.value,
    });
  }
  return layers;
}

/**
 * The layout of a decoder, or a LayoutProblem saying what is missing. config is config.json (null when
 * the folder has none): heads and head size come from the cache inputs' shapes where the file fixes them,
 * else from num_key_value_heads (grouped-query attention), num_attention_heads / n_head, head_dim or
 * hidden_size / n_embd over the heads.
 */
export function decoderLayout(signature: IoSignature, config: Record<string, unknown> | null): DecoderLayout {
  const inputIds = signature.inputs.find((input) => input.name === 'input_ids');
  if (!inputIds) throw new LayoutProblem('It has no input_ids input, so it does not read tokens.');
  if (inputIds.dtype !== 'int64' && inputIds.dtype !== 'int32') {
    throw new LayoutProblem(`Its input_ids are ${inputIds.dtype}, not integer token ids.`);
  }
  const logits = signature.outputs.find((output) => output.name === 'logits') ?? null;
  if (!logits) throw new LayoutProblem('It has no logits output, so it does not score next tokens.');
  const unknown = signature.inputs.filter((input) => !KNOWN_INPUTS.has(input.name) && !PAST.test(input.name));
  if (unknown.length > 0) {
    throw new LayoutProblem(
      `It needs inputs Glassbox does not know how to fill for text generation: ${unknown.map((input) => input.name).join(', ')}.`,
    );
  }
  const has = (name: string): string | null =>
    signature.inputs.some((input) => input.name === name) ? name : null;
  const layers = cacheLayers(signature);
  const firstPast: TensorSignature | undefined = signature.inputs.find((input) => PAST.test(input.name));
  const settings = config ?? {};
  const attentionHeads = numberIn(settings, ['num_attention_heads', 'n_head', 'num_heads']);
  const shapeHeads = typeof firstPast?.shape[1] === 'number' ? firstPast.shape[1] : null;
  const shapeDim = typeof firstPast?.shape[3] === 'number' ? firstPast.shape[3] : null;
  const kvHeads = shapeHeads ?? numberIn(settings, ['num_key_value_heads', 'n_kv_heads']) ?? attentionHeads;
  const hidden = numberIn(settings, ['hidden_size', 'n_embd', 'd_model']);
  const headDim =
    shapeDim ??
    numberIn(settings, ['head_dim']) ??
    (hidden !== null && attentionHeads !== null ? hidden / attentionHeads : null);
  if (layers.length > 0 && (kvHeads === null || headDim === null || !Number.isInteger(headDim))) {
    throw new LayoutProblem(
      'Its cache size is not in the file, and config.json does not say how many key/value heads and how large each is.',
    );
  }
  return {
    cache: layers.length > 0 ? 'kv' : 'none',
    inputIds: inputIds.name,
    idType: inputIds.dtype,
    attentionMask: has('attention_mask'),
    positionIds: has('position_ids'),
    useCacheBranch: has('use_cache_branch'),
    logits: logits.name,
    layers,
    kvHeads: kvHeads ?? 0,
    headDim: headDim ?? 0,
    cacheType: firstPast?.dtype ?? 'float32',
  };
}

/** Bytes of the cache after length tokens: 2 tensors per layer of [1, kvHeads, length, headDim]. */
export function cacheBytes(layout: DecoderLayout, length: number): number {
  const elementBytes = layout.cacheType === 'float16' ? 2 : 4;
  return layout.layers.length * 2 * layout.kvHeads * length * layout.headDim * elementBytes;
}
