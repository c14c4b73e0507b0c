// The logit lens's top k computed in plain TypeScript (float64 softmax over the vocabulary): the oracle
// the lens's in-graph Softmax + TopK is checked against.
import {
  MAX_LENS_TOP_K,
  type LensCandidate,
} from '../../src/lib/tasks/text-generation/logit-lens/lens-top-k.ts';

/** Top k of one row of logits, most probable first (ties: the lower id first). Indexed loops: this runs
 * layers × positions × vocabulary times per lens, and iterators over typed arrays cost several times more. */
export function topKSoftmax(row: Float32Array, k: number): LensCandidate[] {
  const keep = Math.max(0, Math.min(k, MAX_LENS_TOP_K, row.length));
  const length = row.length;
  let max = -Infinity;
  for (let i = 0; i < length; i++) if ((row[i] as number) > max) max = row[i] as number;
  let sum = 0;
  for (let i = 0; i < length; i++) sum += Math.exp((row[i] as number) - max);
  const ids: number[] = [];
  const values: number[] = [];
  for (let id = 0; id < length && keep > 0; id++) {
    const value = row[id] as number;
    if (ids.length === keep && !(value > (values[keep - 1] as number))) continue;
    let at = ids.length;
    while (at > 0 && value > (values[at - 1] as number)) at--;
    ids.splice(at, 0, id);
    values.splice(at, 0, value);
    if (ids.length > keep) {
      ids.pop();
      values.pop();
    }
  }
  // A NaN logit makes every probability NaN: shown as such rather than hidden.
  return ids.map((id, i) => ({ id, probability: Math.exp((values[i] as number) - max) / sum }));
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
