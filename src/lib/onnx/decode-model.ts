// decodeModel: ONNX file bytes → OnnxModel, or an OnnxDecodeError that says what the bytes are instead.

import { emptyFileError, notOnnxError } from './errors.ts';
import { modelFromMessage } from './model-from-message.ts';
import type { OnnxModel } from './model-types.ts';
import { createReader, onnxMessageType } from './onnx-schema.ts';
import type { ModelMessage } from './proto-messages.ts';
import { scanModelFields } from './scan-model-fields.ts';
import {
  foreignFormatError,
  looksLikeText,
  sniffForeignFormat,
  textFileError,
  type BytesOrigin,
} from './sniff-format.ts';

export interface DecodeModelOptions {
  /** Named in error messages ("model.onnx looks like an HTML page, …"). */
  fileName?: string;
  /** Where the bytes came from, so the advice fits (no web server is involved in a file from disk). */
  origin?: BytesOrigin;
}

/**
 * Decodes a whole .onnx file. Tensor bytes are not copied: initializers keep views into `bytes`, so keep
 * `bytes` unchanged while the model is in use. Throws OnnxDecodeError with a stable `code`.
 */
export function decodeModel(bytes: Uint8Array, options: DecodeModelOptions = {}): OnnxModel {
  const { fileName, origin = 'download' } = options;
  if (bytes.length === 0) throw emptyFileError(fileName);
  const foreign = sniffForeignFormat(bytes);
  if (foreign) throw foreignFormatError(foreign, fileName, origin);
  try {
    scanModelFields(bytes, fileName);
  } catch (error) {
    // A text file fails the scan at its first byte; saying "text file" helps more than a wire type.
    if (looksLikeText(bytes)) throw textFileError(fileName, origin);
    throw error;
  }
  const reader = createReader(bytes);
  let message: ModelMessage;
  try {
    message = onnxMessageType('ModelProto').decode(reader) as ModelMessage;
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw notOnnxError(`the data inside is corrupt near byte ${reader.pos} (${detail})`, {
      fileName,
      byteOffset: reader.pos,
      detail,
      cause,
    });
  }
  return modelFromMessage(message, bytes.length);
}
