// The shapes of decoded onnx.proto messages (snake_case, as in the official schema), also accepted by
// encodeModel. Only what Glassbox reads is typed; protobufjs keeps unknown fields out of these objects.
// Absent optional fields read as the schema default (null for messages), so every field is optional here.

import type { Int64Value } from './int64.ts';

type Maybe<T> = T | null | undefined;

export interface StringStringEntryMessage {
  key?: Maybe<string>;
  value?: Maybe<string>;
}

export interface OperatorSetIdMessage {
  domain?: Maybe<string>;
  version?: Maybe<Int64Value>;
}

export interface TensorMessage {
  dims?: Maybe<Int64Value[]>;
  data_type?: Maybe<number>;
  segment?: Maybe<{ begin?: Maybe<Int64Value>; end?: Maybe<Int64Value> }>;
  float_data?: Maybe<number[]>;
  int32_data?: Maybe<number[]>;
  string_data?: Maybe<Uint8Array[]>;
  int64_data?: Maybe<Int64Value[]>;
  name?: Maybe<string>;
  doc_string?: Maybe<string>;
  raw_data?: Maybe<Uint8Array>;
  external_data?: Maybe<StringStringEntryMessage[]>;
  /** 0 = DEFAULT (inside this file), 1 = EXTERNAL (see external_data). */
  data_location?: Maybe<number>;
  double_data?: Maybe<number[]>;
  uint64_data?: Maybe<Int64Value[]>;
}

export interface SparseTensorMessage {
  values?: Maybe<TensorMessage>;
  indices?: Maybe<TensorMessage>;
  dims?: Maybe<Int64Value[]>;
}

export interface DimensionMessage {
  dim_value?: Maybe<Int64Value>;
  dim_param?: Maybe<string>;
  denotation?: Maybe<string>;
}

export interface TensorShapeMessage {
  dim?: Maybe<DimensionMessage[]>;
}

export interface TypeMessage {
  tensor_type?: Maybe<{ elem_type?: Maybe<number>; shape?: Maybe<TensorShapeMessage> }>;
  sequence_type?: Maybe<{ elem_type?: Maybe<TypeMessage> }>;
  map_type?: Maybe<{ key_type?: Maybe<number>; value_type?: Maybe<TypeMessage> }>;
  optional_type?: Maybe<{ elem_type?: Maybe<TypeMessage> }>;
  sparse_tensor_type?: Maybe<{ elem_type?: Maybe<number>; shape?: Maybe<TensorShapeMessage> }>;
  denotation?: Maybe<string>;
}

export interface ValueInfoMessage {
  name?: Maybe<string>;
  type?: Maybe<TypeMessage>;
  doc_string?: Maybe<string>;
}

/** AttributeProto.AttributeType codes. */
export const ATTRIBUTE_TYPE = {
  UNDEFINED: 0,
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  TENSOR: 4,
  GRAPH: 5,
  FLOATS: 6,
  INTS: 7,
  STRINGS: 8,
  TENSORS: 9,
  GRAPHS: 10,
  SPARSE_TENSOR: 11,
  SPARSE_TENSORS: 12,
  TYPE_PROTO: 13,
  TYPE_PROTOS: 14,
} as const;

export interface AttributeMessage {
  name?: Maybe<string>;
  ref_attr_name?: Maybe<string>;
  doc_string?: Maybe<string>;
  type?: Maybe<number>;
  f?: Maybe<number>;
  i?: Maybe<Int64Value>;
  s?: Maybe<Uint8Array>;
  t?: Maybe<TensorMessage>;
  g?: Maybe<GraphMessage>;
  sparse_tensor?: Maybe<SparseTensorMessage>;
  tp?: Maybe<TypeMessage>;
  floats?: Maybe<number[]>;
  ints?: Maybe<Int64Value[]>;
  strings?: Maybe<Uint8Array[]>;
  tensors?: Maybe<TensorMessage[]>;
  graphs?: Maybe<GraphMessage[]>;
  sparse_tensors?: Maybe<SparseTensorMessage[]>;
  type_protos?: Maybe<TypeMessage[]>;
}

export interface NodeMessage {
  input?: Maybe<string[]>;
  output?: Maybe<string[]>;
  name?: Maybe<string>;
  op_type?: Maybe<string>;
  domain?: Maybe<string>;
  attribute?: Maybe<AttributeMessage[]>;
  doc_string?: Maybe<string>;
}

export interface GraphMessage {
  node?: Maybe<NodeMessage[]>;
  name?: Maybe<string>;
  initializer?: Maybe<TensorMessage[]>;
  sparse_initializer?: Maybe<SparseTensorMessage[]>;
  doc_string?: Maybe<string>;
  input?: Maybe<ValueInfoMessage[]>;
  output?: Maybe<ValueInfoMessage[]>;
  value_info?: Maybe<ValueInfoMessage[]>;
}

export interface FunctionMessage {
  name?: Maybe<string>;
  input?: Maybe<string[]>;
  output?: Maybe<string[]>;
  attribute?: Maybe<string[]>;
  node?: Maybe<NodeMessage[]>;
  doc_string?: Maybe<string>;
  opset_import?: Maybe<OperatorSetIdMessage[]>;
  domain?: Maybe<string>;
}

export interface ModelMessage {
  ir_version?: Maybe<Int64Value>;
  opset_import?: Maybe<OperatorSetIdMessage[]>;
  producer_name?: Maybe<string>;
  producer_version?: Maybe<string>;
  domain?: Maybe<string>;
  model_version?: Maybe<Int64Value>;
  doc_string?: Maybe<string>;
  graph?: Maybe<GraphMessage>;
  metadata_props?: Maybe<StringStringEntryMessage[]>;
  functions?: Maybe<FunctionMessage[]>;
}
