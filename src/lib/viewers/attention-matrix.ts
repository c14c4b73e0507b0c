// Attention probabilities [N, heads, T, T] for the viewers: one head's (or the heads' mean) token-to-token
// matrix over the real tokens only, row sums (each query's weights over its keys), and the geometry of the
// bertviz-style lines between a query column and a key column.

/** The T×T matrix (row = query token, column = key token) of one head, or the mean of all heads. */
export function attentionMatrix(
  data: ArrayLike<number>,
  dims: readonly number[],
  batch: number,
  head: number | 'mean',
  tokens: number,
): Float32Array {
  const [, heads = 1, size = 1] = dims;
  const n = Math.max(0, Math.min(tokens, size));
  const matrix = new Float32Array(n * n);
  const first = head === 'mean' ? 0 : head;
  const last = head === 'mean' ? heads - 1 : head;
  for (let h = first; h <= last; h++) {
    const base = (batch * heads + h) * size * size;
    for (let q = 0; q < n; q++) {
      for (let k = 0; k < n; k++) {
        const index = q * n + k;
        matrix[index] = (matrix[index] as number) + (data[base + q * size + k] as number);
      }
    }
  }
  const headCount = last - first + 1;
  if (headCount > 1) for (let i = 0; i < matrix.length; i++) matrix[i] = (matrix[i] as number) / headCount;
  return matrix;
}

/**
 * Where one query token looks: its row of one head (or the heads' mean) over the first `tokens` keys. The
 * text view's attention panel shows row 0, [CLS], whose last-layer state the classifier reads. dims may be
 * [N, heads, queries, keys] with fewer queries than keys: a decoder's cached step has one query.
 */
export function attentionRow(
  data: ArrayLike<number>,
  dims: readonly number[],
  batch: number,
  head: number | 'mean',
  query: number,
  tokens: number,
): number[] {
  const [, heads = 1, queries = 1, keys = queries] = dims;
  const n = Math.max(0, Math.min(tokens, keys));
  const row = new Array<number>(n).fill(0);
  if (query < 0 || query >= queries) return row;
  const first = head === 'mean' ? 0 : head;
  const last = head === 'mean' ? heads - 1 : head;
  for (let h = first; h <= last; h++) {
    const base = ((batch * heads + h) * queries + query) * keys;
    for (let k = 0; k < n; k++) row[k] = (row[k] as number) + (data[base + k] as number);
  }
  const headCount = last - first + 1;
  return headCount > 1 ? row.map((weight) => weight / headCount) : row;
}

export function rowSums(matrix: ArrayLike<number>, n: number): number[] {
  return Array.from({ length: n }, (_, row) => {
    let sum = 0;
    for (let column = 0; column < n; column++) sum += matrix[row * n + column] as number;
    return sum;
  });
}

export interface AttentionLine {
  query: number;
  key: number;
  weight: number;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface LinesGeometry {
  /** x of the query column's right edge and of the key column's left edge. */
  queryX: number;
  keyX: number;
  /** y of the first token's centre and the distance between tokens. */
  top: number;
  rowHeight: number;
}

/** Weights below this are not drawn: they would be invisible and only cost time. */
export const MIN_LINE_WEIGHT = 0.01;

/** One line per (query, key) pair whose weight is at least minWeight, heaviest last (drawn on top). */
export function attentionLines(
  matrix: ArrayLike<number>,
  n: number,
  geometry: LinesGeometry,
  minWeight = MIN_LINE_WEIGHT,
): AttentionLine[] {
  const lines: AttentionLine[] = [];
  for (let query = 0; query < n; query++) {
    for (let key = 0; key < n; key++) {
      const weight = matrix[query * n + key] as number;
      if (!(weight >= minWeight)) continue;
      lines.push({
        query,
        key,
        weight: Math.min(1, weight),
        x1: geometry.queryX,
        y1: geometry.top + query * geometry.rowHeight,
        x2: geometry.keyX,
        y2: geometry.top + key * geometry.rowHeight,
      });
    }
  }
  return lines.sort((a, b) => a.weight - b.weight);
}

/** The token a person points at (hover or keyboard focus): only its lines stay. */
export type LinesFocus = { side: 'query' | 'key'; index: number } | null;

export function focusedLines(lines: readonly AttentionLine[], focus: LinesFocus): readonly AttentionLine[] {
  if (!focus) return lines;
  return lines.filter((line) => (focus.side === 'query' ? line.query : line.key) === focus.index);
}
