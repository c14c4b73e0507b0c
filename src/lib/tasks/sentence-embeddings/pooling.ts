// Token embeddings [batch, sequence, hidden] → one vector per sentence, as sentence-transformers' Pooling
// module computes them (models/Pooling.py): the [CLS] token, the max over tokens, the mean over tokens,
// the mean scaled by √tokens, or the last token; padded positions (attention_mask 0) never count. Several
// modes concatenate in sentence-transformers' order. Then Normalize: each vector over its L2 norm.

export type PoolingMode = 'cls' | 'max' | 'mean' | 'mean_sqrt_len' | 'lasttoken';

/** sentence-transformers' concatenation order. */
export const POOLING_ORDER: readonly PoolingMode[] = ['cls', 'max', 'mean', 'mean_sqrt_len', 'lasttoken'];

/** What each mode is called on screen. */
export const POOLING_NAMES: Record<PoolingMode, string> = {
  cls: 'the [CLS] token',
  max: 'the maximum over tokens',
  mean: 'the mean over tokens',
  mean_sqrt_len: 'the sum over tokens divided by √tokens',
  lasttoken: 'the last token',
};

/** sentence-transformers clamps the token count so an all-padding row divides by 1e-9, not 0. */
const MIN_TOKENS = 1e-9;

/**
 * hidden: row-major [batch, sequence, width]; mask: [batch, sequence] of 0/1 (right padding). Returns
 * one vector per row, of width × modes.length.
 */
export function poolTokens(
  hidden: ArrayLike<number>,
  mask: ArrayLike<number | bigint>,
  batch: number,
  sequence: number,
  width: number,
  modes: readonly PoolingMode[],
): Float32Array[] {
  if (hidden.length !== batch * sequence * width) {
    throw new RangeError(`${hidden.length} values do not make [${batch}, ${sequence}, ${width}]`);
  }
  const ordered = POOLING_ORDER.filter((mode) => modes.includes(mode));
  const vectors: Float32Array[] = [];
  for (let b = 0; b < batch; b++) {
    const out = new Float32Array(width * ordered.length);
    const at = (s: number, h: number): number => Number(hidden[(b * sequence + s) * width + h]);
    const kept: number[] = [];
    for (let s = 0; s < sequence; s++) if (Number(mask[b * sequence + s]) !== 0) kept.push(s);
    ordered.forEach((mode, m) => {
      const offset = m * width;
      for (let h = 0; h < width; h++) out[offset + h] = poolOne(mode, kept, (s) => at(s, h));
    });
    vectors.push(out);
  }
  return vectors;
}

function poolOne(mode: PoolingMode, kept: readonly number[], value: (s: number) => number): number {
  if (mode === 'cls') return value(0);
  if (mode === 'lasttoken') return kept.length > 0 ? value(kept[kept.length - 1] ?? 0) : 0;
  if (mode === 'max') {
    // Padded tokens are set to -1e9 before the max: an all-padding row gives -1e9, as in PyTorch.
    let best = kept.length > 0 ? -Infinity : -1e9;
    for (const s of kept) best = Math.max(best, value(s));
    return best;
  }
  let sum = 0;
  for (const s of kept) sum += value(s);
  const count = Math.max(kept.length, MIN_TOKENS);
  return mode === 'mean' ? sum / count : sum / Math.sqrt(count);
}

/** x / max(‖x‖₂, 1e-12), as torch.nn.functional.normalize (sentence-transformers' Normalize). */
export function l2Normalize(vector: Float32Array): Float32Array {
  let squares = 0;
  for (const value of vector) squares += value * value;
  const norm = Math.max(Math.sqrt(squares), 1e-12);
  return vector.map((value) => value / norm);
}
