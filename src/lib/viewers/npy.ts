// NumPy's .npy format for captured tensors: float32, little-endian, C order; version 1.0, or 2.0 when the
// header is too long for 1.0's 16-bit length (a value of rank in the thousands). The encoder makes the
// downloads; the decoder reads them back (tests, and anyone checking a file) and says what is wrong.

import { notADeviceName } from '../download-name.ts';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"
/** NumPy pads the header so the data starts on a 64-byte boundary. */
const ALIGNMENT = 64;
const PREAMBLE_V1 = 10; // magic (6) + version (2) + header length as uint16 (2)
const PREAMBLE_V2 = 12; // … header length as uint32 (4)
const MAX_V1_HEADER = 0xffff;

export interface NpyArray {
  shape: number[];
  data: Float32Array;
}

/** Python's spelling of a shape tuple: (), (5,), (1, 2, 8, 8). */
function shapeTuple(shape: readonly number[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

export function encodeNpy(data: Float32Array, shape: readonly number[]): Uint8Array<ArrayBuffer> {
  const expected = shape.reduce((product, dim) => product * dim, 1);
  if (shape.some((dim) => !Number.isInteger(dim) || dim < 0)) {
    throw new Error(`Cannot write .npy: the shape ${shapeTuple(shape)} has a dimension that is not a count.`);
  }
  if (expected !== data.length) {
    throw new Error(
      `Cannot write .npy: the shape ${shapeTuple(shape)} holds ${expected} values but the data has ${data.length}.`,
    );
  }
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shapeTuple(shape)}, }`;
  // The header ends with a newline and is padded with spaces so the data is aligned. Version 1.0 stores
  // its length in 16 bits; a longer header needs version 2.0 (32 bits), as NumPy itself writes it.
  const headerFor = (preamble: number): string => {
    const padding = (ALIGNMENT - ((preamble + dict.length + 1) % ALIGNMENT)) % ALIGNMENT;
    return `${dict}${' '.repeat(padding)}\n`;
  };
  const v1Header = headerFor(PREAMBLE_V1);
  const v1 = v1Header.length <= MAX_V1_HEADER;
  const preamble = v1 ? PREAMBLE_V1 : PREAMBLE_V2;
  const header = v1 ? v1Header : headerFor(PREAMBLE_V2);
  const bytes = new Uint8Array(preamble + header.length + data.length * 4);
  bytes.set(MAGIC, 0);
  bytes[6] = v1 ? 1 : 2;
  bytes[7] = 0;
  const view = new DataView(bytes.buffer);
  if (v1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  for (let i = 0; i < header.length; i++) bytes[preamble + i] = header.charCodeAt(i);
  const offset = preamble + header.length;
  for (let i = 0; i < data.length; i++) view.setFloat32(offset + i * 4, data[i] ?? 0, true);
  return bytes;
}

function headerField(header: string, key: string): string | undefined {
  const match = new RegExp(`['"]${key}['"]\\s*:\\s*('[^']*'|"[^"]*"|True|False|\\([^)]*\\))`).exec(header);
  return match?.[1];
}

/** Reads a .npy file of float32 (<f4) or float64 (<f8) in C order; float64 values become float32. */
export function decodeNpy(input: Uint8Array): NpyArray {
  if (input.length < PREAMBLE_V1 || MAGIC.some((byte, i) => input[i] !== byte)) {
    throw new Error('Not a .npy file: it does not start with "\\x93NUMPY".');
  }
  const major = input[6];
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  const preamble = major === 1 ? PREAMBLE_V1 : major === 2 || major === 3 ? PREAMBLE_V2 : 0;
  if (preamble === 0) throw new Error(`Unsupported .npy version ${major}.${input[7]}.`);
  if (input.length < preamble) throw new Error('Truncated .npy file: the header length is cut off.');
  const headerLength = preamble === PREAMBLE_V1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (input.length < preamble + headerLength) throw new Error('Truncated .npy file: the header is cut off.');
  const header = new TextDecoder().decode(input.subarray(preamble, preamble + headerLength));
  const descr = headerField(header, 'descr')?.slice(1, -1);
  const fortran = headerField(header, 'fortran_order');
  const shapeText = headerField(header, 'shape');
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new Error(`Malformed .npy header: ${header.trim()}`);
  }
  if (fortran !== 'False') throw new Error('Unsupported .npy file: Fortran (column-major) order.');
  const itemSize = descr === '<f4' ? 4 : descr === '<f8' ? 8 : 0;
  if (itemSize === 0) throw new Error(`Unsupported .npy dtype ${descr}: only <f4 and <f8 are read.`);
  const shape = shapeText
    .slice(1, -1)
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const dim = Number(part.replace(/L$/, ''));
      if (!Number.isInteger(dim) || dim < 0) throw new Error(`Malformed .npy shape ${shapeText}.`);
      return dim;
    });
  const count = shape.reduce((product, dim) => product * dim, 1);
  const offset = preamble + headerLength;
  if (input.length - offset !== count * itemSize) {
    throw new Error(
      `Truncated or padded .npy file: shape ${shapeText} needs ${count * itemSize} data bytes, it has ${input.length - offset}.`,
    );
  }
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    data[i] = itemSize === 4 ? view.getFloat32(offset + i * 4, true) : view.getFloat64(offset + i * 8, true);
  }
  return { shape, data };
}

/** A file name from an ONNX value name: "/bert/encoder/layer.0/Softmax_output_0" → "bert_encoder_layer.0_Softmax_output_0". */
export function safeFileStem(valueName: string): string {
  const stem = valueName
    .replace(/[^\w.-]+/g, '_')
    .replace(/^[._]+/, '')
    .replace(/_+$/, '')
    .slice(0, 120);
  return notADeviceName(stem || 'value');
}
