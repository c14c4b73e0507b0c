// Small builders for onnx.proto-shaped test models, encoded with the same schema the decoder uses.

import { dataTypeCode, encodeModel, type OnnxDataType } from '../../../src/lib/onnx/index.ts';
import type {
  AttributeMessage,
  GraphMessage,
  ModelMessage,
  NodeMessage,
  TensorMessage,
  ValueInfoMessage,
} from '../../../src/lib/onnx/index.ts';

export const FLOAT = dataTypeCode('float32');
export const INT64 = dataTypeCode('int64');

/** A tensor whose elements are stored as little-endian raw_data. */
export function rawTensor(
  name: string,
  dtype: OnnxDataType,
  dims: number[],
  data: ArrayBufferView,
): TensorMessage {
  return {
    name,
    data_type: dataTypeCode(dtype),
    dims,
    raw_data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice(),
  };
}

export function floatTensor(name: string, dims: number[], values: number[]): TensorMessage {
  return rawTensor(name, 'float32', dims, new Float32Array(values));
}

/** dims: numbers are fixed sizes, strings are symbolic (dim_param). */
export function valueInfo(name: string, elemType: number, dims?: (number | string)[]): ValueInfoMessage {
  return {
    name,
    type: {
      tensor_type: {
        elem_type: elemType,
        shape:
          dims === undefined
            ? null
            : { dim: dims.map((dim) => (typeof dim === 'number' ? { dim_value: dim } : { dim_param: dim })) },
      },
    },
  };
}

export function node(
  opType: string,
  inputs: string[],
  outputs: string[],
  extra: { name?: string; domain?: string; attribute?: AttributeMessage[] } = {},
): NodeMessage {
  return { op_type: opType, input: inputs, output: outputs, name: extra.name ?? '', ...extra };
}

export const attribute = {
  int: (name: string, value: number): AttributeMessage => ({ name, type: 2, i: value }),
  float: (name: string, value: number): AttributeMessage => ({ name, type: 1, f: value }),
  ints: (name: string, value: number[]): AttributeMessage => ({ name, type: 7, ints: value }),
  string: (name: string, value: string): AttributeMessage => ({
    name,
    type: 3,
    s: new TextEncoder().encode(value),
  }),
  tensor: (name: string, value: TensorMessage): AttributeMessage => ({ name, type: 4, t: value }),
  graph: (name: string, value: GraphMessage): AttributeMessage => ({ name, type: 5, g: value }),
};

export function model(graph: GraphMessage, extra: Partial<ModelMessage> = {}): ModelMessage {
  return {
    ir_version: 8,
    producer_name: 'glassbox-tests',
    producer_version: '1.0',
    opset_import: [{ domain: '', version: 17 }],
    graph,
    ...extra,
  };
}

export function encode(graph: GraphMessage, extra: Partial<ModelMessage> = {}): Uint8Array {
  return encodeModel(model(graph, extra));
}

/** Conv (3→4 channels, 3×3) followed by Relu, on a [N,3,8,8] input with a symbolic batch. */
export function convReluModel(): Uint8Array {
  const weight = Array.from({ length: 4 * 3 * 3 * 3 }, (_, i) => (i % 7) - 3);
  return encode({
    name: 'conv-relu',
    node: [
      node('Conv', ['input', 'conv.weight', 'conv.bias'], ['conv_out'], {
        name: '/conv/Conv',
        attribute: [attribute.ints('kernel_shape', [3, 3]), attribute.ints('pads', [1, 1, 1, 1])],
      }),
      node('Relu', ['conv_out'], ['output'], { name: '/relu/Relu' }),
    ],
    initializer: [
      floatTensor('conv.weight', [4, 3, 3, 3], weight),
      floatTensor('conv.bias', [4], [0, 1, 2, 3]),
    ],
    input: [valueInfo('input', FLOAT, ['N', 3, 8, 8])],
    output: [valueInfo('output', FLOAT, ['N', 4, 8, 8])],
  });
}
