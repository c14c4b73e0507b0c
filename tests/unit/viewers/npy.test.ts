// The .npy encoder against files NumPy wrote (byte for byte), and the decoder on NumPy's files and on
// broken ones.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeNpy, encodeNpy, safeFileStem } from '../../../src/lib/viewers/npy.ts';

const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(resolve(import.meta.dirname, '../../fixtures/npy', name)));

describe('encodeNpy', () => {
  it.each([
    ['f4-2x3.npy', [2, 3], Float32Array.from([0, 1, 2, 3, 4, 5], (x) => (x - 2.5) / 4)],
    ['f4-vector5.npy', [5], Float32Array.from([1e-8, -3.25, 1e30, 0, 7])],
    ['f4-scalar.npy', [], Float32Array.from([1.5])],
    ['f4-1x2x8x8.npy', [1, 2, 8, 8], Float32Array.from({ length: 128 }, (_, i) => ((i % 17) - 8) / 8)],
  ] as const)('writes %s exactly as NumPy does', (file, shape, data) => {
    expect(encodeNpy(data, shape)).toEqual(fixture(file));
  });

  it('aligns the data on 64 bytes and round-trips through the decoder', () => {
    const data = Float32Array.from({ length: 1 * 3 * 5 * 7 }, (_, i) => i * 0.5 - 20);
    const bytes = encodeNpy(data, [1, 3, 5, 7]);
    const headerLength = bytes[8]! | (bytes[9]! << 8);
    expect((10 + headerLength) % 64).toBe(0);
    expect(bytes[10 + headerLength - 1]).toBe(0x0a);
    const decoded = decodeNpy(bytes);
    expect(decoded.shape).toEqual([1, 3, 5, 7]);
    expect(decoded.data).toEqual(data);
  });

  it('writes version 2.0 (32-bit header length) when the header outgrows version 1.0’s 16 bits', () => {
    // Rank 25,000, every dimension 1: the shape tuple alone is 75,000 characters.
    const shape = Array.from({ length: 25_000 }, () => 1);
    const bytes = encodeNpy(Float32Array.from([2.5]), shape);
    expect([bytes[6], bytes[7]]).toEqual([2, 0]);
    const headerLength = new DataView(bytes.buffer).getUint32(8, true);
    expect(headerLength).toBeGreaterThan(0xffff);
    expect((12 + headerLength) % 64).toBe(0);
    expect(bytes.length).toBe(12 + headerLength + 4);
    const decoded = decodeNpy(bytes);
    expect(decoded.shape).toEqual(shape);
    expect([...decoded.data]).toEqual([2.5]);
    // A small value stays version 1.0, as NumPy writes it.
    expect(encodeNpy(Float32Array.from([1]), [1])[6]).toBe(1);
  });

  it('keeps NaN, infinities and negative zero', () => {
    const data = Float32Array.from([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0]);
    const decoded = decodeNpy(encodeNpy(data, [4]));
    expect(Number.isNaN(decoded.data[0])).toBe(true);
    expect(decoded.data[1]).toBe(Number.POSITIVE_INFINITY);
    expect(decoded.data[2]).toBe(Number.NEGATIVE_INFINITY);
    expect(Object.is(decoded.data[3], -0)).toBe(true);
  });

  it('refuses a shape that does not match the data', () => {
    expect(() => encodeNpy(new Float32Array(5), [2, 3])).toThrow(/holds 6 values but the data has 5/);
    expect(() => encodeNpy(new Float32Array(0), [-1])).toThrow(/not a count/);
  });
});

describe('decodeNpy', () => {
  it('reads float64 files as float32', () => {
    const { shape, data } = decodeNpy(fixture('f8-2x2.npy'));
    expect(shape).toEqual([2, 2]);
    expect(Array.from(data)).toEqual([0.1, 0.2, 0.3, 0.4].map(Math.fround));
  });

  it('reads a scalar and a 1-D shape', () => {
    expect(decodeNpy(fixture('f4-scalar.npy'))).toEqual({ shape: [], data: Float32Array.from([1.5]) });
    expect(decodeNpy(fixture('f4-vector5.npy')).shape).toEqual([5]);
  });

  it('says what is wrong with files it cannot read', () => {
    expect(() => decodeNpy(new TextEncoder().encode('<!doctype html>'))).toThrow(/Not a \.npy file/);
    expect(() => decodeNpy(fixture('f4-fortran.npy'))).toThrow(/Fortran/);
    expect(() => decodeNpy(fixture('i8-3.npy'))).toThrow(/Unsupported \.npy dtype <i8/);
    const whole = fixture('f4-2x3.npy');
    expect(() => decodeNpy(whole.subarray(0, whole.length - 4))).toThrow(/needs 24 data bytes, it has 20/);
    expect(() => decodeNpy(whole.subarray(0, 40))).toThrow(/header is cut off/);
  });
});

describe('safeFileStem', () => {
  it('keeps letters, digits, dots, dashes and underscores', () => {
    expect(safeFileStem('/bert/encoder/layer.0/attention/self/Softmax_output_0')).toBe(
      'bert_encoder_layer.0_attention_self_Softmax_output_0',
    );
    expect(safeFileStem('../../etc/passwd')).toBe('etc_passwd');
    expect(safeFileStem('a b:c*d?"<>|')).toBe('a_b_c_d');
    expect(safeFileStem('')).toBe('value');
    expect(safeFileStem('///')).toBe('value');
    expect(safeFileStem('x'.repeat(500))).toHaveLength(120);
  });

  it('never gives a name Windows reserves for a device, with or without an extension', () => {
    for (const name of ['CON', 'nul', 'Aux', 'prn', 'COM1', 'lpt9', 'nul.txt', 'CON.tar', 'com3.x.y']) {
      const stem = safeFileStem(name);
      expect(stem.split('.')[0]?.toUpperCase()).not.toMatch(/^(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])$/);
      expect(stem).toContain(name.replace(/[^\w.-]+/g, '_'));
    }
    expect(safeFileStem('console')).toBe('console');
    expect(safeFileStem('COM10')).toBe('COM10');
  });
});
