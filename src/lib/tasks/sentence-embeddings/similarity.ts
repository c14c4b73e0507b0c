// Cosine similarity between sentence embeddings: the matrix for the sentences on screen, and the nearest
// neighbours of a query among all of them (what semantic search does).

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = Number(a[i]);
    const y = Number(b[i]);
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  // Two zero vectors have no direction: their similarity is 0, not NaN.
  const denominator = Math.sqrt(na) * Math.sqrt(nb);
  return denominator === 0 ? 0 : dot / denominator;
}

/** Row-major [n, n] cosine similarities. */
export function cosineMatrix(vectors: readonly ArrayLike<number>[]): number[][] {
  return vectors.map((a, i) => vectors.map((b, j) => (i === j && cosine(a, a) !== 0 ? 1 : cosine(a, b))));
}

export interface Neighbour {
  /** Index of the sentence among the embedded ones. */
  index: number;
  similarity: number;
}

/** The k most similar vectors to query, most similar first (ties: the earlier sentence first). */
export function nearestNeighbours(
  query: ArrayLike<number>,
  vectors: readonly ArrayLike<number>[],
  k: number,
): Neighbour[] {
  const scored = vectors.map((vector, index) => ({ index, similarity: cosine(query, vector) }));
  scored.sort((a, b) => b.similarity - a.similarity || a.index - b.index);
  return scored.slice(0, Math.max(0, k));
}
