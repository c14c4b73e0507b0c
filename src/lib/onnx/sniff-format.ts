// Recognizes files that are clearly not ONNX (a web page, JSON, a Git LFS pointer, other model formats)
// from their first bytes, so the error can say what was given instead. No serialized ModelProto starts
// with any of these signatures (serializers write ir_version, field 1, first), so no model is rejected.

import { OnnxDecodeError, type OnnxDecodeErrorCode } from './errors.ts';

const HEAD_LENGTH = 1024;

interface ForeignFormat {
  code: OnnxDecodeErrorCode;
  /** Completes "model.onnx looks like …". */
  description: string;
  remedy: string;
  /** For a file from this computer's disk, where no server was involved, when the advice differs. */
  localRemedy?: string;
}

/** Where the bytes came from: a download (URL, hub, embedded model) or a file picked or dropped from disk. */
export type BytesOrigin = 'download' | 'local-file';

const REMEDY_WRONG_FILE =
  'Choose the .onnx file itself. Models from other frameworks must be exported to ONNX first.';

const HTML_PAGE: ForeignFormat = {
  code: 'html-page',
  description: 'an HTML page, not an ONNX file',
  remedy:
    'A web server answered with a page instead of the model (often a 404 page, or a single-page-app ' +
    'fallback for a missing file). Check that the model file exists at that path.',
  localRemedy:
    'This file is a saved web page, not the model: a browser saves the page when a link leads to one ' +
    'instead of the file. Get the .onnx file itself (on Hugging Face, the download button of the file) ' +
    'and open that.',
};

const MARKUP: ForeignFormat = {
  code: 'text-file',
  description: 'an XML or markup document, not an ONNX file',
  remedy: REMEDY_WRONG_FILE,
};

const JSON_FILE: ForeignFormat = {
  code: 'json-file',
  description: 'a JSON file, not an ONNX file',
  remedy:
    'This is probably a config, tokenizer or TensorFlow.js model.json file, or an error answer from a ' +
    'server. Choose the .onnx file itself.',
  localRemedy:
    'This is probably a config, tokenizer or TensorFlow.js model.json file. Choose the .onnx file itself.',
};

const GIT_LFS_POINTER: ForeignFormat = {
  code: 'git-lfs-pointer',
  description: 'a Git LFS pointer, not the ONNX file it stands for',
  remedy: 'The repository was cloned without its LFS files: run `git lfs pull` and use the real file.',
};

const TEXT_FILE: ForeignFormat = {
  code: 'text-file',
  description: 'a text file, not an ONNX file',
  remedy: REMEDY_WRONG_FILE,
};

function binaryFormat(description: string): ForeignFormat {
  return { code: 'other-format', description: `${description}, not an ONNX file`, remedy: REMEDY_WRONG_FILE };
}

const ascii = new TextDecoder('latin1');

function startsWithAt(bytes: Uint8Array, offset: number, signature: readonly number[]): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((byte, i) => bytes[offset + i] === byte);
}

function asciiAt(bytes: Uint8Array, offset: number, text: string): boolean {
  return startsWithAt(
    bytes,
    offset,
    [...text].map((char) => char.charCodeAt(0)),
  );
}

/** Skips a UTF-8 byte order mark and ASCII whitespace; none of these can start a ModelProto. */
function firstSignificantByte(bytes: Uint8Array): number {
  let offset = startsWithAt(bytes, 0, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (offset < bytes.length && isWhitespace(bytes[offset] ?? 0)) offset++;
  return offset;
}

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/** The clearly-not-ONNX format these bytes start with, if any. */
export function sniffForeignFormat(bytes: Uint8Array): ForeignFormat | undefined {
  const start = firstSignificantByte(bytes);
  const first = bytes[start];
  // Random binary can start with these characters too: only text that starts with them is markup or JSON.
  if (first === 0x3c /* < */ && looksLikeText(bytes)) {
    const head = ascii.decode(bytes.subarray(start, start + HEAD_LENGTH)).toLowerCase();
    return /<(!doctype html|html|head|body|meta|title|script|link|div|!--)/.test(head) ? HTML_PAGE : MARKUP;
  }
  if ((first === 0x7b /* { */ || first === 0x5b) /* [ */ && looksLikeText(bytes)) return JSON_FILE;
  if (asciiAt(bytes, start, 'version https://git-lfs')) return GIT_LFS_POINTER;
  if (startsWithAt(bytes, 0, [0x50, 0x4b, 0x03, 0x04])) {
    return binaryFormat('a ZIP archive (PyTorch .pt checkpoints and .keras files are ZIP archives)');
  }
  if (startsWithAt(bytes, 0, [0x1f, 0x8b])) return binaryFormat('gzip-compressed data (decompress it first)');
  if (startsWithAt(bytes, 0, [0x89, 0x48, 0x44, 0x46]))
    return binaryFormat('an HDF5 file (a Keras .h5 model?)');
  if (asciiAt(bytes, 4, 'TFL3')) return binaryFormat('a TensorFlow Lite model');
  if (asciiAt(bytes, 4, 'ORTM')) {
    return binaryFormat('an ONNX Runtime .ort model (Glassbox inspects .onnx files)');
  }
  if (looksLikeSafetensors(bytes)) return binaryFormat('a safetensors weights file');
  return undefined;
}

/** safetensors: an 8-byte little-endian header length, then a JSON header starting with '{"'. */
function looksLikeSafetensors(bytes: Uint8Array): boolean {
  if (bytes.length < 10 || bytes[8] !== 0x7b || bytes[9] !== 0x22) return false;
  if (![4, 5, 6, 7].every((i) => bytes[i] === 0)) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, 8);
  return view.getUint32(0, true) <= bytes.length - 8;
}

/** True when the first bytes are printable UTF-8 text (tabs and line breaks allowed). */
export function looksLikeText(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, HEAD_LENGTH);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(head);
  } catch {
    // A cut in the middle of a multi-byte character at the end of the head is still text.
    if (head.length < HEAD_LENGTH) return false;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, HEAD_LENGTH - 4));
    } catch {
      return false;
    }
  }
  // eslint-disable-next-line no-control-regex -- control characters are exactly what marks binary data
  return text.length > 0 && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text);
}

export function foreignFormatError(
  format: ForeignFormat,
  fileName?: string,
  origin: BytesOrigin = 'download',
): OnnxDecodeError {
  const subject = fileName ?? 'This file';
  return new OnnxDecodeError({
    code: format.code,
    message: `${subject} looks like ${format.description}`,
    remedy: origin === 'local-file' ? (format.localRemedy ?? format.remedy) : format.remedy,
  });
}

export function textFileError(fileName?: string, origin: BytesOrigin = 'download'): OnnxDecodeError {
  return foreignFormatError(TEXT_FILE, fileName, origin);
}
