// Tiny runnable causal LMs for the logit lens's tests, in the shapes exporters write: GPT-2 (learned
// positions, LayerNorm, tied unembedding) and Llama (RMSNorm, untied lm_head), with the norms fused or
// written out, plus near misses. Single-head attention over the whole sequence: the lens only needs the
// structure, and ONNX Runtime runs these as they are. Node names are deliberately meaningless ("n…"), so
// nothing can be found by name.
import type { ModelMessage } from '../../src/lib/onnx/index.ts';
import {
  attr,
  FLOAT,
  GraphBuilder,
  INT64,
  syntheticModel,
  tensorInfo,
} from '../../src/lib/synthetic/graph-builder.ts';

export type NormForm =
  | 'layer-norm'
  | 'layer-norm-decomposed'
  | 'rms-decomposed'
  | 'rms-simplified'
  | 'skip-simplified'
  /** Near miss: no norm between the last residual and the unembedding. */
  | 'none';
export type Unembedding = 'tied-transpose' | 'tied-gemm' | 'tied-copy' | 'untied';

export interface TinyCausalLmSpec {
  layers: number;
  hidden: number;
  vocab: number;
  norm: NormForm;
  unembedding: Unembedding;
  /** Near miss: blocks without attention (an MLP-only residual stack). */
  noAttention?: boolean;
  /** Logits of the last position only (a Gather on the sequence axis between the norm and the head). */
  lastPositionOnly?: boolean;
  /** Near miss: the logits come from a Softmax, not from a MatMul. */
  softmaxOutput?: boolean;
  seed?: number;
}

const EPSILON = 1e-5;

class Tiny {
  readonly b: GraphBuilder;
  private count = 0;
  constructor(readonly spec: TinyCausalLmSpec) {
    this.b = new GraphBuilder(spec.seed ?? 7);
  }
  /** A scope no reader can make sense of: structure is all there is. */
  scope(): string {
    return `/n${this.count++}`;
  }
  op(type: string, inputs: string[], attributes = [] as ReturnType<typeof attr.int>[], outputs = 1): string {
    return this.b.op(this.scope(), type, inputs, attributes, outputs);
  }
  weight(dims: number[]): string {
    return this.b.weight(`w${this.count++}`, dims, 1 / Math.sqrt(dims[0] ?? 1));
  }
  scalar(value: number): string {
    return this.b.floatConstant(`c${this.count++}`, value);
  }
  /** Opset 17's ReduceMean takes its axes as an attribute (an input from opset 18). */
  mean(x: string): string {
    return this.op('ReduceMean', [x], [attr.ints('axes', [-1]), attr.int('keepdims', 1)]);
  }

  norm(x: string, form: NormForm): string {
    const h = this.spec.hidden;
    const gamma = this.b.weight(`g${this.count++}`, [h], 1);
    const beta = this.b.weight(`b${this.count++}`, [h], 0.1);
    switch (form) {
      case 'layer-norm':
      case 'none':
        return this.op(
          'LayerNormalization',
          [x, gamma, beta],
          [attr.int('axis', -1), attr.float('epsilon', EPSILON)],
        );
      case 'layer-norm-decomposed': {
        const centred = this.op('Sub', [x, this.mean(x)]);
        const variance = this.mean(this.op('Pow', [centred, this.scalar(2)]));
        const deviation = this.op('Sqrt', [this.op('Add', [variance, this.scalar(EPSILON)])]);
        const normed = this.op('Div', [centred, deviation]);
        return this.op('Add', [this.op('Mul', [normed, gamma]), beta]);
      }
      case 'rms-decomposed': {
        const meanSquare = this.mean(this.op('Pow', [x, this.scalar(2)]));
        const inverse = this.op('Reciprocal', [
          this.op('Sqrt', [this.op('Add', [meanSquare, this.scalar(EPSILON)])]),
        ]);
        return this.op('Mul', [gamma, this.op('Mul', [x, inverse])]);
      }
      case 'rms-simplified':
      case 'skip-simplified':
        return this.op(
          'SimplifiedLayerNormalization',
          [x, gamma],
          [attr.int('axis', -1), attr.float('epsilon', EPSILON)],
        );
    }
  }

  attention(x: string): string {
    const h = this.spec.hidden;
    const q = this.op('MatMul', [x, this.weight([h, h])]);
    const k = this.op('MatMul', [x, this.weight([h, h])]);
    const v = this.op('MatMul', [x, this.weight([h, h])]);
    const kT = this.op('Transpose', [k], [attr.ints('perm', [0, 2, 1])]);
    const scores = this.op('Mul', [this.op('MatMul', [q, kT]), this.scalar(1 / Math.sqrt(h))]);
    const probs = this.op('Softmax', [scores], [attr.int('axis', -1)]);
    return this.op('MatMul', [this.op('MatMul', [probs, v]), this.weight([h, h])]);
  }

  mlp(x: string): string {
    const h = this.spec.hidden;
    const up = this.op('MatMul', [x, this.weight([h, 2 * h])]);
    return this.op('MatMul', [this.op('Tanh', [up]), this.weight([2 * h, h])]);
  }
}

/** The blocks' norms: the final norm's form, but plain LayerNorm/RMSNorm inside (as exporters mix them). */
function blockNorm(form: NormForm): NormForm {
  return form === 'skip-simplified' ? 'rms-simplified' : form === 'none' ? 'layer-norm' : form;
}

export function buildTinyCausalLm(spec: TinyCausalLmSpec): ModelMessage {
  const t = new Tiny(spec);
  const { b } = t;
  const { hidden: h, vocab } = spec;
  const table = b.weight('embedding', [vocab, h], 1);
  const tokens = t.op('Gather', [table, 'input_ids']);
  // GPT-2 adds learned positions; Llama (RMSNorm here) starts from the token embedding alone.
  let x = spec.norm.startsWith('layer-norm')
    ? t.op('Add', [tokens, t.op('Gather', [t.weight([64, h]), 'position_ids'])])
    : tokens;
  let lastBranch = '';
  for (let layer = 0; layer < spec.layers; layer++) {
    const form = blockNorm(spec.norm);
    if (!spec.noAttention) x = t.op('Add', [x, t.attention(t.norm(x, form))]);
    lastBranch = t.mlp(t.norm(x, form));
    if (layer < spec.layers - 1 || spec.norm !== 'skip-simplified') x = t.op('Add', [x, lastBranch]);
  }
  let normed: string;
  if (spec.norm === 'none') normed = x;
  else if (spec.norm === 'skip-simplified') {
    const outputs = b.opMany(
      t.scope(),
      'SkipSimplifiedLayerNormalization',
      [x, lastBranch, b.filled('gf', [h], 1)],
      4,
      [attr.float('epsilon', EPSILON)],
    );
    b.nodes[b.nodes.length - 1]!.domain = 'com.microsoft';
    normed = outputs[0] ?? '';
  } else normed = t.norm(x, spec.norm);
  if (spec.lastPositionOnly)
    normed = t.op('Gather', [normed, b.int64Constant('last', [-1])], [attr.int('axis', 1)]);
  let logits: string;
  switch (spec.unembedding) {
    case 'tied-transpose':
      logits = t.op('MatMul', [normed, t.op('Transpose', [table], [attr.ints('perm', [1, 0])])]);
      break;
    case 'tied-gemm': {
      const flat = t.op('Reshape', [normed, b.int64Constant('flat', [-1, h])]);
      const product = t.op('Gemm', [flat, table], [attr.int('transB', 1)]);
      logits = t.op('Reshape', [product, b.int64Constant('unflat', [1, -1, vocab])]);
      break;
    }
    case 'tied-copy':
      logits = t.op('MatMul', [normed, transposedCopy(b, table, vocab, h)]);
      break;
    case 'untied':
      logits = t.op('MatMul', [normed, t.weight([h, vocab])]);
  }
  if (spec.softmaxOutput) logits = t.op('Softmax', [logits], [attr.int('axis', -1)]);
  b.nameOutput(logits, 'logits');
  const model = syntheticModel(
    b,
    'tiny-causal-lm',
    [tensorInfo('input_ids', INT64, [1, 'sequence']), tensorInfo('position_ids', INT64, [1, 'sequence'])],
    [tensorInfo('logits', FLOAT, [1, 'sequence', vocab])],
  );
  if (!spec.norm.startsWith('layer-norm')) model.graph!.input = model.graph!.input!.slice(0, 1);
  if (spec.norm === 'skip-simplified' || spec.norm === 'rms-simplified')
    model.opset_import = [...(model.opset_import ?? []), { domain: 'com.microsoft', version: 1 }];
  return model;
}

/** The table transposed into a new weight, as torch.onnx.export writes a tied lm_head after folding. */
function transposedCopy(b: GraphBuilder, table: string, vocab: number, h: number): string {
  const source = b.initializers.find((tensor) => tensor.name === table)?.raw_data;
  const values = new Float32Array(source!.buffer, source!.byteOffset, vocab * h);
  const copy = new Float32Array(vocab * h);
  for (let i = 0; i < vocab; i++) for (let j = 0; j < h; j++) copy[j * vocab + i] = values[i * h + j]!;
  b.initializers.push({
    name: 'lm_copy',
    data_type: FLOAT,
    dims: [h, vocab],
    raw_data: new Uint8Array(copy.buffer),
  });
  return 'lm_copy';
}
