// Start and end logits → the best answer spans, as Hugging Face's QuestionAnsweringPipeline finds them
// (transformers/pipelines/question_answering.py: select_starts_ends, decode_spans, postprocess): per
// window, tokens that cannot answer (p_mask 1, padding) get logit −10000, start and end are softmaxed,
// [CLS] is then zeroed, a span's score is p_start · p_end with start ≤ end < start + max_answer_len, the
// top_k of each window are pooled and sorted, and each span widens to whole words (align_to_words).

import type { QaWindow } from './windows.ts';

export interface SpanSettings {
  topK: number;
  maxAnswerLen: number;
  /** Also offer the empty answer, scored p_start([CLS]) · p_end([CLS]) (the pipeline's default is false). */
  handleImpossibleAnswer: boolean;
}

export const DEFAULT_SPAN_SETTINGS: SpanSettings = {
  topK: 1,
  maxAnswerLen: 15,
  handleImpossibleAnswer: false,
};

export interface TokenSpanScore {
  start: number;
  end: number;
  score: number;
}

export interface Answer {
  score: number;
  /** Character offsets in the context, end exclusive (0, 0 for the empty answer). */
  start: number;
  end: number;
  answer: string;
  /** The window it came from and its tokens there (−1 for the empty answer). */
  window: number;
  startToken: number;
  endToken: number;
}

function softmax(values: readonly number[]): number[] {
  const max = Math.max(...values);
  const exps = values.map((value) => Math.exp(value - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((value) => value / sum);
}

/** Start and end probabilities of one window, non-answer tokens pushed to −10000 first. */
export function windowProbabilities(
  startLogits: readonly number[],
  endLogits: readonly number[],
  pMask: readonly number[],
): { start: number[]; end: number[]; nullScore: number } {
  const masked = (logits: readonly number[]) =>
    logits.map((value, i) => ((pMask[i] ?? 1) === 1 ? -10000 : value));
  const start = softmax(masked(startLogits));
  const end = softmax(masked(endLogits));
  const nullScore = (start[0] ?? 0) * (end[0] ?? 0);
  start[0] = 0;
  end[0] = 0;
  return { start, end, nullScore };
}

/**
 * The topK spans of one window: desired start and end (p_mask 0), start ≤ end ≤ start + maxAnswerLen − 1,
 * by p_start · p_end, largest first (ties keep the lower start, then the lower end).
 */
export function decodeSpans(
  start: readonly number[],
  end: readonly number[],
  pMask: readonly number[],
  topK: number,
  maxAnswerLen: number,
): TokenSpanScore[] {
  const candidates: TokenSpanScore[] = [];
  for (let s = 0; s < start.length; s++) {
    if ((pMask[s] ?? 1) !== 0) continue;
    const last = Math.min(end.length - 1, s + maxAnswerLen - 1);
    for (let e = s; e <= last; e++) {
      if ((pMask[e] ?? 1) !== 0) continue;
      candidates.push({ start: s, end: e, score: (start[s] ?? 0) * (end[e] ?? 0) });
    }
  }
  candidates.sort((a, b) => b.score - a.score || a.start - b.start || a.end - b.end);
  return candidates.slice(0, topK);
}

/** Character span of token positions s..e in the context, widened to whole words (word_to_chars). */
export function spanCharacters(
  window: QaWindow,
  s: number,
  e: number,
  alignToWords = true,
): { start: number; end: number } {
  const spanStart = window.spans[s]?.start ?? 0;
  const spanEnd = window.spans[e]?.end ?? spanStart;
  const startWord = window.words[s];
  const endWord = window.words[e];
  if (
    !alignToWords ||
    startWord === null ||
    startWord === undefined ||
    endWord === null ||
    endWord === undefined
  ) {
    return { start: spanStart, end: spanEnd };
  }
  let start = spanStart;
  let end = spanEnd;
  window.words.forEach((word, i) => {
    const span = window.spans[i];
    if (span?.start == null || span.end == null) return;
    if (word === startWord) start = Math.min(start, span.start);
    if (word === endWord) end = Math.max(end, span.end);
  });
  return { start, end };
}

/**
 * The answers over every window of one question: each window's topK spans, pooled, sorted by score and
 * cut to topK; with handleImpossibleAnswer the empty answer competes with the lowest null score.
 */
export function findAnswers(
  context: string,
  windows: readonly QaWindow[],
  logits: ReadonlyArray<{ start: readonly number[]; end: readonly number[] }>,
  settings: SpanSettings = DEFAULT_SPAN_SETTINGS,
): Answer[] {
  const answers: Answer[] = [];
  let minNullScore = 1_000_000;
  windows.forEach((window, w) => {
    const row = logits[w];
    if (!row) return;
    const { start, end, nullScore } = windowProbabilities(row.start, row.end, window.pMask);
    minNullScore = Math.min(minNullScore, nullScore);
    for (const span of decodeSpans(start, end, window.pMask, settings.topK, settings.maxAnswerLen)) {
      const chars = spanCharacters(window, span.start, span.end);
      answers.push({
        score: span.score,
        ...chars,
        answer: context.slice(chars.start, chars.end),
        window: w,
        startToken: span.start,
        endToken: span.end,
      });
    }
  });
  if (settings.handleImpossibleAnswer) {
    answers.push({
      score: minNullScore,
      start: 0,
      end: 0,
      answer: '',
      window: -1,
      startToken: -1,
      endToken: -1,
    });
  }
  // A stable sort: equal scores keep window order, as Python's sorted does.
  return answers.sort((a, b) => b.score - a.score).slice(0, settings.topK);
}

/** p_start(s) · p_end(e) of one window's logits: the answer's score, recomputed on an occluded input. */
export function spanScore(
  startLogits: readonly number[],
  endLogits: readonly number[],
  pMask: readonly number[],
  s: number,
  e: number,
): number {
  const { start, end } = windowProbabilities(startLogits, endLogits, pMask);
  return (start[s] ?? 0) * (end[e] ?? 0);
}
