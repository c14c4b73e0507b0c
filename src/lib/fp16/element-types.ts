// The element type (TensorProto.DataType code) of every value of a flat graph, propagated through its
// nodes in file order (ONNX requires topological order): enough to know which values are float32.
import type { AttributeMessage, GraphMessage, NodeMessage } from '../onnx/proto-messages.ts';

const FLOAT = 1;
const INT64 = 7;
const BOOL = 9;

const INT64_OUTPUT = new Set(['Shape', 'Size', 'NonZero', 'ArgMax', 'ArgMin', 'NonMaxSuppression']);
const BOOL_OUTPUT = new Set([
  'Equal',
  'Less',
  'Greater',
  'LessOrEqual',
  'GreaterOrEqual',
  'Not',
  'And',
  'Or',
  'Xor',
  'IsNaN',
  'IsInf',
]);

function attribute(node: NodeMessage, name: string): AttributeMessage | undefined {
  return (node.attribute ?? []).find((a) => a.name === name);
}

/** Element types of a node's outputs, given the types known so far. */
function outputTypes(
  node: NodeMessage,
  typeOf: (name: string) => number | undefined,
): Array<number | undefined> {
  const op = node.op_type ?? '';
  const inputs = node.input ?? [];
  const count = (node.output ?? []).length;
  const all = (type: number | undefined) => Array.from({ length: count }, () => type);
  if (op === 'Cast') return all(Number(attribute(node, 'to')?.i ?? 0) || undefined);
  if (op === 'CastLike') return all(typeOf(inputs[1] ?? ''));
  if (op === 'Constant') {
    const value = (node.attribute ?? [])[0];
    if (!value) return all(undefined);
    if (value.t) return all(value.t.data_type ?? undefined);
    if (value.name === 'value_float' || value.name === 'value_floats') return all(FLOAT);
    if (value.name === 'value_int' || value.name === 'value_ints') return all(INT64);
    return all(undefined);
  }
  if (op === 'ConstantOfShape') return all(attribute(node, 'value')?.t?.data_type ?? FLOAT);
  if (INT64_OUTPUT.has(op)) return all(INT64);
  if (BOOL_OUTPUT.has(op)) return all(BOOL);
  if (op === 'TopK') return [typeOf(inputs[0] ?? ''), INT64];
  if (op === 'MaxPool') return [typeOf(inputs[0] ?? ''), INT64];
  if (op === 'Dropout') return [typeOf(inputs[0] ?? ''), BOOL];
  if (op === 'Where') return all(typeOf(inputs[1] ?? ''));
  if (op === 'EyeLike' || op === 'RandomUniformLike' || op === 'RandomNormalLike') {
    const dtype = attribute(node, 'dtype');
    return all(dtype ? Number(dtype.i) : typeOf(inputs[0] ?? ''));
  }
  if (op === 'RandomUniform' || op === 'RandomNormal')
    return all(Number(attribute(node, 'dtype')?.i ?? FLOAT));
  // Most ops give every output the type of their first (data) input.
  const first = inputs.find((name) => name !== '');
  return all(first === undefined ? undefined : typeOf(first));
}

export function inferElementTypes(graph: GraphMessage): Map<string, number> {
  const types = new Map<string, number>();
  const declare = (name: string | null | undefined, type: number | null | undefined) => {
    if (name && type) types.set(name, type);
  };
  for (const info of [...(graph.input ?? []), ...(graph.value_info ?? []), ...(graph.output ?? [])]) {
    declare(info.name, info.type?.tensor_type?.elem_type);
  }
  for (const tensor of graph.initializer ?? []) declare(tensor.name, tensor.data_type);
  for (const node of graph.node ?? []) {
    const produced = outputTypes(node, (name) => types.get(name));
    (node.output ?? []).forEach((name, index) => {
      // A declared type (value_info, graph output) wins over the propagated one.
      if (name && !types.has(name)) declare(name, produced[index]);
    });
  }
  return types;
}
