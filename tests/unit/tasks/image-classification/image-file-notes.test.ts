// The file facts behind the image view's sentences: PNG depth and colour type, JPEG components and EXIF
// orientation, read from the fixture files the e2e test opens, and truncated or hostile headers.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  hasTransparency,
  imageFileNotes,
  readImageHeader,
} from '../../../../src/lib/tasks/image-classification/image-file-notes.ts';

const fixture = (name: string): Uint8Array =>
  new Uint8Array(
    readFileSync(resolve(import.meta.dirname, '../../../fixtures/image-classification/edge-images', name)),
  );

describe('readImageHeader', () => {
  it('reads PNG depth and colour type', () => {
    expect(readImageHeader(fixture('greyscale.png'))).toMatchObject({
      format: 'png',
      bitDepth: 8,
      channels: 1,
    });
    expect(readImageHeader(fixture('greyscale-16bit.png'))).toMatchObject({ bitDepth: 16, channels: 1 });
    expect(readImageHeader(fixture('alpha.png'))).toMatchObject({ bitDepth: 8, channels: 3, palette: false });
  });

  it('reads a JPEG’s components and EXIF orientation', () => {
    expect(readImageHeader(fixture('cmyk.jpg'))).toMatchObject({
      format: 'jpeg',
      channels: 4,
      orientation: null,
    });
    expect(readImageHeader(fixture('exif-rotated.jpg'))).toMatchObject({ channels: 3, orientation: 6 });
  });

  it('survives truncated and hostile headers', () => {
    const jpeg = fixture('exif-rotated.jpg');
    for (let cut = 0; cut < jpeg.length; cut += 7) {
      expect(() => readImageHeader(jpeg.subarray(0, cut))).not.toThrow();
    }
    // An APP1 segment that claims to run past the file, with an IFD offset far away.
    const hostile = new Uint8Array([
      0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff, 0x45, 0x78, 0x69, 0x66, 0, 0, 0x4d, 0x4d, 0, 0x2a, 0x7f, 0xff, 0xff,
      0xff,
    ]);
    expect(readImageHeader(hostile)).toMatchObject({ format: 'jpeg', orientation: null, channels: null });
    expect(readImageHeader(new TextEncoder().encode('not a picture'))).toMatchObject({ format: 'other' });
  });
});

describe('imageFileNotes', () => {
  it('says one sentence per change the browser made, and none for a plain RGB file', () => {
    const notes = (name: string, transparent = false): string[] =>
      imageFileNotes(readImageHeader(fixture(name)), transparent);
    expect(notes('greyscale.png')).toEqual([expect.stringMatching(/^A greyscale image/)]);
    const deep = notes('greyscale-16bit.png');
    expect(deep).toHaveLength(2);
    expect(deep[0]).toMatch(/16-bit greyscale PNG.*clips values above 255/);
    expect(notes('cmyk.jpg')).toEqual([
      expect.stringMatching(/^A CMYK JPEG: the browser converted it to RGB/),
    ]);
    expect(notes('exif-rotated.jpg')).toEqual([expect.stringMatching(/EXIF orientation \(6\)/)]);
    expect(notes('alpha.png', true)).toEqual([expect.stringMatching(/transparent pixels/)]);
    expect(notes('alpha.png', false)).toEqual([]);
  });
});

describe('hasTransparency', () => {
  it('finds any alpha below 255', () => {
    expect(hasTransparency([1, 2, 3, 255, 4, 5, 6, 255])).toBe(false);
    expect(hasTransparency([1, 2, 3, 255, 4, 5, 6, 254])).toBe(true);
  });
});
