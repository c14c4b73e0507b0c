// .npy files that keep a tensor's exact element type and bits (int64 token ids, float16, bool), so a
// report's inputs reproduce a run bit for bit; capture/npy.ts writes the viewers' float32 downloads.
// Version 1.0, C order, little-endian, header padded so the data starts on a 64-byte boundary.

/** A tensor as ORT hands it over: its element type name, shape and elements. */
export interface TypedTensor {
  type: string;
  dims: number[];
  data: ArrayBufferView;
}

/** NumPy's descr per ORT element type; bool is one byte per element. */
const DESCR: Readonly<Record<string, string>> = {
  float32: '<f4',
  float64: '<f8',
  float16: '<f2',
  int8: '|i1',
  uint8: '|u1',
  int16: '<i2',
  uint16: '<u2',
  int32: '<i4',
  uint32: '<u4',
  int64: '<i8',
  uint64: '<u8',
  bool: '|b1',
};
const TYPE_OF_DESCR = new Map(Object.entries(DESCR).map(([type, descr]) => [descr, type]));
const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
const PREAMBLE = 10;

export function npyDescr(type: string): string | undefined {
  return DESCR[type];
}

export function encodeTypedNpy(tensor: TypedTensor): Uint8Array<ArrayBuffer> {
  const descr = DESCR[tensor.type];
  if (!descr) throw new Error(`A ${tensor.type} tensor has no .npy type here.`);
  const shape = tensor.dims.length === 1 ? `(${tensor.dims[0]},)` : `(${tensor.dims.join(', ')})`;
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  const padding = (64 - ((PREAMBLE + dict.length + 1) % 64)) % 64;
  const header = `${dict}${' '.repeat(padding)}\n`;
  const data = new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength);
  // ORT's arrays are in the platform's order, and every browser and Node platform is little-endian.
  const out = new Uint8Array(PREAMBLE + header.length + data.length);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[PREAMBLE + i] = header.charCodeAt(i);
  out.set(data, PREAMBLE + header.length);
  return out;
}

/** Reads back what encodeTypedNpy wrote (version 1.0, C order, a descr listed above). */
export function decodeTypedNpy(bytes: Uint8Array): { type: string; dims: number[]; bytes: Uint8Array } {
  if (bytes.length < PREAMBLE || MAGIC.some((byte, i) => bytes[i] !== byte) || bytes[6] !== 1) {
    throw new Error('Not a version 1.0 .npy file.');
  }
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint16(8, true);
  const header = new TextDecoder().decode(bytes.subarray(PREAMBLE, PREAMBLE + length));
  const descr = /'descr':\s*'([^']*)'/.exec(header)?.[1] ?? '';
  const type = TYPE_OF_DESCR.get(descr);
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!type || shape === undefined || !header.includes("'fortran_order': False")) {
    throw new Error(`Unsupported .npy header: ${header.trim()}`);
  }
  const dims = shape
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map(Number);
  return { type, dims, bytes: bytes.subarray(PREAMBLE + length) };
}
