// MatMulNBits' 4-bit blocks as onnxruntime lays them out: nibbles low first, one scale and one zero point
// per block of K, each column's zero points starting on a new byte, K padded to whole blocks; every value
// comes back within half a step of its block; block sizes the op refuses are refused here too.
import { describe, expect, it } from 'vitest';
import { encodeModel } from '../../../src/lib/onnx/index.ts';
import { quantizeQ4Blocks, q4Variant } from '../../../src/lib/variants/q4-matmul-nbits.ts';
import { decodeModelMessage } from '../../../src/lib/capture/capture-variant.ts';
import { info, raw } from '../../support/onnx-messages.ts';

const FLOAT = 1;

/** MatMulNBits' dequantization, written from the op's spec: (q − zero point) · scale. */
function dequantize(blocks: ReturnType<typeof quantizeQ4Blocks>, k: number, n: number, blockSize: number) {
  const kBlocks = Math.ceil(k / blockSize);
  const zpRow = Math.ceil(kBlocks / 2);
  const out = new Float32Array(k * n);
  for (let col = 0; col < n; col++) {
    for (let row = 0; row < k; row++) {
      const block = Math.floor(row / blockSize);
      const j = row % blockSize;
      const byte = blocks.packed[(col * kBlocks + block) * (blockSize / 2) + (j >> 1)] ?? 0;
      const q = (byte >> ((j & 1) * 4)) & 15;
      const zpByte = blocks.zeroPoints[col * zpRow + (block >> 1)] ?? 0;
      const zero = (zpByte >> ((block & 1) * 4)) & 15;
      out[row * n + col] = (q - zero) * (blocks.scales[col * kBlocks + block] ?? 0);
    }
  }
  return out;
}

describe('quantizeQ4Blocks', () => {
  it('packs a block of 0, 0.1, …, 1.5 as the nibbles 0…15 with scale 0.1 and zero point 0', () => {
    const blocks = quantizeQ4Blocks((k) => k * 0.1, 16, 1, 16);
    expect(blocks.scales[0]).toBeCloseTo(0.1, 6);
    expect([...blocks.zeroPoints]).toEqual([0]);
    expect([...blocks.packed]).toEqual([0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe]);
  });

  it('a block of negative values gets zero point 15; an all-zero block dequantizes to zeros', () => {
    const negative = quantizeQ4Blocks((k) => -k, 16, 1, 16);
    expect([...negative.zeroPoints]).toEqual([15]);
    const zeros = quantizeQ4Blocks(() => 0, 16, 1, 16);
    expect([...dequantize(zeros, 16, 1, 16)]).toEqual(new Array(16).fill(0));
  });

  it('K = 70 in blocks of 32: three blocks per column (the last padded), zero points two bytes per column', () => {
    const [k, n, blockSize] = [70, 3, 32];
    const value = (row: number, col: number) => Math.sin(row * 0.7 + col * 1.3) * (col + 1);
    const blocks = quantizeQ4Blocks(value, k, n, blockSize);
    expect(blocks.packed.length).toBe(n * 3 * 16);
    expect(blocks.scales.length).toBe(n * 3);
    expect(blocks.zeroPoints.length).toBe(n * 2);
    const back = dequantize(blocks, k, n, blockSize);
    for (let row = 0; row < k; row++) {
      for (let col = 0; col < n; col++) {
        const scale = blocks.scales[col * 3 + Math.floor(row / blockSize)] ?? 0;
        expect(Math.abs((back[row * n + col] ?? 0) - value(row, col))).toBeLessThanOrEqual(scale / 2 + 1e-6);
      }
    }
  });
});

describe('q4Variant', () => {
  const model = (k: number) =>
    encodeModel({
      ir_version: 8,
      opset_import: [{ domain: '', version: 17 }],
      graph: {
        name: 'one-matmul',
        node: [{ name: '/dense/MatMul', op_type: 'MatMul', input: ['x', 'w'], output: ['y'] }],
        initializer: [
          raw(
            'w',
            FLOAT,
            [k, 8],
            Float32Array.from({ length: k * 8 }, (_, i) => Math.cos(i)),
          ),
        ],
        input: [info('x', FLOAT, [1, k])],
        output: [info('y', FLOAT, [1, 8])],
      },
    });

  it('writes MatMulNBits with K, N, bits and block_size, its B as [N, blocks, block/2] and drops the float weight', () => {
    const made = q4Variant(model(64));
    const graph = decodeModelMessage(made.bytes).graph;
    const node = graph?.node?.[0];
    expect(node).toMatchObject({ op_type: 'MatMulNBits', domain: 'com.microsoft', name: '/dense/MatMul_Q4' });
    const attributes = Object.fromEntries((node?.attribute ?? []).map((a) => [a.name, Number(a.i)]));
    expect(attributes).toEqual({ K: 64, N: 8, bits: 4, block_size: 32 });
    const dims = Object.fromEntries(
      (graph?.initializer ?? []).map((t) => [t.name, (t.dims ?? []).map(Number)]),
    );
    expect(dims).toEqual({ w_Q4: [8, 2, 16], w_scales: [16], w_zero_points: [8] });
  });

  it('refuses a block size the op does not take', () => {
    expect(() => q4Variant(model(64), { blockSize: 24 })).toThrow(/power of two of at least 16/);
    expect(() => q4Variant(model(64), { blockSize: 8 })).toThrow(/power of two of at least 16/);
  });
});
