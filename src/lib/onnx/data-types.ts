// ONNX tensor element types: names, storage widths, and which typed TensorProto field holds each.

/** Element types by TensorProto.DataType code (onnx.proto); 'unknown' for codes newer than this table. */
export type OnnxDataType =
  | 'undefined'
  | 'float32'
  | 'uint8'
  | 'int8'
  | 'uint16'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'string'
  | 'bool'
  | 'float16'
  | 'float64'
  | 'uint32'
  | 'uint64'
  | 'complex64'
  | 'complex128'
  | 'bfloat16'
  | 'float8e4m3fn'
  | 'float8e4m3fnuz'
  | 'float8e5m2'
  | 'float8e5m2fnuz'
  | 'uint4'
  | 'int4'
  | 'float4e2m1'
  | 'unknown';

// Index = DataType code. Codes 17–23 were added after the vendored onnx.proto (1.12); data_type is a
// plain int32 on the wire, so newer models still decode and only need this table.
const DATA_TYPES_BY_CODE: readonly OnnxDataType[] = [
  'undefined',
  'float32',
  'uint8',
  'int8',
  'uint16',
  'int16',
  'int32',
  'int64',
  'string',
  'bool',
  'float16',
  'float64',
  'uint32',
  'uint64',
  'complex64',
  'complex128',
  'bfloat16',
  'float8e4m3fn',
  'float8e4m3fnuz',
  'float8e5m2',
  'float8e5m2fnuz',
  'uint4',
  'int4',
  'float4e2m1',
];

const BITS_PER_ELEMENT: Readonly<Partial<Record<OnnxDataType, number>>> = {
  float32: 32,
  uint8: 8,
  int8: 8,
  uint16: 16,
  int16: 16,
  int32: 32,
  int64: 64,
  bool: 8,
  float16: 16,
  float64: 64,
  uint32: 32,
  uint64: 64,
  complex64: 64,
  complex128: 128,
  bfloat16: 16,
  float8e4m3fn: 8,
  float8e4m3fnuz: 8,
  float8e5m2: 8,
  float8e5m2fnuz: 8,
  uint4: 4,
  int4: 4,
  float4e2m1: 4,
};

export function dataTypeFromCode(code: number): OnnxDataType {
  return DATA_TYPES_BY_CODE[code] ?? 'unknown';
}

export function dataTypeCode(dtype: OnnxDataType): number {
  return DATA_TYPES_BY_CODE.indexOf(dtype);
}

/** Bits one element occupies in raw_data (4 for int4, 64 for complex64); undefined for strings. */
export function bitsPerElement(dtype: OnnxDataType): number | undefined {
  return BITS_PER_ELEMENT[dtype];
}

/** Bytes that `elementCount` elements occupy in raw_data (4-bit types pack two per byte). */
export function byteSizeOf(dtype: OnnxDataType, elementCount: number): number | undefined {
  const bits = bitsPerElement(dtype);
  return bits === undefined ? undefined : Math.ceil((elementCount * bits) / 8);
}

/** The TensorProto field that holds this type when raw_data is not used (onnx.proto, TensorProto). */
export type TypedDataField =
  'float_data' | 'int32_data' | 'string_data' | 'int64_data' | 'double_data' | 'uint64_data';

export function typedFieldOf(dtype: OnnxDataType): TypedDataField | undefined {
  switch (dtype) {
    case 'float32':
    case 'complex64':
      return 'float_data';
    case 'int32':
    case 'int16':
    case 'int8':
    case 'uint16':
    case 'uint8':
    case 'bool':
    case 'float16':
    case 'bfloat16':
    case 'float8e4m3fn':
    case 'float8e4m3fnuz':
    case 'float8e5m2':
    case 'float8e5m2fnuz':
    case 'uint4':
    case 'int4':
    case 'float4e2m1':
      return 'int32_data';
    case 'string':
      return 'string_data';
    case 'int64':
      return 'int64_data';
    case 'float64':
    case 'complex128':
      return 'double_data';
    case 'uint32':
    case 'uint64':
      return 'uint64_data';
    default:
      return undefined;
  }
}
