// The depth map as a 16-bit greyscale PNG (pure), the form depth tools read (Depth Anything's own scripts
// save one): each value scaled min–max over the image to 0–65,535, so larger values stay brighter (for
// relative inverse depth: nearer is brighter), non-finite values 0. The range is kept in a tEXt chunk so the
// model's values can be recovered: value = min + grey / 65535 × (max − min). The image data is zlib with
// stored (uncompressed) blocks: valid for every PNG reader, no compressor needed, and a depth map's 16-bit
// noise would barely shrink anyway.
import { crc32 } from '../../report/zip.ts';
import type { DepthRange } from './depth-map.ts';

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
/** The largest stored deflate block. */
const STORED_BLOCK = 65535;

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < bytes.length; i++) {
    a = (a + (bytes[i] ?? 0)) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** A zlib stream of stored blocks. */
function zlibStored(raw: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(raw.length / STORED_BLOCK));
  const out = new Uint8Array(2 + raw.length + blocks * 5 + 4);
  out[0] = 0x78;
  out[1] = 0x01;
  let at = 2;
  for (let block = 0; block < blocks; block++) {
    const part = raw.subarray(block * STORED_BLOCK, (block + 1) * STORED_BLOCK);
    out[at] = block === blocks - 1 ? 1 : 0;
    out[at + 1] = part.length & 0xff;
    out[at + 2] = part.length >> 8;
    out[at + 3] = ~part.length & 0xff;
    out[at + 4] = (~part.length >> 8) & 0xff;
    out.set(part, at + 5);
    at += 5 + part.length;
  }
  new DataView(out.buffer).setUint32(at, adler32(raw));
  return out;
}

/** The grey level of one value: min–max over the range to 0–65,535; non-finite (or a flat map's) 0. */
export function grey16(value: number, range: DepthRange): number {
  const span = range.max - range.min;
  if (!Number.isFinite(value) || !(span > 0)) return 0;
  return Math.round(Math.min(1, Math.max(0, (value - range.min) / span)) * 65535);
}

/** values: row-major width × height; range: their finite min and max. */
export function depthPng16(
  values: ArrayLike<number>,
  width: number,
  height: number,
  range: DepthRange,
): Uint8Array<ArrayBuffer> {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`A PNG needs a positive whole size, got ${width} × ${height}.`);
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([16, 0, 0, 0, 0], 8); // 16 bits, greyscale, deflate, no filter method, no interlace
  // Each row: filter type 0 (none), then big-endian 16-bit samples.
  const raw = new Uint8Array(height * (1 + width * 2));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 2);
    for (let x = 0; x < width; x++) {
      const grey = grey16(values[y * width + x] ?? Number.NaN, range);
      raw[row + 1 + x * 2] = grey >> 8;
      raw[row + 2 + x * 2] = grey & 0xff;
    }
  }
  const text = new TextEncoder().encode(
    `Description\0Depth scaled min-max to 0-65535: value = ${range.min} + grey / 65535 * (${range.max} - ${range.min})`,
  );
  const parts = [
    new Uint8Array(SIGNATURE),
    chunk('IHDR', header),
    chunk('tEXt', text),
    chunk('IDAT', zlibStored(raw)),
    chunk('IEND', new Uint8Array()),
  ];
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
