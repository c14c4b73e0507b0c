// A tensor as a capture run returns it: any ONNX element type ORT Web hands back (float16 as its bit
// patterns in a Uint16Array, bool as bytes, 64-bit integers as bigints), read as plain numbers.
import { float16ToNumber } from '../onnx/minifloats.ts';

export type CaptureTensorData =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

export interface CaptureTensor {
  /** ONNX element type as ORT names it: float32, float16, int64, bool, … */
  type: string;
  dims: number[];
  data: CaptureTensorData;
}

/** Element i as a number: float16 decoded, bool as 0/1, 64-bit integers via Number (exact below 2^53). */
export function numberReader(tensor: CaptureTensor): (index: number) => number {
  const { data } = tensor;
  if (tensor.type === 'float16' && data instanceof Uint16Array) {
    return (i) => float16ToNumber(data[i] ?? 0);
  }
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) return (i) => Number(data[i] ?? 0n);
  if (tensor.type === 'bool') return (i) => ((data[i] ?? 0) !== 0 ? 1 : 0);
  const numeric = data as Exclude<CaptureTensorData, BigInt64Array | BigUint64Array>;
  return (i) => numeric[i] ?? Number.NaN;
}

export function elementCountOf(dims: readonly number[]): number {
  return dims.reduce((product, dim) => product * dim, 1);
}
