// The inputs and outputs a model declares, in the terms onnxruntime-web uses (element type names such as
// 'float32', 'int64'; dims as numbers or symbolic names), read from the decoded file before any session
// exists: enough to guess the task and to build the tensor view's input form.

import { dimValue, type OnnxModel, type OnnxType, type OnnxValueInfo } from '../onnx/index.ts';

export interface TensorSignature {
  name: string;
  /**
   * Element type as onnxruntime-web names it: 'float32', 'float16', 'int64', 'int32', 'int8', 'uint8',
   * 'bool', 'string', 'float64', …. Values that are not tensors read as 'sequence<float32>',
   * 'map<string, float32>', 'optional<…>', 'sparse<…>' or 'unknown'.
   */
  dtype: string;
  /**
   * One entry per dim: a number when fixed, the dim_param name when symbolic ('batch_size'), '?' when the
   * file says nothing about it. Empty when the model gives no shape (or for a scalar).
   */
  shape: Array<number | string>;
}

export interface IoSignature {
  inputs: TensorSignature[];
  outputs: TensorSignature[];
}

/**
 * The graph's inputs and outputs. Inputs that are also initializers are left out: older exporters list
 * every weight as an input with a default value, and a user is never asked to feed those.
 */
export function ioSignatureOf(model: OnnxModel): IoSignature {
  const { graph } = model;
  const initializers = new Set(graph.initializers.map((tensor) => tensor.name));
  return {
    inputs: graph.inputs.filter((input) => !initializers.has(input.name)).map(tensorSignatureOf),
    outputs: graph.outputs.map(tensorSignatureOf),
  };
}

function tensorSignatureOf(value: OnnxValueInfo): TensorSignature {
  const { type } = value;
  const shape = type.kind === 'tensor' || type.kind === 'sparse-tensor' ? (type.shape ?? []) : [];
  return { name: value.name, dtype: typeName(type), shape: shape.map((dim) => dimValue(dim) ?? '?') };
}

function typeName(type: OnnxType): string {
  switch (type.kind) {
    case 'tensor':
      return type.elemType;
    case 'sparse-tensor':
      return `sparse<${type.elemType}>`;
    case 'sequence':
      return `sequence<${typeName(type.elemType)}>`;
    case 'map':
      return `map<${type.keyType}, ${typeName(type.valueType)}>`;
    case 'optional':
      return `optional<${typeName(type.elemType)}>`;
    case 'unknown':
      return 'unknown';
  }
}
