// A BERT-architecture encoder with random weights: token + position embeddings, L layers of multi-head
// self-attention and a GELU feed-forward block (post-LayerNorm, as BERT), then BERT's pooler and a
// 2-way classifier. Standard opset-17 ops only (GELU written out with Erf, as PyTorch exports it), a
// dynamic batch, a fixed sequence length.
import type { ModelMessage } from '../onnx/index.ts';
import { attr, FLOAT, GraphBuilder, INT64, syntheticModel, tensorInfo } from './graph-builder.ts';

export interface EncoderSpec {
  layers: number;
  hidden: number;
  heads: number;
  /** Feed-forward inner size (BERT: 4 × hidden). */
  ffn: number;
  /** Tokens per sequence; the position table has this many rows. */
  sequence: number;
  /** Rows of the token embedding table (bert-base-uncased: 30,522). */
  vocab: number;
  seed?: number;
}

export const ENCODER_LABELS = 2;

/** Parameters of the encoder, by the architecture's own arithmetic (unit tests hold the model to it). */
export function encoderParameterCount(spec: EncoderSpec): number {
  const { hidden: h, ffn: f, layers, vocab, sequence } = spec;
  const embeddings = vocab * h + sequence * h + 2 * h;
  // Q, K, V, O with biases; two LayerNorms; two feed-forward matrices with biases.
  const layer = 4 * (h * h + h) + 2 * (2 * h) + (h * f + f) + (f * h + h);
  const head = h * h + h + h * ENCODER_LABELS + ENCODER_LABELS;
  return embeddings + layers * layer + head;
}

export function encoderProblems(spec: EncoderSpec): string[] {
  const problems: string[] = [];
  const positive = (value: number, name: string) => {
    if (!Number.isInteger(value) || value < 1) problems.push(`${name} must be a whole number of at least 1.`);
  };
  positive(spec.layers, 'Layers');
  positive(spec.hidden, 'Hidden size');
  positive(spec.heads, 'Heads');
  positive(spec.ffn, 'Feed-forward size');
  positive(spec.sequence, 'Sequence length');
  positive(spec.vocab, 'Vocabulary size');
  if (problems.length === 0 && spec.hidden % spec.heads !== 0) {
    problems.push(`Hidden size ${spec.hidden} is not divisible by ${spec.heads} heads.`);
  }
  return problems;
}

function layerNorm(b: GraphBuilder, scope: string, prefix: string, x: string, hidden: number): string {
  return b.op(
    scope,
    'LayerNormalization',
    [x, b.filled(`${prefix}.weight`, [hidden], 1), b.filled(`${prefix}.bias`, [hidden], 0)],
    [attr.int('axis', -1), attr.float('epsilon', 1e-12)],
  );
}

/** x · W + b, W [inDim, outDim] uniform ±1/√inDim (keeps activations near unit scale). */
function linear(b: GraphBuilder, scope: string, prefix: string, x: string, inDim: number, outDim: number) {
  const scale = 1 / Math.sqrt(inDim);
  const product = b.op(scope, 'MatMul', [x, b.weight(`${prefix}.weight`, [inDim, outDim], scale)]);
  return b.op(scope, 'Add', [product, b.weight(`${prefix}.bias`, [outDim], scale)]);
}

/** GELU(x) = x · ½ · (1 + erf(x / √2)), as PyTorch exports it at opsets without Gelu. */
function gelu(b: GraphBuilder, scope: string, x: string): string {
  const scaled = b.op(scope, 'Div', [x, b.floatConstant(`${scope}.sqrt2`, Math.SQRT2)]);
  const erf = b.op(scope, 'Erf', [scaled]);
  const onePlus = b.op(scope, 'Add', [erf, b.floatConstant(`${scope}.one`, 1)]);
  const times = b.op(scope, 'Mul', [x, onePlus]);
  return b.op(scope, 'Mul', [times, b.floatConstant(`${scope}.half`, 0.5)]);
}

function attention(
  b: GraphBuilder,
  spec: EncoderSpec,
  scope: string,
  prefix: string,
  x: string,
  mask: string,
) {
  const { hidden, heads, sequence } = spec;
  const headSize = hidden / heads;
  const split = b.int64Constant(`${prefix}.split_heads_shape`, [0, sequence, heads, headSize]);
  const heads4d = (name: string, perm: number[]) => {
    const projected = linear(b, `${scope}/${name}`, `${prefix}.${name}`, x, hidden, hidden);
    const reshaped = b.op(`${scope}/${name}`, 'Reshape', [projected, split]);
    return b.op(`${scope}/${name}`, 'Transpose', [reshaped], [attr.ints('perm', perm)]);
  };
  const q = heads4d('query', [0, 2, 1, 3]);
  const kT = heads4d('key', [0, 2, 3, 1]);
  const v = heads4d('value', [0, 2, 1, 3]);
  const scores = b.op(`${scope}/scores`, 'MatMul', [q, kT]);
  const scaled = b.op(`${scope}/scores`, 'Mul', [
    scores,
    b.floatConstant(`${prefix}.scale`, 1 / Math.sqrt(headSize)),
  ]);
  const masked = b.op(`${scope}/scores`, 'Add', [scaled, mask]);
  const probs = b.op(`${scope}/probs`, 'Softmax', [masked], [attr.int('axis', -1)]);
  const context = b.op(`${scope}/context`, 'MatMul', [probs, v]);
  const merged = b.op(`${scope}/context`, 'Transpose', [context], [attr.ints('perm', [0, 2, 1, 3])]);
  const flat = b.op(`${scope}/context`, 'Reshape', [
    merged,
    b.int64Constant(`${prefix}.merge_heads_shape`, [0, sequence, hidden]),
  ]);
  return linear(b, `${scope}/output`, `${prefix}.output`, flat, hidden, hidden);
}

function encoderLayer(b: GraphBuilder, spec: EncoderSpec, index: number, x: string, mask: string): string {
  const scope = `/encoder/layer.${index}`;
  const prefix = `encoder.layer.${index}`;
  const attended = attention(b, spec, `${scope}/attention`, `${prefix}.attention`, x, mask);
  const residual1 = b.op(`${scope}/attention`, 'Add', [attended, x]);
  const norm1 = layerNorm(
    b,
    `${scope}/attention/LayerNorm`,
    `${prefix}.attention.LayerNorm`,
    residual1,
    spec.hidden,
  );
  const up = linear(b, `${scope}/intermediate`, `${prefix}.intermediate`, norm1, spec.hidden, spec.ffn);
  const activated = gelu(b, `${scope}/intermediate/gelu`, up);
  const down = linear(b, `${scope}/output`, `${prefix}.output`, activated, spec.ffn, spec.hidden);
  const residual2 = b.op(`${scope}/output`, 'Add', [down, norm1]);
  return layerNorm(b, `${scope}/output/LayerNorm`, `${prefix}.output.LayerNorm`, residual2, spec.hidden);
}

/** The additive attention mask [batch, 1, 1, seq]: 0 where attention_mask is 1, −10,000 where it is 0. */
function extendedMask(b: GraphBuilder): string {
  const scope = '/mask';
  const unsqueezed = b.op(scope, 'Unsqueeze', ['attention_mask', b.int64Constant('mask.axes', [1, 2])]);
  const asFloat = b.op(scope, 'Cast', [unsqueezed], [attr.int('to', FLOAT)]);
  const inverted = b.op(scope, 'Sub', [b.floatConstant('mask.one', 1), asFloat]);
  return b.op(scope, 'Mul', [inverted, b.floatConstant('mask.min', -10000)]);
}

export function buildEncoder(spec: EncoderSpec, name: string, weights = true): ModelMessage {
  const b = new GraphBuilder(spec.seed ?? 1, weights);
  const { hidden, sequence } = spec;
  const words = b.op('/embeddings/word_embeddings', 'Gather', [
    b.weight('embeddings.word_embeddings.weight', [spec.vocab, hidden], 0.1),
    'input_ids',
  ]);
  const positioned = b.op('/embeddings', 'Add', [
    words,
    b.weight('embeddings.position_embeddings.weight', [sequence, hidden], 0.1),
  ]);
  let x = layerNorm(b, '/embeddings/LayerNorm', 'embeddings.LayerNorm', positioned, hidden);
  const mask = extendedMask(b);
  for (let layer = 0; layer < spec.layers; layer++) x = encoderLayer(b, spec, layer, x, mask);
  // BERT's pooler reads the first token ([CLS]), then a classifier gives the logits.
  const first = b.op(
    '/pooler',
    'Gather',
    [x, b.int64Constant('pooler.first_token', [0])],
    [attr.int('axis', 1)],
  );
  const cls = b.op('/pooler', 'Squeeze', [first, b.int64Constant('pooler.squeeze_axes', [1])]);
  const pooled = b.op('/pooler', 'Tanh', [linear(b, '/pooler/dense', 'pooler.dense', cls, hidden, hidden)]);
  b.nameOutput(linear(b, '/classifier', 'classifier', pooled, hidden, ENCODER_LABELS), 'logits');
  return syntheticModel(
    b,
    name,
    [
      tensorInfo('input_ids', INT64, ['batch', sequence]),
      tensorInfo('attention_mask', INT64, ['batch', sequence]),
    ],
    [tensorInfo('logits', FLOAT, ['batch', ENCODER_LABELS])],
  );
}
