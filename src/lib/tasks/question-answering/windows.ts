// A question and a context → the sequences an extractive QA model reads, as Hugging Face's
// QuestionAnsweringPipeline builds them: [CLS] question [SEP] context [SEP] (the tokenizer's own pair
// template), the context cut into overlapping windows when the whole does not fit: max_seq_len tokens
// per window (the model's limit, at most 384), consecutive windows sharing doc_stride context tokens
// (min(max_seq_len / 2, 128)), as the tokenizer's truncation "only_second" with a stride does.

import { GlassboxError } from '../../errors.ts';
import type { TokenSpan } from '../token-classification/token-offsets.ts';

/** A text's tokens without special tokens, with their offsets and words in that text. */
export interface PieceSequence {
  ids: readonly number[];
  tokens: readonly string[];
  spans: readonly TokenSpan[];
  words: ReadonlyArray<number | null>;
}

/** The special tokens around and between the two texts: before, between, after (BERT: [CLS] / [SEP] / [SEP]). */
export interface PairTemplate {
  before: ReadonlyArray<{ id: number; token: string }>;
  between: ReadonlyArray<{ id: number; token: string }>;
  after: ReadonlyArray<{ id: number; token: string }>;
  /** token_type_ids of the second text and of the special tokens after it (BERT: 1). */
  secondType: number;
}

export interface QaWindow {
  ids: number[];
  tokens: string[];
  typeIds: number[];
  /** 1 where the token cannot be part of an answer (question, special tokens), 0 on the context and [CLS]. */
  pMask: number[];
  /** Offsets in the context for context tokens, null elsewhere. */
  spans: TokenSpan[];
  /** The context word of each token (bertWords of the context), null outside the context. */
  words: Array<number | null>;
  /** The template's tokens ([CLS], [SEP]): never hidden by an explanation. */
  special: boolean[];
  /** First context token of this window, as an index into the whole context's tokens. */
  contextStart: number;
  /** The context tokens this window holds. */
  contextLength: number;
}

export interface WindowPlan {
  maxSeqLen: number;
  docStride: number;
}

/** The pipeline's defaults: max_seq_len = min(model_max_length, 384), doc_stride = min(max_seq_len / 2, 128). */
export function defaultWindowPlan(modelMaxLength: number): WindowPlan {
  const maxSeqLen = Math.min(modelMaxLength, 384);
  return { maxSeqLen, docStride: Math.min(Math.floor(maxSeqLen / 2), 128) };
}

/**
 * The windows over a context: one when question + context fit, else windows of (max_seq_len − question −
 * specials) context tokens, each starting that many minus doc_stride after the one before; the last ends at
 * the context's end. Throws a typed error when the question leaves no more room than the stride.
 */
export function buildWindows(
  question: PieceSequence,
  context: PieceSequence,
  template: PairTemplate,
  plan: WindowPlan,
  clsId: number | null,
): QaWindow[] {
  const specials = template.before.length + template.between.length + template.after.length;
  const room = plan.maxSeqLen - question.ids.length - specials;
  const total = context.ids.length;
  const ranges: Array<[number, number]> = [];
  if (total <= room) {
    ranges.push([0, total]);
  } else {
    if (room <= plan.docStride) {
      throw new GlassboxError({
        code: 'empty-input',
        message: `The question is ${question.ids.length} tokens long: with it, a window of ${plan.maxSeqLen} tokens leaves ${Math.max(0, room)} for the context, not more than the ${plan.docStride}-token overlap between windows.`,
        remedy: 'Ask a shorter question.',
      });
    }
    const step = room - plan.docStride;
    for (let start = 0; ; start += step) {
      const stop = Math.min(start + room, total);
      ranges.push([start, stop]);
      if (stop === total) break;
    }
  }
  return ranges.map(([start, stop]) => {
    const window: QaWindow = {
      ids: [],
      tokens: [],
      typeIds: [],
      pMask: [],
      spans: [],
      words: [],
      special: [],
      contextStart: start,
      contextLength: stop - start,
    };
    const push = (
      id: number,
      token: string,
      type: number,
      mask: number,
      span: TokenSpan,
      word: number | null,
      special = false,
    ) => {
      window.special.push(special);
      window.ids.push(id);
      window.tokens.push(token);
      window.typeIds.push(type);
      // The pipeline keeps [CLS] unmasked (some models point at it for "no answer").
      window.pMask.push(id === clsId ? 0 : mask);
      window.spans.push(span);
      window.words.push(word);
    };
    const none = { start: null, end: null };
    for (const special of template.before) push(special.id, special.token, 0, 1, none, null, true);
    question.ids.forEach((id, i) => push(id, question.tokens[i] ?? '', 0, 1, none, null));
    for (const special of template.between) push(special.id, special.token, 0, 1, none, null, true);
    for (let i = start; i < stop; i++) {
      push(
        context.ids[i] ?? 0,
        context.tokens[i] ?? '',
        template.secondType,
        0,
        context.spans[i] ?? none,
        context.words[i] ?? null,
      );
    }
    for (const special of template.after) {
      push(special.id, special.token, template.secondType, 1, none, null, true);
    }
    return window;
  });
}

/**
 * The pair template of a tokenizer, read off one pair it encoded: full is the pair's ids with special
 * tokens, first and second each text's ids without. Null when full is not before + first + between +
 * second + after.
 */
export function readPairTemplate(
  full: { ids: readonly number[]; tokens: readonly string[]; typeIds: readonly number[] },
  first: readonly number[],
  second: readonly number[],
): PairTemplate | null {
  const matchesAt = (ids: readonly number[], at: number): boolean =>
    ids.every((id, k) => full.ids[at + k] === id);
  for (let before = 0; before <= 2; before++) {
    if (!matchesAt(first, before)) continue;
    const afterFirst = before + first.length;
    for (let between = 0; between <= 3; between++) {
      const secondAt = afterFirst + between;
      if (!matchesAt(second, secondAt)) continue;
      const after = full.ids.length - secondAt - second.length;
      if (after < 0 || after > 2) continue;
      const slice = (from: number, to: number) =>
        Array.from({ length: to - from }, (_, k) => ({
          id: full.ids[from + k] ?? 0,
          token: full.tokens[from + k] ?? '',
        }));
      return {
        before: slice(0, before),
        between: slice(afterFirst, secondAt),
        after: slice(secondAt + second.length, full.ids.length),
        secondType: full.typeIds[full.ids.length - 1] ?? 0,
      };
    }
  }
  return null;
}
