// Token attributions by occlusion (pure): the variants of a token sequence with one token, or a run of
// neighbouring tokens, hidden, and the attribution of each token from the model's probabilities on them:
// attribution = p(label | original) − p(label | occluded). No model here: the caller runs the variants.

export interface TokenSequenceIds {
  ids: readonly number[];
  tokens: readonly string[];
}

/** The token that stands in for a hidden one ([MASK]); null when the vocabulary has none (then removed). */
export interface MaskToken {
  id: number;
  token: string;
}

export interface OcclusionVariant {
  ids: number[];
  tokens: string[];
  /** Positions (in the original sequence) this variant hides. */
  hidden: number[];
}

/** Window sizes: 1 alone is leave-one-out; 1, 2 and 3 also feed the smoothed attribution. */
export const LEAVE_ONE_OUT: readonly number[] = [1];
export const SMOOTHING_WINDOWS: readonly number[] = [1, 2, 3];

/**
 * One variant per window of `size` consecutive explainable positions, for each size in windows. A hidden
 * position becomes mask (same length, so no padding), or is dropped when mask is null. Special tokens
 * ([CLS], [SEP]) are never hidden: explainable[i] false. Windows never span a special token.
 */
export function occlusionVariants(
  sequence: TokenSequenceIds,
  explainable: readonly boolean[],
  windows: readonly number[],
  mask: MaskToken | null,
): OcclusionVariant[] {
  const variants: OcclusionVariant[] = [];
  const length = sequence.ids.length;
  for (const size of windows) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`window size must be ≥ 1, got ${size}`);
    for (let start = 0; start + size <= length; start++) {
      const hidden = Array.from({ length: size }, (_, k) => start + k);
      if (!hidden.every((position) => explainable[position] === true)) continue;
      variants.push(hide(sequence, hidden, mask));
    }
  }
  return variants;
}

function hide(sequence: TokenSequenceIds, hidden: number[], mask: MaskToken | null): OcclusionVariant {
  const ids: number[] = [];
  const tokens: string[] = [];
  const set = new Set(hidden);
  sequence.ids.forEach((id, position) => {
    if (!set.has(position)) {
      ids.push(id);
      tokens.push(sequence.tokens[position] ?? '');
    } else if (mask) {
      ids.push(mask.id);
      tokens.push(mask.token);
    }
  });
  return { ids, tokens, hidden };
}

export interface TokenAttributions {
  /** [label][position]: p(label | original) − p(label | that token hidden); 0 where not explainable. */
  leaveOneOut: number[][];
  /**
   * [label][position]: the mean, over every window (1 to 3 tokens) that hides the position, of the window's
   * drop shared equally among its tokens. Null when only single tokens were occluded.
   */
  smoothed: number[][] | null;
}

/**
 * original: the probabilities of the unchanged sequence, one per label. variantProbabilities[v]: the
 * probabilities of variants[v]. length: positions of the original sequence.
 */
export function attributionsFromRuns(
  original: readonly number[],
  variants: readonly OcclusionVariant[],
  variantProbabilities: readonly (readonly number[])[],
  length: number,
): TokenAttributions {
  if (variants.length !== variantProbabilities.length) {
    throw new RangeError(`${variants.length} variants but ${variantProbabilities.length} probability rows`);
  }
  const labels = original.length;
  const zeros = (): number[][] => Array.from({ length: labels }, () => new Array<number>(length).fill(0));
  const leaveOneOut = zeros();
  const shared = zeros();
  const coverage = new Array<number>(length).fill(0);
  let smoothing = false;
  variants.forEach((variant, v) => {
    const row = variantProbabilities[v] ?? [];
    const size = variant.hidden.length;
    if (size > 1) smoothing = true;
    for (let label = 0; label < labels; label++) {
      const drop = (original[label] ?? 0) - (row[label] ?? 0);
      for (const position of variant.hidden) {
        if (size === 1) (leaveOneOut[label] as number[])[position] = drop;
        (shared[label] as number[])[position] = ((shared[label] as number[])[position] ?? 0) + drop / size;
      }
    }
    for (const position of variant.hidden) coverage[position] = (coverage[position] ?? 0) + 1;
  });
  const smoothed = smoothing
    ? shared.map((row) =>
        row.map((sum, position) => (coverage[position] ? sum / (coverage[position] ?? 1) : 0)),
      )
    : null;
  return { leaveOneOut, smoothed };
}

/** Positions ranked by attribution toward one label, largest first (ties keep sequence order). */
export function rankPositions(attributions: readonly number[], explainable: readonly boolean[]): number[] {
  return attributions
    .map((value, position) => ({ value, position }))
    .filter(({ position }) => explainable[position] === true)
    .sort((a, b) => b.value - a.value || a.position - b.position)
    .map(({ position }) => position);
}
