// QA span search and windows against transformers' QuestionAnsweringPipeline (select_starts_ends,
// decode_spans, the tokenizer's only_second truncation with a stride), on hand-made logits.
import { describe, expect, it } from 'vitest';
import {
  decodeSpans,
  findAnswers,
  spanScore,
  windowProbabilities,
} from '../../../../src/lib/tasks/question-answering/spans.ts';
import {
  buildWindows,
  defaultWindowPlan,
  readPairTemplate,
  type PieceSequence,
} from '../../../../src/lib/tasks/question-answering/windows.ts';
import {
  alignTokens,
  bertWords,
  wordIndices,
} from '../../../../src/lib/tasks/token-classification/token-offsets.ts';

const TEMPLATE = {
  before: [{ id: 101, token: '[CLS]' }],
  between: [{ id: 102, token: '[SEP]' }],
  after: [{ id: 102, token: '[SEP]' }],
  secondType: 1,
};

function pieces(text: string, tokens: string[]): PieceSequence {
  const spans = alignTokens(
    text,
    tokens,
    tokens.map(() => false),
  );
  return { ids: tokens.map((_, i) => 1000 + i), tokens, spans, words: wordIndices(spans, bertWords(text)) };
}

const QUESTION = pieces('Where was HuggingFace founded ?', [
  'where',
  'was',
  'hugging',
  '##face',
  'founded',
  '?',
]);
const CONTEXT_TEXT = 'HuggingFace was founded in Paris.';
const CONTEXT = pieces(CONTEXT_TEXT, ['hugging', '##face', 'was', 'founded', 'in', 'paris', '.']);

describe('buildWindows', () => {
  it('puts question and context in one window when they fit, with p_mask 0 on the context and [CLS]', () => {
    const [window, more] = buildWindows(QUESTION, CONTEXT, TEMPLATE, { maxSeqLen: 384, docStride: 128 }, 101);
    expect(more).toBeUndefined();
    expect(window?.tokens.slice(0, 9)).toEqual([
      '[CLS]',
      'where',
      'was',
      'hugging',
      '##face',
      'founded',
      '?',
      '[SEP]',
      'hugging',
    ]);
    expect(window?.typeIds).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(window?.pMask).toEqual([0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1]);
  });

  it('cuts a long context into windows that overlap by the stride, the last one ending at the end', () => {
    const tokens = Array.from({ length: 20 }, (_, i) => `w${i}`);
    const context = pieces(tokens.join(' '), tokens);
    // 16 tokens per window: 16 − 6 (question) − 3 (specials) = 7 context tokens, overlapping by 3.
    const windows = buildWindows(QUESTION, context, TEMPLATE, { maxSeqLen: 16, docStride: 3 }, 101);
    expect(windows.map((w) => [w.contextStart, w.contextLength])).toEqual([
      [0, 7],
      [4, 7],
      [8, 7],
      [12, 7],
      [16, 4],
    ]);
    expect(windows.every((w) => w.ids.length <= 16)).toBe(true);
  });

  it('refuses a question that leaves no more room than the stride', () => {
    const tokens = Array.from({ length: 40 }, (_, i) => `w${i}`);
    expect(() =>
      buildWindows(
        QUESTION,
        pieces(tokens.join(' '), tokens),
        TEMPLATE,
        { maxSeqLen: 16, docStride: 8 },
        101,
      ),
    ).toThrow(/question is 6 tokens long/);
  });

  it('uses the pipeline defaults: max_seq_len min(model, 384), doc_stride min(half, 128)', () => {
    expect(defaultWindowPlan(512)).toEqual({ maxSeqLen: 384, docStride: 128 });
    expect(defaultWindowPlan(64)).toEqual({ maxSeqLen: 64, docStride: 32 });
  });

  it('reads a pair template off an encoded pair', () => {
    const full = {
      ids: [0, 5, 6, 2, 2, 7, 2],
      tokens: ['<s>', 'a', 'b', '</s>', '</s>', 'c', '</s>'],
      typeIds: [0, 0, 0, 0, 0, 0, 0],
    };
    expect(readPairTemplate(full, [5, 6], [7])).toEqual({
      before: [{ id: 0, token: '<s>' }],
      between: [
        { id: 2, token: '</s>' },
        { id: 2, token: '</s>' },
      ],
      after: [{ id: 2, token: '</s>' }],
      secondType: 0,
    });
    expect(readPairTemplate(full, [9], [7])).toBeNull();
  });
});

describe('span search', () => {
  const [window] = buildWindows(QUESTION, CONTEXT, TEMPLATE, { maxSeqLen: 384, docStride: 128 }, 101);
  const length = window?.ids.length ?? 0;
  const logits = (hot: Record<number, number>) => Array.from({ length }, (_, i) => hot[i] ?? 0);

  it('masks question and special tokens out of the softmax and zeroes [CLS] after it', () => {
    const { start, nullScore } = windowProbabilities(
      logits({ 1: 50, 0: 2 }),
      logits({}),
      window?.pMask ?? [],
    );
    expect(start[1]).toBe(0); // a question token, however high its logit
    expect(start[0]).toBe(0);
    expect(nullScore).toBeGreaterThan(0);
    expect(start.reduce((a, b) => a + b, 0)).toBeLessThan(1);
  });

  it('finds "Paris." widened to the word “Paris” from token logits (transformers test_large_model_pt)', () => {
    // paris is token 13 of [CLS] q(6) [SEP] hugging ##face was founded in paris . [SEP].
    const [answer] = findAnswers(CONTEXT_TEXT, window ? [window] : [], [
      { start: logits({ 13: 8 }), end: logits({ 13: 8 }) },
    ]);
    expect(answer).toMatchObject({ start: 27, end: 32, answer: 'Paris', startToken: 13, endToken: 13 });
    expect(answer?.score).toBeGreaterThan(0.9);
  });

  it('widens a span that starts inside a word to the whole word (align_to_words)', () => {
    // ##face alone: the answer is the word HuggingFace.
    const [answer] = findAnswers(CONTEXT_TEXT, window ? [window] : [], [
      { start: logits({ 9: 9 }), end: logits({ 9: 9 }) },
    ]);
    expect(answer).toMatchObject({ start: 0, end: 11, answer: 'HuggingFace' });
  });

  it('never returns a span longer than max_answer_len or ending before it starts', () => {
    const start = [0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0];
    const end = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9, 0];
    const { start: ps, end: pe } = windowProbabilities(start, end, window?.pMask ?? []);
    const [best] = decodeSpans(ps, pe, window?.pMask ?? [], 1, 3);
    expect(best && best.end - best.start).toBeLessThanOrEqual(2);
    const all = decodeSpans(ps, pe, window?.pMask ?? [], 1000, 3);
    expect(all.every((span) => span.end >= span.start && span.end - span.start < 3)).toBe(true);
    expect(decodeSpans(ps, pe, window?.pMask ?? [], 1, 7)[0]).toMatchObject({ start: 8, end: 14 });
  });

  it('pools top_k over windows, sorted, and offers the empty answer only when asked', () => {
    const tokens = Array.from({ length: 12 }, (_, i) => `w${i}`);
    const text = tokens.join(' ');
    const windows = buildWindows(
      QUESTION,
      pieces(text, tokens),
      TEMPLATE,
      { maxSeqLen: 16, docStride: 3 },
      101,
    );
    expect(windows).toHaveLength(3); // [0, 7), [4, 11), [8, 12)
    const rows = windows.map((w, k) => ({
      start: w.ids.map((_, i) => (i === 9 + k ? 4 : 0)),
      end: w.ids.map((_, i) => (i === 9 + k ? 4 : 0)),
    }));
    const answers = findAnswers(text, windows, rows, {
      topK: 3,
      maxAnswerLen: 15,
      handleImpossibleAnswer: false,
    });
    expect(answers).toHaveLength(3);
    expect(answers.map((a) => a.score)).toEqual([...answers.map((a) => a.score)].sort((a, b) => b - a));
    const withNull = findAnswers(text, windows, rows, {
      topK: 1000,
      maxAnswerLen: 15,
      handleImpossibleAnswer: true,
    });
    expect(withNull.some((a) => a.answer === '' && a.start === 0 && a.end === 0)).toBe(true);
  });

  it('spanScore is the answer’s p_start · p_end', () => {
    const start = logits({ 13: 3, 10: 1 });
    const end = logits({ 13: 2 });
    const [answer] = findAnswers(CONTEXT_TEXT, window ? [window] : [], [{ start, end }]);
    expect(spanScore(start, end, window?.pMask ?? [], 13, 13)).toBeCloseTo(answer?.score ?? -1, 12);
  });
});
