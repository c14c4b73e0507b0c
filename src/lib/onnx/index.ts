// Public API of the ONNX decoder: bytes → OnnxModel, typed errors, lazy tensor summaries and statistics.

export { decodeModel, type DecodeModelOptions } from './decode-model.ts';
export type { BytesOrigin } from './sniff-format.ts';
export { encodeModel } from './encode-model.ts';
export { OnnxDecodeError, type OnnxDecodeErrorCode, type OnnxDecodeErrorData } from './errors.ts';
export {
  bitsPerElement,
  byteSizeOf,
  dataTypeCode,
  dataTypeFromCode,
  typedFieldOf,
  type OnnxDataType,
  type TypedDataField,
} from './data-types.ts';
export { int64ToBigInt, int64ToNumber, type Int64Value, type LongLike } from './int64.ts';
export { bfloat16ToNumber, float16ToNumber, minifloatValues, type MinifloatType } from './minifloats.ts';
export type * from './model-types.ts';
export { dimValue } from './model-types.ts';
export type * from './proto-messages.ts';
export { ATTRIBUTE_TYPE } from './proto-messages.ts';
export { elementCountOf, summarizeTensor, type TensorSummary } from './tensor-summary.ts';
export { tensorValueReader, type ValueReader, type ValueReaderResult } from './tensor-values.ts';
export {
  computeTensorStats,
  type Histogram,
  type TensorStats,
  type TensorStatsOptions,
  type TensorStatsResult,
} from './tensor-stats.ts';
