// The 4-bit variant: every MatMul with a constant 2-D float32 weight [K, N] becomes onnxruntime's
// com.microsoft MatMulNBits (bits 4, blocks of 32 along K), laid out as onnxruntime's
// matmul_4bits_quantizer.py (DefaultWeightOnlyQuantizer, asymmetric) writes it:
//   B           uint8 [N, k_blocks, block_size / 2]: column n's K values, two per byte, low nibble first;
//   scales      float [N · k_blocks];
//   zero_points uint8 [N · ceil(k_blocks / 2)]: one nibble per block, low nibble first, each column
//               starting on a new byte;
// with k_blocks = ceil(K / block_size) (the last block padded with zeros). Per block (MLAS's rule):
// lo = min(0, min), hi = max(0, max), scale = (hi − lo) / 15, zero point = round(−lo / scale), and
// q = clamp(round(v / scale) + zero point, 0, 15); the op computes (q − zero point) · scale.
// A weight behind a Transpose (PyTorch's [N, K] Linear weight, exports without constant folding) is read
// in place: its rows are already the columns MatMulNBits wants. Embedding tables (Gather) stay float32.
import { encodeModel } from '../onnx/encode-model.ts';
import type { AttributeMessage, NodeMessage, TensorMessage } from '../onnx/proto-messages.ts';
import {
  dimsOf,
  FLOAT,
  MICROSOFT_DOMAIN,
  intAttribute,
  producersOf,
  pruneUnused,
  rawTensor,
  readFloatModel,
  refuse,
  roundHalfEven,
  UINT8,
  uniqueNamer,
  weightSource,
  weightValues,
  withOpset,
} from './variant-graph.ts';

export const DEFAULT_BLOCK_SIZE = 32;

export interface Q4Options {
  /** Values per block along K: a power of two, at least 16 (the op's rule). Default 32. */
  blockSize?: number;
}

export interface Q4Matrix {
  /** The MatMul node that became MatMulNBits. */
  node: string;
  weight: string;
  k: number;
  n: number;
  behindTranspose: boolean;
}

export interface Q4Variant {
  bytes: Uint8Array;
  blockSize: number;
  matrices: Q4Matrix[];
  /** MatMul nodes kept in float32, each with the reason. */
  kept: Array<{ node: string; reason: string }>;
  notes: string[];
}

export interface Q4Blocks {
  packed: Uint8Array;
  scales: Float32Array;
  zeroPoints: Uint8Array;
}

/**
 * Quantizes a [K, N] matrix given as `at(k, n)` into MatMulNBits' B, scales and zero points.
 * Exported for tests, which dequantize it back.
 */
export function quantizeQ4Blocks(
  at: (k: number, n: number) => number,
  k: number,
  n: number,
  blockSize: number,
): Q4Blocks {
  const kBlocks = Math.ceil(k / blockSize);
  const blob = blockSize / 2;
  const zpRow = Math.ceil(kBlocks / 2);
  const packed = new Uint8Array(n * kBlocks * blob);
  const scales = new Float32Array(n * kBlocks);
  const zeroPoints = new Uint8Array(n * zpRow);
  for (let col = 0; col < n; col++) {
    for (let block = 0; block < kBlocks; block++) {
      const start = block * blockSize;
      const end = Math.min(k, start + blockSize);
      let lo = 0;
      let hi = 0;
      for (let row = start; row < end; row++) {
        const value = at(row, col);
        lo = Math.min(lo, value);
        hi = Math.max(hi, value);
      }
      const scale = Math.fround((hi - lo) / 15);
      const zero = scale === 0 ? 8 : Math.max(0, Math.min(15, roundHalfEven(-lo / scale)));
      scales[col * kBlocks + block] = scale;
      const zpIndex = col * zpRow + (block >> 1);
      zeroPoints[zpIndex] = (zeroPoints[zpIndex] ?? 0) | (zero << ((block & 1) * 4));
      const base = (col * kBlocks + block) * blob;
      for (let j = 0; j < blockSize; j++) {
        const row = start + j;
        // Padding past K stores the zero point: it dequantizes to 0 and meets no input anyway.
        const q =
          row < end && scale !== 0
            ? Math.max(0, Math.min(15, roundHalfEven(at(row, col) / scale) + zero))
            : zero;
        const index = base + (j >> 1);
        packed[index] = (packed[index] ?? 0) | (q << ((j & 1) * 4));
      }
    }
  }
  return { packed, scales, zeroPoints };
}

/** Builds the 4-bit MatMulNBits variant of a float32 .onnx model. Throws variant-unsupported in words. */
export function q4Variant(bytes: Uint8Array, options: Q4Options = {}): Q4Variant {
  const blockSize = options.blockSize ?? DEFAULT_BLOCK_SIZE;
  if (blockSize < 16 || (blockSize & (blockSize - 1)) !== 0) {
    throw refuse(`A 4-bit block must hold a power of two of at least 16 values; ${blockSize} is not one.`);
  }
  const { model, graph } = readFloatModel(bytes, '4-bit');
  const nodes = graph.node ?? [];
  const floatMatrices = new Map<string, TensorMessage>();
  for (const tensor of graph.initializer ?? []) {
    if (tensor.data_type === FLOAT && dimsOf(tensor).length === 2)
      floatMatrices.set(tensor.name ?? '', tensor);
  }
  const producers = producersOf(nodes);
  const fresh = uniqueNamer(graph);
  const added: TensorMessage[] = [];
  const matrices: Q4Matrix[] = [];
  const kept: Q4Variant['kept'] = [];
  const cache = new Map<string, string[]>();

  const rewritten = nodes.map((node): NodeMessage => {
    if (node.op_type !== 'MatMul') return node;
    const label = node.name ?? 'MatMul';
    const source = weightSource(node.input?.[1] ?? '', floatMatrices, producers);
    if (!source) {
      kept.push({ node: label, reason: 'its second input is computed, not a weight' });
      return node;
    }
    const transposed = source.transpose !== null;
    if (transposed && source.perm.join() !== '1,0') {
      kept.push({ node: label, reason: 'its weight passes a Transpose that is not a plain 2-D transpose' });
      return node;
    }
    const dims = dimsOf(source.initializer);
    const [k, n] = transposed ? [dims[1] ?? 0, dims[0] ?? 0] : [dims[0] ?? 0, dims[1] ?? 0];
    const weight = source.initializer.name ?? '';
    // A weight read by several MatMuls the same way is quantized once.
    const cacheKey = `${weight}|${transposed}`;
    let inputs = cache.get(cacheKey);
    if (!inputs) {
      const values = weightValues(source.initializer, { finite: true });
      const at = transposed
        ? (r: number, c: number) => values[c * k + r] ?? 0
        : (r: number, c: number) => values[r * n + c] ?? 0;
      const blocks = quantizeQ4Blocks(at, k, n, blockSize);
      const kBlocks = Math.ceil(k / blockSize);
      const names = [fresh(`${weight}_Q4`), fresh(`${weight}_scales`), fresh(`${weight}_zero_points`)];
      added.push(
        rawTensor(names[0] ?? '', UINT8, [n, kBlocks, blockSize / 2], blocks.packed),
        rawTensor(names[1] ?? '', FLOAT, [n * kBlocks], blocks.scales),
        rawTensor(names[2] ?? '', UINT8, [blocks.zeroPoints.length], blocks.zeroPoints),
      );
      inputs = names;
      cache.set(cacheKey, names);
    }
    matrices.push({ node: label, weight, k, n, behindTranspose: transposed });
    const attribute: AttributeMessage[] = [
      intAttribute('K', k),
      intAttribute('N', n),
      intAttribute('bits', 4),
      intAttribute('block_size', blockSize),
    ];
    return {
      name: fresh(`${label}_Q4`),
      op_type: 'MatMulNBits',
      domain: MICROSOFT_DOMAIN,
      input: [node.input?.[0] ?? '', ...inputs],
      output: node.output ?? [],
      attribute,
    };
  });
  if (matrices.length === 0) {
    throw refuse('The model has no MatMul with a constant float32 weight to store in 4 bits.');
  }
  const pruned = pruneUnused({ ...graph, initializer: [...(graph.initializer ?? []), ...added] }, rewritten);
  const out = encodeModel({
    ...model,
    opset_import: withOpset(model, MICROSOFT_DOMAIN, 1),
    graph: pruned,
  });
  const behind = matrices.filter((m) => m.behindTranspose).length;
  const notes = [
    `${matrices.length} MatMul weights stored in 4 bits (blocks of ${blockSize} along K, a scale and zero point per block), run by MatMulNBits.`,
  ];
  if (behind > 0) notes.push(`${behind} of them were read through their Transpose, which is gone.`);
  if (kept.length > 0) notes.push(`${kept.length} MatMul kept in float32: ${kept[0]?.reason ?? ''}.`);
  const gathers = nodes.filter(
    (node) => node.op_type === 'Gather' && floatMatrices.has(node.input?.[0] ?? ''),
  );
  if (gathers.length > 0) notes.push(`${gathers.length} embedding tables (Gather) kept in float32.`);
  const gemms = nodes.filter((node) => node.op_type === 'Gemm').length;
  if (gemms > 0) notes.push(`${gemms} Gemm kept in float32 (MatMulNBits covers MatMul).`);
  return { bytes: out, blockSize, matrices, kept, notes };
}
