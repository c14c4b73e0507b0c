// A logit-lens cell's candidates: token ids with their probabilities (softmax over the whole vocabulary,
// computed in the lens variant's graph; see lens-variant.ts).

export interface LensCandidate {
  id: number;
  probability: number;
}

/** The most candidates a lens cell keeps: the grid shows a handful, and every cell crosses the worker. */
export const MAX_LENS_TOP_K = 5;
