// What a causal language model's next-token logits become before a token is picked: repetition penalty,
// then (when sampling) temperature, top-k and top-p, in the order transformers' generate() applies them.
// Each step also keeps the top candidates before and after that processing, which the page shows.

export type DecodingMode = 'greedy' | 'sample';

export interface SamplingSettings {
  mode: DecodingMode;
  /** Divides the logits when sampling; > 0. 1 leaves them as they are. */
  temperature: number;
  /** Keep only the k most likely tokens when sampling; 0 keeps all. */
  topK: number;
  /** Keep the smallest set of most likely tokens whose probabilities sum to at least p; 1 keeps all. */
  topP: number;
  /** > 1 makes tokens already in the text less likely (CTRL's penalty, as transformers applies it). */
  repetitionPenalty: number;
}

export interface Candidate {
  id: number;
  probability: number;
}

export interface ProcessedLogits {
  /** Probabilities after processing, one per vocabulary entry (0 for tokens filtered out). */
  probabilities: Float64Array;
  /** Top candidates of the model's own distribution (softmax of the raw logits). */
  before: Candidate[];
  /** Top candidates after processing, as the token is picked from them. */
  after: Candidate[];
  /** The vocabulary index of the first NaN logit, or -1: a model that returns NaN cannot go on. */
  firstNaN: number;
}

/** How many candidates a step keeps for the page. */
export const CANDIDATES_KEPT = 20;

/** The first NaN in logits, or -1. */
export function firstNaNIndex(logits: ArrayLike<number>): number {
  for (let i = 0; i < logits.length; i++) if (Number.isNaN(logits[i]!)) return i;
  return -1;
}

/** softmax in float64, stable (max subtracted); -Infinity logits get probability 0. */
export function softmax(logits: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) if (logits[i]! > max) max = logits[i]!;
  const out = new Float64Array(logits.length);
  if (max === -Infinity) return out;
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    const e = Math.exp(logits[i]! - max);
    out[i] = e;
    sum += e;
  }
  for (let i = 0; i < out.length; i++) out[i]! /= sum;
  return out;
}

/**
 * The n largest values' indices, largest first, ties by lower index (so the order is the same on every
 * machine). One pass with a small sorted buffer: O(V·n) worst case, O(V) on real logits.
 */
export function topIndices(values: ArrayLike<number>, n: number): number[] {
  const kept: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    if (kept.length === n && v <= values[kept[n - 1]!]!) continue;
    let at = kept.length;
    while (at > 0 && values[kept[at - 1]!]! < v) at--;
    kept.splice(at, 0, i);
    if (kept.length > n) kept.pop();
  }
  return kept;
}

function candidates(probabilities: Float64Array, n: number): Candidate[] {
  return topIndices(probabilities, n).map((id) => ({ id, probability: probabilities[id]! }));
}

/** CTRL's repetition penalty: each token already seen has its logit divided (or, if negative, multiplied). */
export function applyRepetitionPenalty(
  logits: Float64Array,
  previousIds: readonly number[],
  penalty: number,
): void {
  if (penalty === 1) return;
  for (const id of new Set(previousIds)) {
    if (id < 0 || id >= logits.length) continue;
    const value = logits[id]!;
    logits[id] = value < 0 ? value * penalty : value / penalty;
  }
}

/** Sets every logit below the k-th largest to -Infinity (ties with the k-th are kept, as transformers does). */
export function applyTopK(logits: Float64Array, k: number): void {
  if (k <= 0 || k >= logits.length) return;
  const threshold = logits[topIndices(logits, k)[k - 1]!]!;
  for (let i = 0; i < logits.length; i++) if (logits[i]! < threshold) logits[i] = -Infinity;
}

/**
 * Nucleus filtering: keeps the most likely tokens, in order, until their probabilities sum to at least p
 * (the token that crosses p is kept; at least one token always is); the rest get -Infinity.
 */
export function applyTopP(logits: Float64Array, p: number): void {
  if (p >= 1) return;
  const probabilities = softmax(logits);
  const order: number[] = [];
  for (let i = 0; i < probabilities.length; i++) if (probabilities[i]! > 0) order.push(i);
  order.sort((a, b) => probabilities[b]! - probabilities[a]! || a - b);
  let cumulative = 0;
  let keep = 0;
  while (keep < order.length) {
    cumulative += probabilities[order[keep]!]!;
    keep++;
    if (cumulative >= p) break;
  }
  for (let i = keep; i < order.length; i++) logits[order[i]!] = -Infinity;
}

/** The full processing of one step's logits, with the candidates before and after it. */
export function processLogits(
  logits: ArrayLike<number>,
  previousIds: readonly number[],
  settings: SamplingSettings,
  kept = CANDIDATES_KEPT,
): ProcessedLogits {
  const firstNaN = firstNaNIndex(logits);
  const raw = Float64Array.from(logits);
  const beforeProbabilities = softmax(raw);
  const before = candidates(beforeProbabilities, kept);
  // Greedy without a penalty changes nothing: the same distribution, computed once (a decode step of a
  // small model is a few ms; a second softmax and top-20 over the vocabulary were a visible part of it).
  if (settings.mode === 'greedy' && settings.repetitionPenalty === 1) {
    return { probabilities: beforeProbabilities, before, after: before.map((c) => ({ ...c })), firstNaN };
  }
  const processed = Float64Array.from(raw);
  applyRepetitionPenalty(processed, previousIds, settings.repetitionPenalty);
  if (settings.mode === 'sample') {
    if (settings.temperature !== 1) {
      for (let i = 0; i < processed.length; i++) processed[i]! /= settings.temperature;
    }
    applyTopK(processed, settings.topK);
    applyTopP(processed, settings.topP);
  }
  const probabilities = softmax(processed);
  return {
    probabilities,
    before,
    after: candidates(probabilities, kept),
    firstNaN,
  };
}

/**
 * The token picked: the most likely one (lowest id on a tie) when greedy; else a draw from the processed
 * distribution with one number of a seeded generator, so the same seed gives the same token.
 */
export function pickToken(processed: ProcessedLogits, mode: DecodingMode, random: () => number): number {
  const { probabilities } = processed;
  // The first candidate is the top-1 (same tie rule: lower id first), found already.
  if (mode === 'greedy') return processed.after[0]?.id ?? topIndices(probabilities, 1)[0] ?? 0;
  const u = random();
  let cumulative = 0;
  let last = 0;
  for (let id = 0; id < probabilities.length; id++) {
    const probability = probabilities[id]!;
    if (probability <= 0) continue;
    cumulative += probability;
    last = id;
    if (u < cumulative) return id;
  }
  // u falls beyond a sum that rounding left just under 1: the last possible token.
  return last;
}
