// Typed decode errors: a stable code, a message naming the file and byte, and a remedy the UI can show.
// Shaped like the app's shared ErrorData (code, message, remedy, detail) so it can be folded in later.

export type OnnxDecodeErrorCode =
  | 'empty'
  | 'truncated'
  | 'not-onnx'
  | 'html-page'
  | 'json-file'
  | 'text-file'
  | 'git-lfs-pointer'
  | 'other-format';

export interface OnnxDecodeErrorData {
  code: OnnxDecodeErrorCode;
  message: string;
  remedy: string;
  /** Technical detail (for example the protobuf reader's own message), shown on demand. */
  detail?: string;
  /** Where in the file decoding stopped, counted from 0. */
  byteOffset?: number;
}

export class OnnxDecodeError extends Error implements OnnxDecodeErrorData {
  override readonly name = 'OnnxDecodeError';
  readonly code: OnnxDecodeErrorCode;
  readonly remedy: string;
  readonly detail?: string;
  readonly byteOffset?: number;

  constructor(data: OnnxDecodeErrorData, options?: { cause?: unknown }) {
    super(data.message, options);
    this.code = data.code;
    this.remedy = data.remedy;
    if (data.detail !== undefined) this.detail = data.detail;
    if (data.byteOffset !== undefined) this.byteOffset = data.byteOffset;
  }
}

const REMEDY_CHOOSE_ONNX =
  'Choose an .onnx file (a serialized ONNX ModelProto). Models from other frameworks must be exported to ONNX first.';
const REMEDY_RELOAD =
  'The file is incomplete: download or copy it again and check that its size matches the source.';

export interface ErrorContext {
  fileName?: string;
  byteOffset?: number;
  detail?: string;
  cause?: unknown;
}

function contextualError(
  code: OnnxDecodeErrorCode,
  message: string,
  remedy: string,
  context: ErrorContext,
): OnnxDecodeError {
  const data: OnnxDecodeErrorData = { code, message, remedy };
  if (context.byteOffset !== undefined) data.byteOffset = context.byteOffset;
  if (context.detail !== undefined) data.detail = context.detail;
  return new OnnxDecodeError(data, context.cause === undefined ? undefined : { cause: context.cause });
}

/** "Not an ONNX model (model.onnx): invalid wire type 7 at byte 12" */
export function notOnnxError(reason: string, context: ErrorContext = {}): OnnxDecodeError {
  const message = `Not an ONNX model${fileLabel(context.fileName)}: ${reason}`;
  return contextualError('not-onnx', message, REMEDY_CHOOSE_ONNX, context);
}

/** "Truncated file (model.onnx): field 7 (graph) at byte 20 needs 5,000 bytes but only 1,000 remain" */
export function truncatedError(reason: string, context: ErrorContext = {}): OnnxDecodeError {
  const message = `Truncated file${fileLabel(context.fileName)}: ${reason}`;
  return contextualError('truncated', message, REMEDY_RELOAD, context);
}

export function emptyFileError(fileName?: string): OnnxDecodeError {
  return new OnnxDecodeError({
    code: 'empty',
    message: `${fileName ?? 'The file'} is empty (0 bytes), not an ONNX model`,
    remedy: 'Choose the .onnx file itself; if it was downloaded, the download failed: fetch it again.',
  });
}

export function fileLabel(fileName: string | undefined): string {
  return fileName === undefined ? '' : ` (${fileName})`;
}
