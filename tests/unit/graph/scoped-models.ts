// Node-name layouts of real exporters, as small chain models with one weight per MatMul/Conv/Gemm/Gather.

import type { GraphMessage, NodeMessage, TensorMessage } from '../../../src/lib/onnx/index.ts';
import { FLOAT, floatTensor, valueInfo } from '../onnx/model-builders.ts';

/** torch.onnx names of a 2-layer BERT classifier (HF transformers), in graph order. */
export function bertNodeNames(layers = 2): string[] {
  const names = [
    '/bert/embeddings/word_embeddings/Gather',
    '/bert/embeddings/Add',
    '/bert/embeddings/LayerNorm/LayerNormalization',
  ];
  for (let i = 0; i < layers; i++) {
    const layer = `/bert/encoder/layer.${i}`;
    names.push(
      `${layer}/attention/self/query/MatMul`,
      `${layer}/attention/self/key/MatMul`,
      `${layer}/attention/self/value/MatMul`,
      `${layer}/attention/self/MatMul`,
      `${layer}/attention/self/Softmax`,
      `${layer}/attention/self/MatMul_1`,
      `${layer}/attention/output/dense/MatMul`,
      `${layer}/attention/output/Add`,
      `${layer}/attention/output/LayerNorm/LayerNormalization`,
      `${layer}/intermediate/dense/MatMul`,
      `${layer}/intermediate/intermediate_act_fn/Gelu`,
      `${layer}/output/dense/MatMul`,
      `${layer}/output/Add`,
      `${layer}/output/LayerNorm/LayerNormalization`,
    );
  }
  names.push('/bert/pooler/dense/Gemm', '/bert/pooler/activation/Tanh', '/classifier/Gemm');
  return names;
}

/** torch.onnx names of the start of a YOLOv8 backbone: Conv blocks and a C2f with n bottlenecks. */
export function yoloNodeNames(): string[] {
  const conv = (path: string) => [`${path}/conv/Conv`, `${path}/act/Sigmoid`, `${path}/act/Mul`];
  const bottleneck = (path: string) => [...conv(`${path}/cv1`), ...conv(`${path}/cv2`), `${path}/Add`];
  return [
    ...conv('/model.0'),
    ...conv('/model.1'),
    ...conv('/model.2/cv1'),
    '/model.2/Split',
    ...bottleneck('/model.2/m.0'),
    '/model.2/Concat',
    ...conv('/model.2/cv2'),
    ...conv('/model.3'),
    ...conv('/model.4/cv1'),
    '/model.4/Split',
    ...bottleneck('/model.4/m.0'),
    ...bottleneck('/model.4/m.1'),
    '/model.4/Concat',
    ...conv('/model.4/cv2'),
  ];
}

const WEIGHTED_OPS = new Set(['MatMul', 'Conv', 'Gemm', 'Gather']);

/** A chain graph from node names (the op type is the last segment without a _N suffix); weighted ops get a
 *  [size, size] weight named after the module path. */
export function chainFromNames(names: readonly string[], size = 4): GraphMessage {
  const nodes: NodeMessage[] = [];
  const initializers: TensorMessage[] = [];
  names.forEach((name, i) => {
    const opType = (name.split('/').pop() ?? '').replace(/_\d+$/, '');
    const inputs = [i === 0 ? 'x' : `${names[i - 1]}_output_0`];
    if (WEIGHTED_OPS.has(opType) && !name.endsWith('/attention/self/MatMul') && !name.endsWith('MatMul_1')) {
      const weightName = `${name.split('/').slice(1, -1).join('.')}.weight`;
      initializers.push(floatTensor(weightName, [size, size], new Array<number>(size * size).fill(0.25)));
      inputs.push(weightName);
    }
    nodes.push({ name, op_type: opType, input: inputs, output: [`${name}_output_0`] });
  });
  return {
    node: nodes,
    initializer: initializers,
    input: [valueInfo('x', FLOAT, ['batch', size])],
    output: [valueInfo(`${names[names.length - 1]}_output_0`, FLOAT, ['batch', size])],
  };
}
