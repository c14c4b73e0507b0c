// The fp16 variant of a float32 model, for WebGPU adapters with shader-f16: float32 initializers and
// constants become float16, Casts at the graph's float inputs and outputs keep its interface float32
// (keep_io_types), and ops that must stay float32 run in float32 between Casts. Pure: bytes in, bytes out.
import { decodeModelMessage } from '../capture/capture-variant.ts';
import { GlassboxError } from '../errors.ts';
import { encodeModel } from '../onnx/encode-model.ts';
import type {
  AttributeMessage,
  GraphMessage,
  ModelMessage,
  NodeMessage,
  TensorMessage,
} from '../onnx/proto-messages.ts';
import { float16Bytes, FLOAT16_MAX } from './float16-bits.ts';
import { inferElementTypes } from './element-types.ts';

export const FLOAT = 1;
export const FLOAT16 = 10;

/**
 * Ops kept in float32: onnxconverter-common's default block list (standard-domain ops): their kernels
 * lack float16 or need float32 inputs (Resize/Upsample scales, Range, CumSum's running sums), or
 * their results are indices whose ties float16 would reorder (TopK, NonMaxSuppression, Min/Max).
 */
export const KEEP_FLOAT32_OPS: readonly string[] = [
  'Resize',
  'Upsample',
  'Range',
  'CumSum',
  'Min',
  'Max',
  'TopK',
  'NonMaxSuppression',
  'RoiAlign',
  'RandomUniformLike',
];

/** Ops a float16 variant refuses: quantized graphs already chose their precision. */
const QUANTIZED_OPS = new Set([
  'QuantizeLinear',
  'DequantizeLinear',
  'DynamicQuantizeLinear',
  'QLinearConv',
  'QLinearMatMul',
  'MatMulInteger',
  'ConvInteger',
]);

export interface Float16Options {
  /** Op types kept in float32 (default KEEP_FLOAT32_OPS). */
  keepFloat32?: readonly string[];
}

export interface Float16Variant {
  bytes: Uint8Array;
  /** Initializers and constants turned to float16. */
  convertedTensors: number;
  /** Nodes that run in float32 between Casts, by name. */
  keptNodes: string[];
  /** Casts added (graph inputs and outputs, around kept nodes). */
  castsAdded: number;
  /** Weights outside ±65504 clamped to the largest float16. */
  clampedValues: number;
}

function refuse(message: string, remedy = 'Benchmark the float32 model instead.'): GlassboxError {
  return new GlassboxError({ code: 'variant-unsupported', message, remedy });
}

export function float32Values(tensor: TensorMessage): Float32Array | null {
  if (tensor.raw_data && tensor.raw_data.byteLength > 0) {
    const raw = tensor.raw_data;
    // Copy: raw_data is a view into the file and may not be 4-byte aligned. new Uint8Array(view) copies;
    // raw.slice() would not when the bytes are a Node Buffer (encodeModel's output in Node), whose slice
    // is a view, and .buffer would then start at the pool's first byte.
    return new Float32Array(new Uint8Array(raw).buffer, 0, raw.byteLength >> 2);
  }
  if (tensor.float_data && tensor.float_data.length > 0) return Float32Array.from(tensor.float_data);
  const count = (tensor.dims ?? []).reduce<number>((a, b) => a * Number(b), 1);
  return count === 0 ? new Float32Array(0) : null;
}

function toFloat16(tensor: TensorMessage, counts: { clamped: number }): TensorMessage {
  const values = float32Values(tensor);
  if (!values) throw refuse(`The weight ${tensor.name ?? ''} has no data Glassbox can convert to float16.`);
  for (const value of values) if (Math.abs(value) > FLOAT16_MAX) counts.clamped++;
  return {
    name: tensor.name ?? null,
    dims: tensor.dims ?? [],
    data_type: FLOAT16,
    raw_data: float16Bytes(values),
  };
}

function checkConvertible(graph: GraphMessage): void {
  for (const tensor of graph.initializer ?? []) {
    if (tensor.data_location === 1) {
      throw refuse(
        'This model keeps its weights in an external data file; its float16 variant is not built in the page.',
      );
    }
  }
  for (const node of graph.node ?? []) {
    const op = node.op_type ?? '';
    if (node.domain && node.domain !== 'ai.onnx') {
      throw refuse(`The node ${node.name ?? op} is a ${node.domain} op, whose float16 support is unknown.`);
    }
    if (QUANTIZED_OPS.has(op)) {
      throw refuse(`The model is quantized (it has ${op}); a float16 variant applies to float32 models.`);
    }
    if ((node.attribute ?? []).some((a) => a.g || (a.graphs ?? []).length > 0)) {
      throw refuse(
        `The model has a subgraph (${op} ${node.name ?? ''}); float16 variants cover flat graphs.`,
      );
    }
  }
}

/** A float attribute tensor (Constant's value, ConstantOfShape's value) as float16. */
function halfAttribute(attribute: AttributeMessage, counts: { clamped: number }): AttributeMessage {
  if (attribute.t && attribute.t.data_type === FLOAT)
    return { ...attribute, t: toFloat16(attribute.t, counts) };
  if (attribute.name === 'value_float' && typeof attribute.f === 'number') {
    return {
      name: 'value',
      type: 4,
      t: { dims: [], data_type: FLOAT16, raw_data: float16Bytes([attribute.f]) },
    };
  }
  if (attribute.name === 'value_floats' && attribute.floats) {
    return {
      name: 'value',
      type: 4,
      t: { dims: [attribute.floats.length], data_type: FLOAT16, raw_data: float16Bytes(attribute.floats) },
    };
  }
  return attribute;
}

/** Builds the float16 variant of a float32 .onnx model. Throws variant-unsupported, in words, when it cannot. */
export function float16Variant(bytes: Uint8Array, options: Float16Options = {}): Float16Variant {
  const model: ModelMessage = decodeModelMessage(bytes);
  const graph = model.graph;
  if (!graph) throw refuse('The model has no graph.');
  checkConvertible(graph);
  const keep = new Set(options.keepFloat32 ?? KEEP_FLOAT32_OPS);
  const types = inferElementTypes(graph);
  const isFloat = (name: string): boolean => name !== '' && types.get(name) === FLOAT;
  const nodes = graph.node ?? [];
  const kept = (node: NodeMessage): boolean => keep.has(node.op_type ?? '');

  // Who reads each value: a float weight read only by kept ops stays float32.
  const readers = new Map<string, NodeMessage[]>();
  for (const node of nodes) {
    for (const input of node.input ?? []) readers.set(input, [...(readers.get(input) ?? []), node]);
  }
  const onlyKeptReaders = (name: string): boolean => {
    const list = readers.get(name) ?? [];
    return list.length > 0 && list.every(kept);
  };

  const counts = { clamped: 0 };
  let convertedTensors = 0;
  let castsAdded = 0;
  const graphOutputs = new Set((graph.output ?? []).map((o) => o.name ?? ''));
  // Where the float16 and the float32 version of each float value can be read.
  const half = new Map<string, string>();
  const full = new Map<string, string>();
  const out: NodeMessage[] = [];

  const initializers = (graph.initializer ?? []).map((tensor) => {
    const name = tensor.name ?? '';
    if (tensor.data_type !== FLOAT || onlyKeptReaders(name)) {
      if (tensor.data_type === FLOAT) full.set(name, name);
      return tensor;
    }
    convertedTensors++;
    half.set(name, name);
    return toFloat16(tensor, counts);
  });
  const initializerNames = new Set(initializers.map((t) => t.name ?? ''));
  for (const input of graph.input ?? []) {
    const name = input.name ?? '';
    if (!initializerNames.has(name) && isFloat(name)) full.set(name, name);
  }

  const cast = (from: string, to: string, elemType: number): void => {
    castsAdded++;
    out.push({
      name: `${to}/Cast`,
      op_type: 'Cast',
      input: [from],
      output: [to],
      attribute: [{ name: 'to', type: 2, i: elemType }],
    });
  };
  const needHalf = (name: string): string => {
    const known = half.get(name);
    if (known) return known;
    const source = full.get(name);
    if (!source) return name;
    const target = `${name}__fp16`;
    cast(source, target, FLOAT16);
    half.set(name, target);
    return target;
  };
  const needFull = (name: string): string => {
    const known = full.get(name);
    if (known) return known;
    const source = half.get(name);
    if (!source) return name;
    const target = graphOutputs.has(name) ? name : `${name}__fp32`;
    cast(source, target, FLOAT);
    full.set(name, target);
    return target;
  };

  const keptNodes: string[] = [];
  for (const node of nodes) {
    const keepIt = kept(node);
    if (keepIt) keptNodes.push(node.name ?? node.op_type ?? '');
    const inputs = (node.input ?? []).map((input) =>
      isFloat(input) ? (keepIt ? needFull(input) : needHalf(input)) : input,
    );
    const outputs = (node.output ?? []).map((output) => {
      if (!isFloat(output)) return output;
      if (keepIt) {
        const written = graphOutputs.has(output) ? output : `${output}__fp32`;
        full.set(output, written);
        return written;
      }
      const written = graphOutputs.has(output) ? `${output}__fp16` : output;
      half.set(output, written);
      return written;
    });
    let attribute = node.attribute ?? [];
    if (!keepIt) {
      const op = node.op_type ?? '';
      if (op === 'Cast') {
        attribute = attribute.map((a) =>
          a.name === 'to' && Number(a.i) === FLOAT ? { ...a, i: FLOAT16 } : a,
        );
      } else if ((op === 'Constant' || op === 'ConstantOfShape') && (node.output ?? []).some(isFloat)) {
        attribute = attribute.map((a) => halfAttribute(a, counts));
        convertedTensors++;
      }
    }
    out.push({ ...node, input: inputs, output: outputs, attribute });
  }
  for (const output of graph.output ?? []) {
    const name = output.name ?? '';
    if (isFloat(name) && full.get(name) !== name) needFull(name);
  }

  const variant: ModelMessage = {
    ...model,
    graph: {
      ...graph,
      node: out,
      initializer: initializers,
      // Intermediate types changed: ONNX Runtime infers them again.
      value_info: [],
    },
  };
  return {
    bytes: encodeModel(variant),
    convertedTensors,
    keptNodes,
    castsAdded,
    clampedValues: counts.clamped,
  };
}
