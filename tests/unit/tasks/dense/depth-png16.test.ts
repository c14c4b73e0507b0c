// The depth map as a 16-bit greyscale PNG, decoded back here by hand (chunks, CRCs, Node's zlib for the
// image data) and by pngjs: its header says 16-bit greyscale, every value comes back as its min–max grey
// level, the tEXt chunk holds the range, and a map over one stored block (65,535 bytes) spans several
// blocks correctly.
import { inflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../../../../src/lib/report/zip.ts';
import { depthRange } from '../../../../src/lib/tasks/depth-estimation/depth-map.ts';
import { depthPng16, grey16 } from '../../../../src/lib/tasks/depth-estimation/depth-png16.ts';

function decode(png: Uint8Array) {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  const chunks: Record<string, Uint8Array[]> = {};
  let at = 8;
  while (at < png.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const data = png.subarray(at + 8, at + 8 + length);
    expect(view.getUint32(at + 8 + length)).toBe(crc32(png.subarray(at + 4, at + 8 + length)));
    (chunks[type] ??= []).push(data);
    at += 12 + length;
  }
  const header = chunks.IHDR?.[0] ?? new Uint8Array(13);
  const hv = new DataView(header.buffer, header.byteOffset, 13);
  const width = hv.getUint32(0);
  const height = hv.getUint32(4);
  const raw = inflateSync(Buffer.concat((chunks.IDAT ?? []).map((c) => Buffer.from(c))));
  const values: number[] = [];
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 2);
    expect(raw[row]).toBe(0);
    for (let x = 0; x < width; x++) values.push(raw.readUInt16BE(row + 1 + x * 2));
  }
  const text = new TextDecoder().decode(chunks.tEXt?.[0]);
  return {
    width,
    height,
    bitDepth: header[8],
    colourType: header[9],
    values,
    text,
    order: Object.keys(chunks),
  };
}

describe('the depth map as a 16-bit greyscale PNG', () => {
  it('decodes to the min–max grey levels of a hand-made 3 × 2 map, the range in its text', () => {
    const map = [0.5, 1, 1.5, 2, Number.NaN, 2.5];
    const range = depthRange(map);
    const png = decode(depthPng16(map, 3, 2, range));
    expect(png.order).toEqual(['IHDR', 'tEXt', 'IDAT', 'IEND']);
    expect([png.width, png.height, png.bitDepth, png.colourType]).toEqual([3, 2, 16, 0]);
    // (v − 0.5) / 2 × 65535, rounded; NaN is 0.
    expect(png.values).toEqual([0, 16384, 32768, 49151, 0, 65535]);
    expect(png.text).toBe(
      'Description\0Depth scaled min-max to 0-65535: value = 0.5 + grey / 65535 * (2.5 - 0.5)',
    );
  });

  it('gives a flat map grey 0 and refuses a size that is not a positive whole number', () => {
    expect(grey16(3, { min: 3, max: 3, nonFinite: 0 })).toBe(0);
    expect(() => depthPng16([], 0, 1, { min: 0, max: 1, nonFinite: 0 })).toThrow(RangeError);
  });

  it('spans several stored blocks for a 240 × 180 map, every value intact', () => {
    const width = 240;
    const height = 180;
    const map = Float32Array.from({ length: width * height }, (_, i) => Math.sin(i / 97) * 10);
    const range = depthRange(map);
    const png = decode(depthPng16(map, width, height, range));
    expect(png.values).toHaveLength(width * height);
    const wrong = png.values.filter((grey, i) => grey !== grey16(map[i] ?? 0, range)).length;
    expect(wrong).toBe(0);
  });

  it('is read by an independent decoder (pngjs) as 16-bit greyscale with the same levels', () => {
    const map = [0.5, 1, 1.5, 2, Number.NaN, 2.5];
    const range = depthRange(map);
    const decoded = PNG.sync.read(Buffer.from(depthPng16(map, 3, 2, range)), { skipRescale: true });
    expect([decoded.width, decoded.height, decoded.depth, decoded.colorType]).toEqual([3, 2, 16, 0]);
    // pngjs gives RGBA samples per pixel; greyscale puts the level in R, G and B.
    const levels = Array.from({ length: 6 }, (_, i) => (decoded.data as unknown as Uint16Array)[i * 4]);
    expect(levels).toEqual([0, 16384, 32768, 49151, 0, 65535]);
  });
});
