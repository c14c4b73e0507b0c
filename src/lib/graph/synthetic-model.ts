// A synthetic ONNX model of any size with exporter-style scope names (/model.12/attn/q/MatMul), for
// tests and benchmarks of decode → IR → grouping → layout. Structurally valid, not meant to be run.

import type { ModelMessage, NodeMessage, TensorMessage } from '../onnx/index.ts';

export interface SyntheticModelOptions {
  /** Exact number of nodes in the graph. */
  nodeCount: number;
  /** Width of the square weight matrices (default 32): parameters grow with its square. */
  hiddenSize?: number;
  /** Seed of the weight values (default 1). */
  seed?: number;
}

const FLOAT = 1;

class Builder {
  readonly nodes: NodeMessage[] = [];
  readonly initializers: TensorMessage[] = [];
  private random: number;

  constructor(
    readonly hidden: number,
    seed: number,
  ) {
    this.random = seed >>> 0 || 1;
  }

  /** Adds a node named scope/opType and returns its output name. */
  op(scope: string, opType: string, inputs: string[], attributes: NodeMessage['attribute'] = []): string {
    const name = `${scope}/${opType}`;
    const output = `${name}_output_0`;
    this.nodes.push({ name, op_type: opType, input: inputs, output: [output], attribute: attributes });
    return output;
  }

  weight(name: string, dims: number[]): string {
    const count = dims.reduce((a, b) => a * b, 1);
    const values = new Float32Array(count);
    for (let i = 0; i < count; i++) values[i] = this.next() * 0.1;
    this.initializers.push({ name, data_type: FLOAT, dims, raw_data: new Uint8Array(values.buffer) });
    return name;
  }

  /** xorshift32 in [-1, 1): deterministic weights without Math.random. */
  private next(): number {
    let x = this.random;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.random = x >>> 0;
    return this.random / 2147483648 - 1;
  }
}

const ATTENTION_BLOCK_NODES = 16;
const CONV_BLOCK_NODES = 13;

/** A transformer layer: 16 nodes. */
function attentionBlock(b: Builder, scope: string, input: string): string {
  const h = b.hidden;
  const q = b.op(`${scope}/attn/q`, 'MatMul', [input, b.weight(`${scope}.attn.q.weight`, [h, h])]);
  const k = b.op(`${scope}/attn/k`, 'MatMul', [input, b.weight(`${scope}.attn.k.weight`, [h, h])]);
  const v = b.op(`${scope}/attn/v`, 'MatMul', [input, b.weight(`${scope}.attn.v.weight`, [h, h])]);
  const kt = b.op(`${scope}/attn`, 'Transpose', [k]);
  const scores = b.op(`${scope}/attn/scores`, 'MatMul', [q, kt]);
  const probs = b.op(`${scope}/attn`, 'Softmax', [scores]);
  const context = b.op(`${scope}/attn/context`, 'MatMul', [probs, v]);
  const projected = b.op(`${scope}/attn/o`, 'MatMul', [context, b.weight(`${scope}.attn.o.weight`, [h, h])]);
  const residual = b.op(`${scope}/attn`, 'Add', [projected, input]);
  const norm = b.op(`${scope}/norm1`, 'LayerNormalization', [
    residual,
    b.weight(`${scope}.norm1.weight`, [h]),
    b.weight(`${scope}.norm1.bias`, [h]),
  ]);
  const up = b.op(`${scope}/mlp/fc1`, 'MatMul', [norm, b.weight(`${scope}.mlp.fc1.weight`, [h, 4 * h])]);
  const biased = b.op(`${scope}/mlp/fc1`, 'Add', [up, b.weight(`${scope}.mlp.fc1.bias`, [4 * h])]);
  const act = b.op(`${scope}/mlp/act`, 'Gelu', [biased]);
  const down = b.op(`${scope}/mlp/fc2`, 'MatMul', [act, b.weight(`${scope}.mlp.fc2.weight`, [4 * h, h])]);
  const out = b.op(`${scope}/mlp`, 'Add', [down, norm]);
  return b.op(`${scope}/norm2`, 'LayerNormalization', [
    out,
    b.weight(`${scope}.norm2.weight`, [h]),
    b.weight(`${scope}.norm2.bias`, [h]),
  ]);
}

/** A YOLO-style C2f block with two bottlenecks (m.0, m.1): 13 nodes. */
function convBlock(b: Builder, scope: string, input: string): string {
  const h = b.hidden;
  const conv = (path: string, x: string) => {
    const y = b.op(`${path}/conv`, 'Conv', [
      x,
      b.weight(`${path.slice(1).replaceAll('/', '.')}.weight`, [h, h, 1, 1]),
    ]);
    const s = b.op(`${path}/act`, 'Sigmoid', [y]);
    return b.op(`${path}/act`, 'Mul', [y, s]);
  };
  const first = conv(`${scope}/cv1`, input);
  const m0 = b.op(`${scope}/m.0`, 'Add', [conv(`${scope}/m.0/cv1`, first), first]);
  const m1 = b.op(`${scope}/m.1`, 'Add', [conv(`${scope}/m.1/cv1`, m0), m0]);
  return b.op(`${scope}`, 'Concat', [first, m0, m1], [{ name: 'axis', type: 2, i: 1 }]);
}

export function generateSyntheticModel(options: SyntheticModelOptions): ModelMessage {
  const b = new Builder(options.hiddenSize ?? 32, options.seed ?? 1);
  let current = 'input';
  const blockOutputs: string[] = [];
  for (let index = 0; ; index++) {
    const attention = index % 3 !== 2;
    const size = attention ? ATTENTION_BLOCK_NODES : CONV_BLOCK_NODES;
    // Every 8th block also reads the block 4 back (a YOLO-style skip across blocks): +1 node.
    const skip = index % 8 === 7 && blockOutputs.length >= 4;
    if (b.nodes.length + size + (skip ? 1 : 0) > options.nodeCount) break;
    const scope = `/model.${index}`;
    current = attention ? attentionBlock(b, scope, current) : convBlock(b, scope, current);
    if (skip) current = b.op(scope, 'Add', [current, blockOutputs[blockOutputs.length - 4] ?? current]);
    blockOutputs.push(current);
  }
  for (let k = 0; b.nodes.length < options.nodeCount; k++)
    current = b.op(`/head/act.${k}`, 'Relu', [current]);

  const valueInfo = (name: string) => ({
    name,
    type: {
      tensor_type: { elem_type: FLOAT, shape: { dim: [{ dim_param: 'batch' }, { dim_value: b.hidden }] } },
    },
  });
  return {
    ir_version: 8,
    producer_name: 'glassbox-synthetic',
    opset_import: [{ domain: '', version: 17 }],
    graph: {
      name: `synthetic-${options.nodeCount}`,
      node: b.nodes,
      initializer: b.initializers,
      input: [valueInfo('input')],
      output: [valueInfo(current)],
    },
  };
}
