// Converts decoded onnx.proto messages into the plain OnnxModel types, without copying tensor payloads.

import { dataTypeFromCode } from './data-types.ts';
import { int64ToBigInt, int64ToNumber } from './int64.ts';
import type {
  OnnxAttribute,
  OnnxDim,
  OnnxFunction,
  OnnxGraph,
  OnnxModel,
  OnnxNode,
  OnnxSparseTensor,
  OnnxTensor,
  OnnxType,
  OnnxValueInfo,
  OpsetImport,
  TensorStorage,
} from './model-types.ts';
import {
  ATTRIBUTE_TYPE,
  type AttributeMessage,
  type FunctionMessage,
  type GraphMessage,
  type ModelMessage,
  type NodeMessage,
  type OperatorSetIdMessage,
  type SparseTensorMessage,
  type TensorMessage,
  type TensorShapeMessage,
  type TypeMessage,
  type ValueInfoMessage,
} from './proto-messages.ts';

// Not fatal: a name with invalid UTF-8 still shows, with U+FFFD where the bad bytes were.
const utf8 = new TextDecoder('utf-8');

// protobufjs puts schema defaults on the prototype and decoded values on the object itself.
/** True when the field was present on the wire. */
function has(message: object, field: string): boolean {
  return Object.prototype.hasOwnProperty.call(message, field);
}

function list<T>(values: readonly T[] | null | undefined): readonly T[] {
  return values ?? [];
}

export function modelFromMessage(message: ModelMessage, byteLength: number): OnnxModel {
  const warnings: string[] = [];
  const opsetImports = list(message.opset_import).map(opsetFromMessage);
  if (opsetImports.length === 0) {
    warnings.push(
      'The model imports no operator set (opset_import is empty): it may be truncated or incomplete.',
    );
  }
  if (!has(message, 'ir_version')) warnings.push('The model has no ir_version.');
  return {
    byteLength,
    irVersion: int64ToNumber(message.ir_version),
    opsetImports,
    producerName: message.producer_name ?? '',
    producerVersion: message.producer_version ?? '',
    domain: message.domain ?? '',
    modelVersion: int64ToNumber(message.model_version),
    docString: message.doc_string ?? '',
    metadataProps: list(message.metadata_props).map((entry) => ({
      key: entry.key ?? '',
      value: entry.value ?? '',
    })),
    graph: graphFromMessage(message.graph ?? {}),
    functions: list(message.functions).map(functionFromMessage),
    warnings,
  };
}

function opsetFromMessage(message: OperatorSetIdMessage): OpsetImport {
  return { domain: message.domain ?? '', version: int64ToNumber(message.version) };
}

export function graphFromMessage(message: GraphMessage): OnnxGraph {
  return {
    name: message.name ?? '',
    docString: message.doc_string ?? '',
    nodes: list(message.node).map(nodeFromMessage),
    inputs: list(message.input).map(valueInfoFromMessage),
    outputs: list(message.output).map(valueInfoFromMessage),
    valueInfo: list(message.value_info).map(valueInfoFromMessage),
    initializers: list(message.initializer).map(tensorFromMessage),
    sparseInitializers: list(message.sparse_initializer).map(sparseTensorFromMessage),
  };
}

function nodeFromMessage(message: NodeMessage): OnnxNode {
  return {
    name: message.name ?? '',
    opType: message.op_type ?? '',
    domain: message.domain ?? '',
    inputs: [...list(message.input)],
    outputs: [...list(message.output)],
    attributes: list(message.attribute).map(attributeFromMessage),
    docString: message.doc_string ?? '',
  };
}

function functionFromMessage(message: FunctionMessage): OnnxFunction {
  return {
    name: message.name ?? '',
    domain: message.domain ?? '',
    inputs: [...list(message.input)],
    outputs: [...list(message.output)],
    attributeNames: [...list(message.attribute)],
    nodes: list(message.node).map(nodeFromMessage),
    opsetImports: list(message.opset_import).map(opsetFromMessage),
    docString: message.doc_string ?? '',
  };
}

function valueInfoFromMessage(message: ValueInfoMessage): OnnxValueInfo {
  return {
    name: message.name ?? '',
    type: message.type ? typeFromMessage(message.type) : { kind: 'unknown' },
    docString: message.doc_string ?? '',
  };
}

export function typeFromMessage(message: TypeMessage): OnnxType {
  if (message.tensor_type) {
    return {
      kind: 'tensor',
      elemType: dataTypeFromCode(message.tensor_type.elem_type ?? 0),
      shape: shapeFromMessage(message.tensor_type.shape),
    };
  }
  if (message.sparse_tensor_type) {
    return {
      kind: 'sparse-tensor',
      elemType: dataTypeFromCode(message.sparse_tensor_type.elem_type ?? 0),
      shape: shapeFromMessage(message.sparse_tensor_type.shape),
    };
  }
  if (message.sequence_type) {
    return { kind: 'sequence', elemType: optionalType(message.sequence_type.elem_type) };
  }
  if (message.map_type) {
    return {
      kind: 'map',
      keyType: dataTypeFromCode(message.map_type.key_type ?? 0),
      valueType: optionalType(message.map_type.value_type),
    };
  }
  if (message.optional_type) {
    return { kind: 'optional', elemType: optionalType(message.optional_type.elem_type) };
  }
  return { kind: 'unknown' };
}

function optionalType(message: TypeMessage | null | undefined): OnnxType {
  return message ? typeFromMessage(message) : { kind: 'unknown' };
}

function shapeFromMessage(shape: TensorShapeMessage | null | undefined): OnnxDim[] | undefined {
  if (!shape) return undefined;
  return list(shape.dim).map((dim): OnnxDim => {
    if (has(dim, 'dim_value')) return { kind: 'fixed', size: int64ToNumber(dim.dim_value) };
    if (has(dim, 'dim_param') && dim.dim_param) return { kind: 'symbolic', name: dim.dim_param };
    return { kind: 'unknown' };
  });
}

export function tensorFromMessage(message: TensorMessage): OnnxTensor {
  const dataTypeCode = message.data_type ?? 0;
  return {
    name: message.name ?? '',
    docString: message.doc_string ?? '',
    dataType: dataTypeFromCode(dataTypeCode),
    dataTypeCode,
    dims: list(message.dims).map(int64ToNumber),
    storage: storageFromMessage(message),
  };
}

const EXTERNAL_LOCATION = 1;

function storageFromMessage(message: TensorMessage): TensorStorage {
  if (message.data_location === EXTERNAL_LOCATION) {
    const entries = new Map(list(message.external_data).map((entry) => [entry.key ?? '', entry.value ?? '']));
    const length = entries.get('length');
    return {
      kind: 'external',
      file: entries.get('location') ?? '',
      offset: Number(entries.get('offset') ?? 0),
      length: length === undefined ? undefined : Number(length),
      checksum: entries.get('checksum'),
    };
  }
  // raw_data wins when present: the spec forbids setting both, and exporters use raw_data for weights.
  if (has(message, 'raw_data') && message.raw_data) return { kind: 'raw', bytes: message.raw_data };
  if (message.float_data?.length) return { kind: 'float_data', values: message.float_data };
  if (message.int32_data?.length) return { kind: 'int32_data', values: message.int32_data };
  if (message.int64_data?.length) return { kind: 'int64_data', values: message.int64_data };
  if (message.double_data?.length) return { kind: 'double_data', values: message.double_data };
  if (message.uint64_data?.length) return { kind: 'uint64_data', values: message.uint64_data };
  if (message.string_data?.length) return { kind: 'string_data', values: message.string_data };
  return { kind: 'empty' };
}

function sparseTensorFromMessage(message: SparseTensorMessage): OnnxSparseTensor {
  return {
    values: tensorFromMessage(message.values ?? {}),
    indices: tensorFromMessage(message.indices ?? {}),
    dims: list(message.dims).map(int64ToNumber),
  };
}

function attributeFromMessage(message: AttributeMessage): OnnxAttribute {
  const base = { name: message.name ?? '', docString: message.doc_string ?? '' };
  if (message.ref_attr_name) return { ...base, kind: 'reference', refAttrName: message.ref_attr_name };
  // type 0 (UNDEFINED) is also what an absent discriminator reads as.
  switch (message.type ? message.type : inferAttributeType(message)) {
    case ATTRIBUTE_TYPE.FLOAT:
      return { ...base, kind: 'float', value: message.f ?? 0 };
    case ATTRIBUTE_TYPE.INT:
      return { ...base, kind: 'int', value: int64ToBigInt(message.i) };
    case ATTRIBUTE_TYPE.STRING: {
      const bytes = message.s ?? new Uint8Array(0);
      return { ...base, kind: 'string', value: utf8.decode(bytes), bytes };
    }
    case ATTRIBUTE_TYPE.TENSOR:
      return { ...base, kind: 'tensor', value: tensorFromMessage(message.t ?? {}) };
    case ATTRIBUTE_TYPE.GRAPH:
      return { ...base, kind: 'graph', value: graphFromMessage(message.g ?? {}) };
    case ATTRIBUTE_TYPE.SPARSE_TENSOR:
      return { ...base, kind: 'sparse-tensor', value: sparseTensorFromMessage(message.sparse_tensor ?? {}) };
    case ATTRIBUTE_TYPE.TYPE_PROTO:
      return { ...base, kind: 'type', value: optionalType(message.tp) };
    case ATTRIBUTE_TYPE.FLOATS:
      return { ...base, kind: 'floats', value: [...list(message.floats)] };
    case ATTRIBUTE_TYPE.INTS:
      return { ...base, kind: 'ints', value: list(message.ints).map(int64ToBigInt) };
    case ATTRIBUTE_TYPE.STRINGS:
      return { ...base, kind: 'strings', value: list(message.strings).map((bytes) => utf8.decode(bytes)) };
    case ATTRIBUTE_TYPE.TENSORS:
      return { ...base, kind: 'tensors', value: list(message.tensors).map(tensorFromMessage) };
    case ATTRIBUTE_TYPE.GRAPHS:
      return { ...base, kind: 'graphs', value: list(message.graphs).map(graphFromMessage) };
    case ATTRIBUTE_TYPE.SPARSE_TENSORS:
      return {
        ...base,
        kind: 'sparse-tensors',
        value: list(message.sparse_tensors).map(sparseTensorFromMessage),
      };
    case ATTRIBUTE_TYPE.TYPE_PROTOS:
      return { ...base, kind: 'types', value: list(message.type_protos).map(typeFromMessage) };
    default:
      return { ...base, kind: 'undefined' };
  }
}

/** IR version 1 had no type discriminator: infer it from the one field that is set. */
function inferAttributeType(message: AttributeMessage): number {
  if (has(message, 'f')) return ATTRIBUTE_TYPE.FLOAT;
  if (has(message, 'i')) return ATTRIBUTE_TYPE.INT;
  if (has(message, 's')) return ATTRIBUTE_TYPE.STRING;
  if (message.t) return ATTRIBUTE_TYPE.TENSOR;
  if (message.g) return ATTRIBUTE_TYPE.GRAPH;
  if (message.floats?.length) return ATTRIBUTE_TYPE.FLOATS;
  if (message.ints?.length) return ATTRIBUTE_TYPE.INTS;
  if (message.strings?.length) return ATTRIBUTE_TYPE.STRINGS;
  if (message.tensors?.length) return ATTRIBUTE_TYPE.TENSORS;
  if (message.graphs?.length) return ATTRIBUTE_TYPE.GRAPHS;
  return ATTRIBUTE_TYPE.UNDEFINED;
}
