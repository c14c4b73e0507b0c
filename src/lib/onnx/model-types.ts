// The decoded ONNX model as plain typed data, independent of protobufjs: what decodeModel returns.
// Tensor payloads are not copied: raw_data stays a view into the model bytes, typed fields stay the
// arrays protobufjs decoded. Everything else is small and eagerly converted.

import type { OnnxDataType } from './data-types.ts';
import type { Int64Value } from './int64.ts';

export interface OnnxModel {
  /** Size of the decoded file in bytes. */
  byteLength: number;
  irVersion: number;
  /** Domain '' is the default ONNX domain (ai.onnx). */
  opsetImports: OpsetImport[];
  producerName: string;
  producerVersion: string;
  domain: string;
  modelVersion: number;
  docString: string;
  metadataProps: MetadataProp[];
  graph: OnnxGraph;
  /** Model-local functions (IR ≥ 8); nodes may call them like operators. */
  functions: OnnxFunction[];
  /** Things that decoded but look wrong (a missing opset_import, for example). */
  warnings: string[];
}

export interface OpsetImport {
  domain: string;
  version: number;
}

export interface MetadataProp {
  key: string;
  value: string;
}

export interface OnnxGraph {
  name: string;
  docString: string;
  nodes: OnnxNode[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  valueInfo: OnnxValueInfo[];
  initializers: OnnxTensor[];
  sparseInitializers: OnnxSparseTensor[];
}

export interface OnnxNode {
  name: string;
  opType: string;
  domain: string;
  /** Value names; '' marks an omitted optional input. */
  inputs: string[];
  outputs: string[];
  attributes: OnnxAttribute[];
  docString: string;
}

export interface OnnxFunction {
  name: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attributeNames: string[];
  nodes: OnnxNode[];
  opsetImports: OpsetImport[];
  docString: string;
}

export interface OnnxValueInfo {
  name: string;
  type: OnnxType;
  docString: string;
}

/** A dimension: a number, a symbolic name shared across values ('batch_size'), or nothing known. */
export type OnnxDim =
  { kind: 'fixed'; size: number } | { kind: 'symbolic'; name: string } | { kind: 'unknown' };

/** A dimension as its size or its symbolic name; null when nothing is known about it. */
export function dimValue(dim: OnnxDim): number | string | null {
  return dim.kind === 'fixed' ? dim.size : dim.kind === 'symbolic' ? dim.name : null;
}

export type OnnxType =
  /** shape undefined = rank unknown; [] = scalar. */
  | { kind: 'tensor'; elemType: OnnxDataType; shape: OnnxDim[] | undefined }
  | { kind: 'sparse-tensor'; elemType: OnnxDataType; shape: OnnxDim[] | undefined }
  | { kind: 'sequence'; elemType: OnnxType }
  | { kind: 'map'; keyType: OnnxDataType; valueType: OnnxType }
  | { kind: 'optional'; elemType: OnnxType }
  | { kind: 'unknown' };

/** Where a tensor's elements are; nothing here is a copy of the file's tensor bytes. */
export type TensorStorage =
  /** raw_data: little-endian element bytes, a view into the model bytes. */
  | { kind: 'raw'; bytes: Uint8Array }
  | { kind: 'float_data'; values: readonly number[] }
  | { kind: 'int32_data'; values: readonly number[] }
  | { kind: 'int64_data'; values: readonly Int64Value[] }
  | { kind: 'double_data'; values: readonly number[] }
  | { kind: 'uint64_data'; values: readonly Int64Value[] }
  | { kind: 'string_data'; values: readonly Uint8Array[] }
  /** data_location EXTERNAL: the bytes live in another file next to the model. */
  | {
      kind: 'external';
      file: string;
      offset: number;
      length: number | undefined;
      checksum: string | undefined;
    }
  | { kind: 'empty' };

export interface OnnxTensor {
  name: string;
  docString: string;
  dataType: OnnxDataType;
  /** The raw TensorProto.DataType code, kept for types newer than this decoder. */
  dataTypeCode: number;
  /** [] for a scalar. */
  dims: number[];
  storage: TensorStorage;
}

export interface OnnxSparseTensor {
  values: OnnxTensor;
  indices: OnnxTensor;
  dims: number[];
}

interface AttributeBase {
  name: string;
  docString: string;
}

export type OnnxAttribute = AttributeBase &
  (
    | { kind: 'float'; value: number }
    /** Exact int64: attributes like Slice ends use INT64_MAX. */
    | { kind: 'int'; value: bigint }
    /** UTF-8 decoded; the bytes are kept because attributes may hold binary strings. */
    | { kind: 'string'; value: string; bytes: Uint8Array }
    | { kind: 'tensor'; value: OnnxTensor }
    | { kind: 'graph'; value: OnnxGraph }
    | { kind: 'sparse-tensor'; value: OnnxSparseTensor }
    | { kind: 'type'; value: OnnxType }
    | { kind: 'floats'; value: number[] }
    | { kind: 'ints'; value: bigint[] }
    | { kind: 'strings'; value: string[] }
    | { kind: 'tensors'; value: OnnxTensor[] }
    | { kind: 'graphs'; value: OnnxGraph[] }
    | { kind: 'sparse-tensors'; value: OnnxSparseTensor[] }
    | { kind: 'types'; value: OnnxType[] }
    /** Inside a function body: takes the value of the caller's attribute `refAttrName`. */
    | { kind: 'reference'; refAttrName: string }
    | { kind: 'undefined' }
  );

export type OnnxAttributeKind = OnnxAttribute['kind'];
