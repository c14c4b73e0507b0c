// Tensors as plain data, so they cross the worker boundary (with transferred buffers) and reach pure code
// without any runtime types.

export type NumericTensorData =
  | { type: 'float32'; dims: number[]; data: Float32Array }
  | { type: 'float64'; dims: number[]; data: Float64Array }
  | { type: 'int64'; dims: number[]; data: BigInt64Array }
  | { type: 'int32'; dims: number[]; data: Int32Array }
  | { type: 'int8'; dims: number[]; data: Int8Array }
  | { type: 'uint8'; dims: number[]; data: Uint8Array }
  | { type: 'bool'; dims: number[]; data: Uint8Array };

export type TensorData = NumericTensorData;
export type TensorType = TensorData['type'];

export function elementCount(dims: readonly number[]): number {
  return dims.reduce((product, dim) => product * dim, 1);
}

/** Values as plain numbers (int64 converted, exact below 2^53), for post-processing and display. */
export function toNumbers(tensor: TensorData): number[] {
  const out: number[] = new Array<number>(tensor.data.length);
  for (let i = 0; i < tensor.data.length; i++) out[i] = Number(tensor.data[i]);
  return out;
}

/** The buffers to transfer (not copy) when a tensor is posted to another thread. */
export function transferablesOf(tensors: Iterable<TensorData>): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const tensor of tensors) {
    const buffer = tensor.data.buffer;
    if (buffer instanceof ArrayBuffer) buffers.add(buffer);
  }
  return [...buffers];
}
