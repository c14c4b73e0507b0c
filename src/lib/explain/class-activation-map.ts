// Class activation maps (Zhou et al. 2016), found by structure, not by names: walk from the model's output
// back through an optional Softmax to a linear layer (Gemm, or MatMul with an optional bias Add) whose
// weights are constant, then through Flatten/Reshape/Squeeze to a global average pool (GlobalAveragePool,
// or ReduceMean over the spatial axes), and from the pool's input through activations to a Conv. The map of
// class c is then sum_k W[c, k] · A_k, A the pooled activations [1, K, h, w]: the class's score before
// averaging, place by place. Pure: the caller reads weights and runs the model.
import { buildGraphIR } from '../graph/build-graph-ir.ts';
import type { GraphIR, IRNode } from '../graph/graph-types.ts';
import { tensorValueReader, type OnnxModel } from '../onnx/index.ts';

export interface CamStructure {
  /** The value the pool averages: the last conv's activations, [1, K, h, w]. */
  features: string;
  /** Op types from the last conv to the output, for the sentence the view shows. */
  path: string[];
  /** Linear weights by class: weights[c × channels + k]. */
  weights: Float32Array;
  classes: number;
  channels: number;
}

export type CamFinding = { found: true; structure: CamStructure } | { found: false; reason: string };

export interface WeightTensor {
  dims: readonly number[];
  values: Float32Array;
}

/** Reads a constant (initializer) as float32; null when the value is not a plain float constant. */
export type WeightReader = (name: string) => WeightTensor | null;

const AFTER_LINEAR = new Set(['Softmax', 'LogSoftmax', 'Identity', 'Sigmoid']);
const FLATTENING = new Set(['Flatten', 'Reshape', 'Squeeze']);
const POOLS = new Set(['GlobalAveragePool', 'ReduceMean']);
/** Ops between the last conv and the pool that act place by place (CAM still reads the pooled value). */
const ACTIVATIONS = new Set([
  'Relu',
  'Clip',
  'LeakyRelu',
  'Sigmoid',
  'HardSigmoid',
  'HardSwish',
  'Mul',
  'Add',
  'BatchNormalization',
  'Elu',
  'Selu',
  'Gelu',
  'Tanh',
  'Identity',
]);
const MAX_ACTIVATIONS = 6;

const NOT_FOUND = 'No class activation map: ';

function producer(graph: GraphIR, nodes: Map<string, IRNode>, value: string): IRNode | undefined {
  const id = graph.values.get(value)?.producer;
  return id === undefined ? undefined : nodes.get(id);
}

function attribute(node: IRNode, name: string): number | null {
  const text = node.attributes.find((a) => a.name === name)?.text;
  if (text === undefined) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

function isConstant(graph: GraphIR, nodes: Map<string, IRNode>, value: string): boolean {
  return (
    graph.values.get(value)?.kind === 'initializer' || producer(graph, nodes, value)?.opType === 'Constant'
  );
}

/** Rows by class from a weight matrix stored [K, C] (transposed) or [C, K]. */
function byClass(
  weight: WeightTensor,
  classesFirst: boolean,
): { weights: Float32Array; classes: number; channels: number } {
  const [rows = 0, columns = 0] = weight.dims;
  if (classesFirst) return { weights: weight.values, classes: rows, channels: columns };
  const weights = new Float32Array(rows * columns);
  for (let k = 0; k < rows; k++)
    for (let c = 0; c < columns; c++) weights[c * rows + k] = weight.values[k * columns + c] ?? 0;
  return { weights, classes: columns, channels: rows };
}

export function findCamStructure(graph: GraphIR, readWeight: WeightReader): CamFinding {
  const nodes = new Map(graph.nodes.map((node) => [node.id, node]));
  const [output] = graph.outputs;
  if (graph.outputs.length !== 1 || output === undefined) {
    return {
      found: false,
      reason: `${NOT_FOUND}the model has ${graph.outputs.length} outputs, not one row of class scores.`,
    };
  }
  const path: string[] = [];
  let node = producer(graph, nodes, output);
  while (node && AFTER_LINEAR.has(node.opType)) {
    path.unshift(node.opType);
    node = producer(graph, nodes, node.inputs[0] ?? '');
  }
  // The linear layer: Gemm(x, W, b), MatMul(x, W), or Add(MatMul(x, W), b).
  if (node?.opType === 'Add') {
    const matmul = node.inputs
      .map((input) => producer(graph, nodes, input))
      .find((n) => n?.opType === 'MatMul');
    if (matmul) {
      path.unshift('Add');
      node = matmul;
    }
  }
  if (!node || (node.opType !== 'Gemm' && node.opType !== 'MatMul')) {
    return {
      found: false,
      reason: `${NOT_FOUND}the output does not come from a linear layer (Gemm or MatMul) but from ${node ? node.opType : 'no node'}.`,
    };
  }
  const linear = node;
  path.unshift(linear.opType);
  const [pooledFlat = '', weightName = ''] = linear.inputs;
  const transA = linear.opType === 'Gemm' ? (attribute(linear, 'transA') ?? 0) : 0;
  const weight = isConstant(graph, nodes, weightName) ? readWeight(weightName) : null;
  if (transA !== 0 || weight === null || weight.dims.length !== 2) {
    return {
      found: false,
      reason: `${NOT_FOUND}the last ${linear.opType}'s weights are not a plain float matrix in the file (a quantized model keeps them in another form).`,
    };
  }
  const transB = linear.opType === 'Gemm' ? (attribute(linear, 'transB') ?? 0) : 0;
  const { weights, classes, channels } = byClass(weight, transB !== 0);

  node = producer(graph, nodes, pooledFlat);
  while (node && FLATTENING.has(node.opType)) {
    path.unshift(node.opType);
    node = producer(graph, nodes, node.inputs[0] ?? '');
  }
  if (!node || !POOLS.has(node.opType)) {
    return {
      found: false,
      reason: `${NOT_FOUND}the linear layer does not read a global average pool (it reads ${node ? node.opType : 'the model input'}), so its weights do not map back to places in the image.`,
    };
  }
  const pool = node;
  path.unshift(pool.opType);
  const features = pool.inputs[0] ?? '';
  node = producer(graph, nodes, features);
  for (let depth = 0; node && ACTIVATIONS.has(node.opType) && depth < MAX_ACTIVATIONS; depth++) {
    path.unshift(node.opType);
    const data: string[] = node.inputs.filter((input) => !isConstant(graph, nodes, input));
    node = producer(graph, nodes, data[0] ?? '');
  }
  if (!node || node.opType !== 'Conv') {
    return {
      found: false,
      reason: `${NOT_FOUND}the pooled values do not come from a convolution (they come from ${node ? node.opType : 'the model input'}).`,
    };
  }
  path.unshift('Conv');
  const shape = graph.values.get(features)?.shape;
  const known = shape?.[1];
  if (typeof known === 'number' && known !== channels) {
    return {
      found: false,
      reason: `${NOT_FOUND}the pool averages ${known} channels but the linear layer weighs ${channels}.`,
    };
  }
  return { found: true, structure: { features, path, weights, classes, channels } };
}

export interface ClassActivationMap {
  width: number;
  height: number;
  /** Row-major h × w: the class's score contribution at each place (before averaging). */
  values: Float32Array;
  /** The largest |value|: the scale the view divides by. */
  maxAbs: number;
}

/** CAM of one class from the pooled activations [1, K, h, w] (float32, channels first). */
export function classActivationMap(
  activations: { dims: readonly number[]; data: Float32Array },
  structure: CamStructure,
  classIndex: number,
): ClassActivationMap {
  const [batch = 0, channels = 0, height = 0, width = 0] = activations.dims;
  if (activations.dims.length !== 4 || batch < 1 || channels !== structure.channels) {
    throw new RangeError(
      `The activations [${activations.dims.join(', ')}] are not [1, ${structure.channels}, h, w], which the linear layer weighs.`,
    );
  }
  if (!Number.isInteger(classIndex) || classIndex < 0 || classIndex >= structure.classes) {
    throw new RangeError(`Class ${classIndex} is not one of the model’s ${structure.classes}.`);
  }
  const plane = width * height;
  const values = new Float32Array(plane);
  const row = classIndex * structure.channels;
  for (let k = 0; k < channels; k++) {
    const w = structure.weights[row + k] ?? 0;
    if (w === 0) continue;
    const offset = k * plane;
    for (let i = 0; i < plane; i++) values[i] = (values[i] ?? 0) + w * (activations.data[offset + i] ?? 0);
  }
  let maxAbs = 0;
  for (const v of values) maxAbs = Math.max(maxAbs, Math.abs(v));
  return { width, height, values, maxAbs };
}

/** findCamStructure on a decoded model, reading its float32 initializers as the linear weights. */
export function findCamInModel(model: OnnxModel): CamFinding {
  const initializers = new Map(model.graph.initializers.map((tensor) => [tensor.name, tensor]));
  return findCamStructure(buildGraphIR(model), (name) => {
    const tensor = initializers.get(name);
    if (!tensor || tensor.dataType !== 'float32') return null;
    const reader = tensorValueReader(tensor);
    if (!reader.ok) return null;
    const count = tensor.dims.reduce((a, b) => a * b, 1);
    const values = new Float32Array(count);
    for (let i = 0; i < count; i++) values[i] = reader.read(i);
    return { dims: tensor.dims, values };
  });
}
