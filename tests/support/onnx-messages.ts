// The two ONNX messages every in-memory test model is built from: a tensor's value info and an
// initializer with raw data (shapes are fixed numbers; these models are small on purpose).
import type { TensorMessage, ValueInfoMessage } from '../../src/lib/onnx/index.ts';

export function info(name: string, elemType: number, dims: number[]): ValueInfoMessage {
  return {
    name,
    type: { tensor_type: { elem_type: elemType, shape: { dim: dims.map((dim) => ({ dim_value: dim })) } } },
  };
}

export function raw(name: string, elemType: number, dims: number[], data: ArrayBufferView): TensorMessage {
  return {
    name,
    data_type: elemType,
    dims,
    raw_data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice(),
  };
}
