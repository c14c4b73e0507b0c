// Random access to a tensor's elements as numbers, straight from raw_data or the typed fields, without
// copying the tensor. raw_data is little-endian (onnx.proto) and may sit at any byte offset, so it is
// read through a DataView rather than a typed array that would need alignment.

import { int64ToNumber } from './int64.ts';
import { bfloat16ToNumber, float16ToNumber, minifloatValues, type MinifloatType } from './minifloats.ts';
import type { OnnxTensor } from './model-types.ts';

/** Element `index` (row-major) as a number; int64 beyond 2^53 is rounded. */
export type ValueReader = (index: number) => number;

export type ValueReaderResult = { ok: true; read: ValueReader } | { ok: false; reason: string };

const TWO_POW_32 = 4294967296;

function unsupported(reason: string): ValueReaderResult {
  return { ok: false, reason };
}

function isMinifloat(dtype: string): dtype is MinifloatType {
  return dtype.startsWith('float8') || dtype === 'float4e2m1';
}

export function tensorValueReader(tensor: OnnxTensor): ValueReaderResult {
  const { storage, dataType } = tensor;
  if (dataType === 'string') return unsupported('string tensors have no numeric values');
  if (dataType === 'complex64' || dataType === 'complex128') {
    return unsupported('complex tensors are not summarised');
  }
  switch (storage.kind) {
    case 'raw':
      return rawReader(storage.bytes, tensor);
    case 'float_data':
    case 'double_data': {
      const values = storage.values;
      return { ok: true, read: (i) => values[i] ?? Number.NaN };
    }
    case 'int64_data':
    case 'uint64_data': {
      const values = storage.values;
      return { ok: true, read: (i) => int64ToNumber(values[i]) };
    }
    case 'int32_data':
      return int32DataReader(storage.values, tensor);
    case 'external':
      return unsupported(`the values are in the external file "${storage.file}"`);
    case 'string_data':
      return unsupported('string tensors have no numeric values');
    case 'empty':
      return unsupported('the tensor holds no data');
  }
}

function int32DataReader(values: readonly number[], tensor: OnnxTensor): ValueReaderResult {
  const dtype = tensor.dataType;
  const at = (i: number) => values[i] ?? 0;
  switch (dtype) {
    case 'float16':
      return { ok: true, read: (i) => float16ToNumber(at(i) & 0xffff) };
    case 'bfloat16':
      return { ok: true, read: (i) => bfloat16ToNumber(at(i)) };
    case 'bool':
      return { ok: true, read: (i) => (at(i) !== 0 ? 1 : 0) };
    case 'uint4':
    case 'int4':
    case 'float4e2m1':
      return unsupported(`${dtype} in int32_data is not summarised`);
    default:
      if (isMinifloat(dtype)) {
        const table = minifloatValues(dtype);
        return { ok: true, read: (i) => table[at(i) & 0xff] ?? Number.NaN };
      }
      return { ok: true, read: at };
  }
}

function rawReader(bytes: Uint8Array, tensor: OnnxTensor): ValueReaderResult {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (tensor.dataType) {
    case 'float32':
      return { ok: true, read: (i) => view.getFloat32(i * 4, true) };
    case 'float64':
      return { ok: true, read: (i) => view.getFloat64(i * 8, true) };
    case 'float16':
      return { ok: true, read: (i) => float16ToNumber(view.getUint16(i * 2, true)) };
    case 'bfloat16':
      return { ok: true, read: (i) => bfloat16ToNumber(view.getUint16(i * 2, true)) };
    case 'int8':
      return { ok: true, read: (i) => view.getInt8(i) };
    case 'uint8':
      return { ok: true, read: (i) => view.getUint8(i) };
    case 'bool':
      return { ok: true, read: (i) => (view.getUint8(i) !== 0 ? 1 : 0) };
    case 'int16':
      return { ok: true, read: (i) => view.getInt16(i * 2, true) };
    case 'uint16':
      return { ok: true, read: (i) => view.getUint16(i * 2, true) };
    case 'int32':
      return { ok: true, read: (i) => view.getInt32(i * 4, true) };
    case 'uint32':
      return { ok: true, read: (i) => view.getUint32(i * 4, true) };
    // Two 32-bit halves avoid a BigInt per element.
    case 'int64':
      return {
        ok: true,
        read: (i) => view.getInt32(i * 8 + 4, true) * TWO_POW_32 + view.getUint32(i * 8, true),
      };
    case 'uint64':
      return {
        ok: true,
        read: (i) => view.getUint32(i * 8 + 4, true) * TWO_POW_32 + view.getUint32(i * 8, true),
      };
    // 4-bit types pack two elements per byte, the first in the low nibble.
    case 'uint4':
      return { ok: true, read: (i) => nibble(view, i) };
    case 'int4':
      return { ok: true, read: (i) => (nibble(view, i) << 28) >> 28 };
    case 'float4e2m1': {
      const table = minifloatValues('float4e2m1');
      return { ok: true, read: (i) => table[nibble(view, i)] ?? Number.NaN };
    }
    default: {
      const dtype = tensor.dataType;
      if (isMinifloat(dtype)) {
        const table = minifloatValues(dtype);
        return { ok: true, read: (i) => table[view.getUint8(i)] ?? Number.NaN };
      }
      return unsupported(`element type ${dtype} is not supported`);
    }
  }
}

function nibble(view: DataView, index: number): number {
  const byte = view.getUint8(index >> 1);
  return index & 1 ? byte >> 4 : byte & 0x0f;
}
