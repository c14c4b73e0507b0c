// From one layer's lens logits [1, positions, vocab] to the top k tokens per position, with probabilities
// (softmax over the whole vocabulary, in float64 so that a 150k vocabulary sums cleanly).

export interface LensCandidate {
  id: number;
  probability: number;
}

/** The most candidates a lens cell keeps: the grid shows a handful, and every cell crosses the worker. */
export const MAX_LENS_TOP_K = 5;

/** Top k of one row of logits, most probable first (ties: the lower id first). */
export function topKSoftmax(row: Float32Array, k: number): LensCandidate[] {
  const keep = Math.max(0, Math.min(k, MAX_LENS_TOP_K, row.length));
  let max = -Infinity;
  for (const value of row) if (value > max) max = value;
  let sum = 0;
  for (const value of row) sum += Math.exp(value - max);
  const top: LensCandidate[] = [];
  for (let id = 0; id < row.length; id++) {
    const value = row[id] ?? -Infinity;
    if (top.length === keep && value <= (row[top[keep - 1]?.id ?? 0] ?? -Infinity)) continue;
    let at = top.length;
    while (at > 0 && value > (row[top[at - 1]?.id ?? 0] ?? -Infinity)) at--;
    top.splice(at, 0, { id, probability: 0 });
    if (top.length > keep) top.pop();
  }
  // A NaN logit makes every probability NaN: shown as such rather than hidden.
  for (const candidate of top) candidate.probability = Math.exp((row[candidate.id] ?? -Infinity) - max) / sum;
  return top;
}

/** Per position, the top k of logits shaped [..., positions, vocab]. */
export function lensTopK(logits: Float32Array, dims: readonly number[], k: number): LensCandidate[][] {
  const vocab = dims[dims.length - 1] ?? 0;
  if (vocab === 0) return [];
  const positions = logits.length / vocab;
  return Array.from({ length: positions }, (_, p) =>
    topKSoftmax(logits.subarray(p * vocab, (p + 1) * vocab), k),
  );
}
