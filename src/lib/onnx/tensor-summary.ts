// Cheap tensor facts (dtype, shape, element count, byte size) that never touch the element data.

import { byteSizeOf, type OnnxDataType } from './data-types.ts';
import type { OnnxTensor, TensorStorage } from './model-types.ts';

export interface TensorSummary {
  name: string;
  dtype: OnnxDataType;
  /** [] for a scalar. */
  shape: number[];
  /** Product of the dims (1 for a scalar). */
  elementCount: number;
  /** Bytes the elements take as stored (raw_data or external file); for strings, the UTF-8 bytes. */
  byteSize: number;
  storage: TensorStorage['kind'];
  /** For data_location EXTERNAL: the file, relative to the model, that holds the bytes. */
  externalFile?: string;
  /** Set when the stored data does not match shape × dtype. */
  problem?: string;
}

export function elementCountOf(dims: readonly number[]): number {
  let count = 1;
  for (const dim of dims) count *= dim;
  return count;
}

/** Typed fields store complex numbers as two entries (real, imaginary) per element. */
function entriesPerElement(dtype: OnnxDataType): number {
  return dtype === 'complex64' || dtype === 'complex128' ? 2 : 1;
}

export function summarizeTensor(tensor: OnnxTensor): TensorSummary {
  const elementCount = elementCountOf(tensor.dims);
  const expectedBytes = byteSizeOf(tensor.dataType, elementCount);
  const summary: TensorSummary = {
    name: tensor.name,
    dtype: tensor.dataType,
    shape: tensor.dims,
    elementCount,
    byteSize: expectedBytes ?? 0,
    storage: tensor.storage.kind,
  };
  const storage = tensor.storage;
  switch (storage.kind) {
    case 'raw':
      summary.byteSize = storage.bytes.length;
      if (expectedBytes !== undefined && storage.bytes.length !== expectedBytes) {
        summary.problem = `raw_data has ${storage.bytes.length} bytes, shape × ${tensor.dataType} needs ${expectedBytes}`;
      }
      break;
    case 'external':
      summary.externalFile = storage.file;
      if (storage.length !== undefined) summary.byteSize = storage.length;
      break;
    case 'string_data':
      summary.byteSize = storage.values.reduce((total, bytes) => total + bytes.length, 0);
      if (storage.values.length !== elementCount) {
        summary.problem = `string_data has ${storage.values.length} entries, shape needs ${elementCount}`;
      }
      break;
    case 'empty':
      if (elementCount !== 0) summary.problem = `no data for ${elementCount} elements`;
      break;
    default: {
      const expectedEntries = elementCount * entriesPerElement(tensor.dataType);
      if (storage.values.length !== expectedEntries) {
        summary.problem = `${storage.kind} has ${storage.values.length} entries, shape needs ${expectedEntries}`;
      }
    }
  }
  return summary;
}
