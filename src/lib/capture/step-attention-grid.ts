// Every layer and head of one decode step at a glance: where the step's last query looks, one row per
// (layer, head), one column per key token. A cached step has one query ([1, heads, 1, past + 1]); the
// prefill reads the whole prompt ([1, heads, P, P]) and its last row is the one that chose the token.
import { attentionRow } from '../viewers/attention-matrix.ts';

export interface StepAttentionLayer {
  label: string;
  dims: readonly number[];
  data: ArrayLike<number>;
}

export interface StepAttentionGrid {
  /** "h 0 · head 1", one per row. */
  rows: string[];
  columns: number;
  /** rows × columns weights, row-major. */
  data: Float32Array;
  /** For each row, the key with the most weight. */
  strongest: number[];
}

/** The last query's row of every head of every layer, over the first `keys` keys. */
export function stepAttentionGrid(layers: readonly StepAttentionLayer[], keys: number): StepAttentionGrid {
  const rows: string[] = [];
  const weights: number[][] = [];
  for (const layer of layers) {
    const [, heads = 1, queries = 1, keyAxis = queries] = layer.dims;
    const columns = Math.min(keys, keyAxis);
    for (let head = 0; head < heads; head++) {
      rows.push(`${layer.label} · head ${head}`);
      weights.push(attentionRow(layer.data, layer.dims, 0, head, queries - 1, columns));
    }
  }
  const columns = Math.min(keys, ...weights.map((row) => row.length));
  const data = new Float32Array(rows.length * Math.max(0, columns));
  const strongest = weights.map((row, r) => {
    let best = 0;
    for (let k = 0; k < columns; k++) {
      data[r * columns + k] = row[k] ?? 0;
      if ((row[k] ?? 0) > (row[best] ?? 0)) best = k;
    }
    return best;
  });
  return { rows, columns: Math.max(0, columns), data, strongest };
}
