// What every variant maker shares: reading a float32 model it may rewrite (refusals in words), finding a
// weight behind a Transpose, new unique value names, and the initializers and opsets a rewrite adds.
import { decodeModelMessage } from '../capture/capture-variant.ts';
import { GlassboxError } from '../errors.ts';
import { float32Values } from '../fp16/float16-variant.ts';
import type {
  AttributeMessage,
  GraphMessage,
  ModelMessage,
  NodeMessage,
  TensorMessage,
} from '../onnx/proto-messages.ts';

export const FLOAT = 1;
export const UINT8 = 2;
export const INT8 = 3;
export const INT32 = 6;
export const INT64 = 7;
export const FLOAT16 = 10;
export const MICROSOFT_DOMAIN = 'com.microsoft';

/** Ops that show a graph already chose its precision: a second quantisation would stack errors. */
const QUANTIZED_OPS = new Set([
  'QuantizeLinear',
  'DequantizeLinear',
  'DynamicQuantizeLinear',
  'QLinearConv',
  'QLinearMatMul',
  'MatMulInteger',
  'ConvInteger',
  'MatMulNBits',
  'GatherBlockQuantized',
]);

export function refuse(message: string, remedy = 'Open a variant file from the hub or from disk instead.') {
  return new GlassboxError({ code: 'variant-unsupported', message, remedy });
}

/** A float32 model a maker may rewrite: decoded, with a flat graph and its weights inside the file. */
export function readFloatModel(
  bytes: Uint8Array,
  label: string,
): { model: ModelMessage; graph: GraphMessage } {
  const model = decodeModelMessage(bytes);
  const graph = model.graph;
  if (!graph) throw refuse(`The file has no graph to make the ${label} variant from.`);
  if ((graph.initializer ?? []).some((tensor) => tensor.data_location === 1)) {
    throw refuse(
      `This model keeps its weights in an external data file; its ${label} variant is not built in the page.`,
    );
  }
  for (const node of graph.node ?? []) {
    const op = node.op_type ?? '';
    if (QUANTIZED_OPS.has(op)) {
      throw refuse(
        `The model is already quantized (it has ${op}); the ${label} variant starts from float32.`,
      );
    }
  }
  return { model, graph };
}

export function attributeInt(node: NodeMessage, name: string, fallback: number): number {
  const found = (node.attribute ?? []).find((a) => a.name === name);
  return found?.i === undefined || found.i === null ? fallback : Number(found.i);
}

export function attributeInts(node: NodeMessage, name: string): number[] | null {
  const found = (node.attribute ?? []).find((a) => a.name === name);
  return found?.ints ? found.ints.map(Number) : null;
}

export const intAttribute = (name: string, i: number): AttributeMessage => ({ name, type: 2, i });

export function opsetVersion(model: ModelMessage, domain = ''): number {
  const entry = (model.opset_import ?? []).find(
    (o) => (o.domain ?? '') === domain || (domain === '' && o.domain === 'ai.onnx'),
  );
  return entry ? Number(entry.version ?? 0) : 0;
}

/** The opset imports with `domain` added at `version` when the model lacks it. */
export function withOpset(model: ModelMessage, domain: string, version: number) {
  const imports = [...(model.opset_import ?? [])];
  if (!imports.some((o) => (o.domain ?? '') === domain)) imports.push({ domain, version });
  return imports;
}

export function dimsOf(tensor: TensorMessage): number[] {
  return (tensor.dims ?? []).map(Number);
}

/**
 * float32 weight values, or a refusal naming the tensor when its data cannot be read, does not fill its
 * shape (a truncated or hostile file), or — for quantizing, `finite` — holds NaN or Infinity, which a
 * scale would turn into garbage silently.
 */
export function weightValues(tensor: TensorMessage, options: { finite?: boolean } = {}): Float32Array {
  const name = tensor.name ?? '';
  const values = float32Values(tensor);
  if (!values) throw refuse(`The weight ${name} has no data Glassbox can read.`);
  const dims = dimsOf(tensor);
  const expected = dims.reduce((a, b) => a * b, 1);
  if (values.length !== expected) {
    throw refuse(
      `The weight ${name} holds ${values.length} values where its shape [${dims.join(', ')}] needs ${expected}; the file is damaged.`,
      'Re-export or re-download the model.',
    );
  }
  if (options.finite) {
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      throw refuse(
        `The weight ${name} holds ${values[bad]} at element ${bad}; quantizing it would hide that.`,
        'Fix the weight in the float32 model first.',
      );
    }
  }
  return values;
}

export function rawTensor(
  name: string,
  dataType: number,
  dims: number[],
  data: ArrayBufferView,
): TensorMessage {
  return {
    name,
    data_type: dataType,
    dims,
    raw_data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  };
}

/** New value and node names that collide with nothing in the graph. */
export function uniqueNamer(graph: GraphMessage): (wanted: string) => string {
  const taken = new Set<string>();
  for (const node of graph.node ?? []) {
    if (node.name) taken.add(node.name);
    for (const name of [...(node.input ?? []), ...(node.output ?? [])]) taken.add(name);
  }
  for (const tensor of graph.initializer ?? []) taken.add(tensor.name ?? '');
  for (const info of [...(graph.input ?? []), ...(graph.output ?? [])]) taken.add(info.name ?? '');
  return (wanted) => {
    let name = wanted;
    for (let i = 1; taken.has(name); i++) name = `${wanted}_${i}`;
    taken.add(name);
    return name;
  };
}

/** The nodes that read each value (a node reading a value twice is listed once per read). */
export function readersOf(nodes: readonly NodeMessage[]): Map<string, NodeMessage[]> {
  const readers = new Map<string, NodeMessage[]>();
  for (const node of nodes) {
    for (const input of node.input ?? []) {
      if (input) readers.set(input, [...(readers.get(input) ?? []), node]);
    }
  }
  return readers;
}

/** A constant weight as a consumer sees it: the initializer itself, or a 2-D one through Transpose. */
export interface WeightSource {
  initializer: TensorMessage;
  /** The Transpose between them, or null; its perm maps the consumer's axes to the initializer's. */
  transpose: NodeMessage | null;
  /** Consumer axis → initializer axis. */
  perm: number[];
}

/** Finds the constant weight behind a value: an initializer, or an initializer behind one Transpose. */
export function weightSource(
  value: string,
  initializers: ReadonlyMap<string, TensorMessage>,
  producers: ReadonlyMap<string, NodeMessage>,
): WeightSource | null {
  const direct = initializers.get(value);
  if (direct) {
    const rank = dimsOf(direct).length;
    return { initializer: direct, transpose: null, perm: Array.from({ length: rank }, (_, i) => i) };
  }
  const producer = producers.get(value);
  if (producer?.op_type !== 'Transpose') return null;
  const inner = initializers.get(producer.input?.[0] ?? '');
  if (!inner) return null;
  const rank = dimsOf(inner).length;
  const perm = attributeInts(producer, 'perm') ?? Array.from({ length: rank }, (_, i) => rank - 1 - i);
  return { initializer: inner, transpose: producer, perm };
}

export function producersOf(nodes: readonly NodeMessage[]): Map<string, NodeMessage> {
  const producers = new Map<string, NodeMessage>();
  for (const node of nodes) for (const output of node.output ?? []) if (output) producers.set(output, node);
  return producers;
}

/** Ops a rewrite may leave unread (a weight's Transpose, a table's dequantization): pruned when unread. */
const PRUNABLE = new Set(['Transpose', 'DequantizeLinear']);

/** Drops initializers no node reads any more, and Transposes and DequantizeLinears whose output nobody reads. */
export function pruneUnused(graph: GraphMessage, nodes: NodeMessage[]): GraphMessage {
  const outputs = new Set((graph.output ?? []).map((o) => o.name ?? ''));
  let kept = nodes;
  for (;;) {
    const read = new Set(kept.flatMap((node) => node.input ?? []));
    const next = kept.filter(
      (node) =>
        !PRUNABLE.has(node.op_type ?? '') ||
        (node.output ?? []).some((name) => read.has(name) || outputs.has(name)),
    );
    if (next.length === kept.length) break;
    kept = next;
  }
  const read = new Set([...kept.flatMap((node) => node.input ?? []), ...outputs]);
  const initializer = (graph.initializer ?? []).filter((tensor) => read.has(tensor.name ?? ''));
  const initializerNames = new Set(initializer.map((t) => t.name ?? ''));
  const removed = new Set(
    (graph.initializer ?? []).map((t) => t.name ?? '').filter((name) => !initializerNames.has(name)),
  );
  // Old exports list initializers as graph inputs too: a removed one must leave the inputs as well.
  const input = (graph.input ?? []).filter((info) => !removed.has(info.name ?? ''));
  return { ...graph, node: kept, initializer, input };
}

/** Round half to even, as numpy's rint and ONNX QuantizeLinear round. */
export function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const rest = value - floor;
  if (rest > 0.5) return floor + 1;
  if (rest < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}
