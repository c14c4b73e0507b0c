// A masked LM's logits → the fillers of each mask, as Hugging Face's fill-mask pipeline gives them: at each
// position holding the mask token, a softmax over the vocabulary and the top k tokens with their
// probabilities. Several masks are predicted independently, each from the same single run (the pipeline
// does the same: it does not fill one mask and then predict the next).
import { softmax } from '../text-classification/postprocess.ts';

export interface Filler {
  id: number;
  /** The vocabulary's token ("heavens", "##s", "Ġword"). */
  token: string;
  /** How the token reads in text (fillerText). */
  text: string;
  probability: number;
  logit: number;
}

export interface MaskFillers {
  /** The mask's index in the token sequence ([CLS] is 0). */
  position: number;
  fillers: Filler[];
}

/** Fillers shown per mask unless asked otherwise (the pipeline's top_k default). */
export const DEFAULT_TOP_K = 5;
/** Most fillers a run returns per mask: enough for the view's list, bounded for the worker's answer. */
export const MAX_TOP_K = 50;

/** The positions of ids that are the mask token, in order. */
export function maskPositions(ids: readonly number[], maskId: number): number[] {
  const positions: number[] = [];
  ids.forEach((id, i) => {
    if (id === maskId) positions.push(i);
  });
  return positions;
}

/** The k largest entries of probabilities (ties: lower id first), best first. */
export function topIndices(values: ArrayLike<number>, k: number): number[] {
  const best: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const value = values[i] ?? -Infinity;
    if (best.length === k && value <= (values[best[k - 1] as number] ?? -Infinity)) continue;
    let at = best.length;
    while (at > 0 && value > (values[best[at - 1] as number] ?? -Infinity)) at--;
    best.splice(at, 0, i);
    if (best.length > k) best.pop();
  }
  return best;
}

/**
 * The fillers of every mask in one sequence. logits: the first output for this sequence, row-major
 * [sequence, vocabulary]; tokenOf names an id.
 */
export function fillMasks(
  logits: ArrayLike<number>,
  vocabulary: number,
  positions: readonly number[],
  tokenOf: (id: number) => string,
  topK = DEFAULT_TOP_K,
): MaskFillers[] {
  const k = Math.max(1, Math.min(MAX_TOP_K, Math.floor(topK), vocabulary));
  return positions.map((position) => {
    const row = rowAt(logits, vocabulary, position);
    const probabilities = softmax(row);
    const fillers = topIndices(probabilities, k).map((id) => {
      const token = tokenOf(id);
      return { id, token, text: fillerText(token), probability: probabilities[id] ?? 0, logit: row[id] ?? 0 };
    });
    return { position, fillers };
  });
}

/** One position's logits out of a row-major [sequence, vocabulary] block. */
export function rowAt(logits: ArrayLike<number>, vocabulary: number, position: number): number[] {
  const start = position * vocabulary;
  if (start + vocabulary > logits.length) {
    throw new RangeError(`No logits at position ${position}: the output holds ${logits.length} values.`);
  }
  return Array.from({ length: vocabulary }, (_, i) => logits[start + i] ?? 0);
}

/** The probabilities of ids at one position (what an occlusion compares across variants). */
export function probabilitiesOf(
  logits: ArrayLike<number>,
  vocabulary: number,
  position: number,
  ids: readonly number[],
): number[] {
  const probabilities = softmax(rowAt(logits, vocabulary, position));
  return ids.map((id) => probabilities[id] ?? 0);
}

/** Word-start marks of byte-level BPE (Ġ) and SentencePiece (▁); WordPiece marks continuations (##). */
const WORD_START = /^[\u0120\u2581]/;

/** How a filler token reads: without WordPiece's ## or the word-start marks of BPE and SentencePiece. */
export function fillerText(token: string): string {
  if (token.startsWith('##') && token.length > 2) return token.slice(2);
  return token.replace(WORD_START, '');
}

/** Whether a filler continues the word before it (WordPiece's ##ing) instead of starting a word. */
export function continuesWord(token: string): boolean {
  return token.startsWith('##') && token.length > 2;
}
