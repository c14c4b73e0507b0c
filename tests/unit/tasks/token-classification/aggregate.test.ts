// Entity aggregation against transformers' own pipeline tests (tests/pipelines/
// test_pipelines_token_classification.py): the same pre-entities, the same expected entities.
import { describe, expect, it } from 'vitest';
import {
  aggregateEntities,
  bioTag,
  entityScore,
  joinWordPieces,
  softmaxRows,
  type AggregationStrategy,
  type TokenizedText,
} from '../../../../src/lib/tasks/token-classification/aggregate.ts';
import { alignTokens } from '../../../../src/lib/tasks/token-classification/token-offsets.ts';

const CONLL = ['O', 'B-MISC', 'I-MISC', 'B-PER', 'I-PER', 'B-ORG', 'I-ORG', 'B-LOC', 'I-LOC'];

/** The pipeline test's pre-entities as a tokenized text: [CLS] at 0, pieces at their index, [SEP] last. */
function example(
  text: string,
  pieces: Array<{ word: string; index: number; start: number; end: number; scores: number[] }>,
): { input: TokenizedText; probabilities: number[][] } {
  const length = Math.max(...pieces.map((piece) => piece.index)) + 2;
  const labels = pieces[0]?.scores.length ?? 0;
  const tokens: string[] = Array.from({ length }, (_, i) =>
    i === 0 ? '[CLS]' : i === length - 1 ? '[SEP]' : 'x',
  );
  const special = tokens.map((_, i) => i === 0 || i === length - 1);
  const spans = tokens.map(() => ({ start: null as number | null, end: null as number | null }));
  const probabilities = tokens.map(() => new Array<number>(labels).fill(0));
  // Positions between the pieces (the test leaves them out): special, so they are skipped like [CLS].
  for (let i = 1; i < length - 1; i++) special[i] = !pieces.some((piece) => piece.index === i);
  for (const piece of pieces) {
    tokens[piece.index] = piece.word;
    spans[piece.index] = { start: piece.start, end: piece.end };
    probabilities[piece.index] = piece.scores;
  }
  return { input: { text, ids: tokens.map((_, i) => i + 1000), tokens, special, spans }, probabilities };
}

function run(
  strategy: AggregationStrategy,
  { input, probabilities }: ReturnType<typeof example>,
  labels: readonly string[],
) {
  return aggregateEntities(input, probabilities, labels, {
    strategy,
    subwordRule: 'prefix',
    unknownId: null,
    joinTokens: (tokens) => joinWordPieces(tokens),
  }).map(({ label, score, word, start, end }) => ({
    label,
    score: Number(score.toFixed(3)),
    word,
    start,
    end,
  }));
}

describe('aggregateEntities (transformers test_aggregation_strategy)', () => {
  // "Enzo works at the UN": En ##zo I-PER, UN B-ORG.
  const enzo = example('Enzo works at UN', [
    { word: 'En', index: 1, start: 0, end: 2, scores: [0, 0, 0, 0, 0.9968166351318359, 0, 0, 0, 0] },
    { word: '##zo', index: 2, start: 2, end: 4, scores: [0, 0, 0, 0, 0.9957635998725891, 0, 0, 0, 0] },
    { word: 'UN', index: 7, start: 14, end: 16, scores: [0, 0, 0, 0, 0, 0.9986497163772583, 0, 0, 0] },
  ]);

  it('none: one entity per token with its own label', () => {
    expect(run('none', enzo, CONLL)).toEqual([
      { label: 'I-PER', score: 0.997, word: 'En', start: 0, end: 2 },
      { label: 'I-PER', score: 0.996, word: '##zo', start: 2, end: 4 },
      { label: 'B-ORG', score: 0.999, word: 'UN', start: 14, end: 16 },
    ]);
  });

  it.each([
    ['simple', 0.996],
    ['first', 0.997],
    ['max', 0.997],
    ['average', 0.996],
  ] as const)('%s: Enzo as PER (%s), UN as ORG', (strategy, score) => {
    expect(run(strategy, enzo, CONLL)).toEqual([
      { label: 'PER', score, word: 'Enzo', start: 0, end: 4 },
      { label: 'ORG', score: 0.999, word: 'UN', start: 14, end: 16 },
    ]);
  });
});

describe('aggregateEntities (transformers test_aggregation_strategy_example2)', () => {
  const labels = [...CONLL, 'X'];
  const ramazotti = example('Ramazotti', [
    { word: 'Ra', index: 1, start: 0, end: 2, scores: [0, 0.55, 0, 0.45, 0, 0, 0, 0, 0, 0] },
    { word: '##ma', index: 2, start: 2, end: 4, scores: [0, 0, 0, 0.2, 0, 0, 0, 0.8, 0, 0] },
    { word: '##zotti', index: 3, start: 4, end: 9, scores: [0, 0, 0, 0.4, 0, 0, 0.6, 0, 0, 0] },
  ]);

  it('none keeps each piece’s label', () => {
    expect(run('none', ramazotti, labels).map((entity) => entity.label)).toEqual([
      'B-MISC',
      'B-LOC',
      'I-ORG',
    ]);
  });
  it('first takes the first piece’s label: MISC 0.55', () => {
    expect(run('first', ramazotti, labels)).toEqual([
      { label: 'MISC', score: 0.55, word: 'Ramazotti', start: 0, end: 9 },
    ]);
  });
  it('max takes the most confident piece: LOC 0.8', () => {
    expect(run('max', ramazotti, labels)).toEqual([
      { label: 'LOC', score: 0.8, word: 'Ramazotti', start: 0, end: 9 },
    ]);
  });
  it('average takes the label of the averaged scores, which no piece chose: PER 0.35', () => {
    expect(run('average', ramazotti, labels)).toEqual([
      { label: 'PER', score: 0.35, word: 'Ramazotti', start: 0, end: 9 },
    ]);
  });
});

describe('aggregateEntities (transformers test_aggregation_strategy_no_b_i_prefix)', () => {
  const plain = ['O', 'MISC', 'PER', 'ORG', 'LOC'];
  const enzo = example('Enzo at UN', [
    { word: 'En', index: 1, start: 0, end: 2, scores: [0, 0, 0, 0, 0.9968166351318359] },
    { word: '##zo', index: 2, start: 2, end: 4, scores: [0, 0, 0, 0, 0.9957635998725891] },
    { word: 'UN', index: 7, start: 11, end: 13, scores: [0, 0, 0, 0.9986497163772583, 0] },
  ]);
  it('plain labels group like I- tags', () => {
    expect(run('none', enzo, plain).map((entity) => entity.label)).toEqual(['LOC', 'LOC', 'ORG']);
    expect(run('simple', enzo, plain)).toEqual([
      { label: 'LOC', score: 0.996, word: 'Enzo', start: 0, end: 4 },
      { label: 'ORG', score: 0.999, word: 'UN', start: 11, end: 13 },
    ]);
  });
});

describe('aggregateEntities with B- tags (transformers test_spanish_bert, simple)', () => {
  it('a B- piece inside a word starts a new entity, whose word keeps its ##', () => {
    const text = 'Consuelo Araújo';
    const { input, probabilities } = example(text, [
      { word: 'Cons', index: 1, start: 0, end: 4, scores: [0, 0, 0, 0.999, 0.001, 0, 0, 0, 0] },
      { word: '##uelo', index: 2, start: 4, end: 8, scores: [0, 0, 0, 0.803, 0.197, 0, 0, 0, 0] },
      { word: 'Araújo', index: 3, start: 9, end: 15, scores: [0, 0, 0, 0.001, 0.999, 0, 0, 0, 0] },
    ]);
    expect(run('simple', { input, probabilities }, CONLL)).toEqual([
      { label: 'PER', score: 0.999, word: 'Cons', start: 0, end: 4 },
      { label: 'PER', score: 0.901, word: '##uelo Araújo', start: 4, end: 15 },
    ]);
    // first: the word's first piece decides, so the whole name is one entity.
    expect(run('first', { input, probabilities }, CONLL)).toEqual([
      { label: 'PER', score: 0.999, word: 'Consuelo Araújo', start: 0, end: 15 },
    ]);
  });
});

describe('gatherPreEntities through aggregateEntities', () => {
  it('skips special tokens and leaves out O (transformers test_gather_pre_entities, test_small_model_pt)', () => {
    const text = 'Hello there';
    const tokens = ['[CLS]', 'hello', 'there', '[SEP]'];
    const special = [true, false, false, true];
    const input: TokenizedText = {
      text,
      ids: [101, 7592, 2045, 102],
      tokens,
      special,
      spans: alignTokens(text, tokens, special),
    };
    expect(input.spans).toEqual([
      { start: null, end: null },
      { start: 0, end: 5 },
      { start: 6, end: 11 },
      { start: null, end: null },
    ]);
    const probabilities = [
      [1, 0, 0],
      [0.1, 0.3, 0.6],
      [0.8, 0.1, 0.1],
      [1, 0, 0],
    ];
    const entities = aggregateEntities(input, probabilities, ['O', 'B-PER', 'I-PER'], {
      strategy: 'none',
      subwordRule: 'prefix',
      unknownId: 100,
      joinTokens: joinWordPieces,
    });
    expect(entities.map(({ label, word, start, end }) => ({ label, word, start, end }))).toEqual([
      { label: 'I-PER', word: 'hello', start: 0, end: 5 },
    ]);
    expect(entities[0]?.score).toBeCloseTo(0.6, 12);
  });

  it('an unknown token’s word is the text it covers, and it starts a word', () => {
    const text = 'Go ☃ now';
    const tokens = ['[CLS]', 'go', '[UNK]', 'now', '[SEP]'];
    const special = [true, false, false, false, true];
    const input: TokenizedText = {
      text,
      ids: [1, 10, 100, 11, 2],
      tokens,
      special,
      spans: alignTokens(text, tokens, special),
    };
    const probabilities = tokens.map(() => [0, 1]);
    const entities = aggregateEntities(input, probabilities, ['O', 'B-MISC'], {
      strategy: 'none',
      subwordRule: 'prefix',
      unknownId: 100,
      joinTokens: joinWordPieces,
    });
    expect(entities.map((entity) => [entity.word, entity.start, entity.end])).toEqual([
      ['go', 0, 2],
      ['☃', 3, 4],
      ['now', 5, 8],
    ]);
  });

  it('without a continuation marker, a piece not after a space continues the word (the pipeline’s fallback)', () => {
    const text = 'Schiphol.';
    const tokens = ['<s>', '▁Schi', 'phol', '.', '</s>'];
    const special = [true, false, false, false, true];
    const input: TokenizedText = {
      text,
      ids: [0, 5, 6, 7, 2],
      tokens,
      special,
      spans: alignTokens(text, tokens, special),
    };
    const probabilities = [
      [1, 0],
      [0, 1],
      [0, 1],
      [0.4, 0.6],
      [1, 0],
    ];
    const entities = aggregateEntities(input, probabilities, ['O', 'B-LOC'], {
      strategy: 'max',
      subwordRule: 'space',
      unknownId: null,
      joinTokens: (pieces) => pieces.join('').replaceAll('▁', ' ').trim(),
    });
    // transformers test_aggregation_strategy_byte_level_tokenizer: "Schiphol." is one LOC word.
    expect(entities.map(({ label, word, start, end }) => ({ label, word, start, end }))).toEqual([
      { label: 'LOC', word: 'Schiphol.', start: 0, end: 9 },
    ]);
  });
});

describe('helpers', () => {
  it('bioTag reads B-, I- and plain labels', () => {
    expect(bioTag('B-PER')).toEqual({ bi: 'B', tag: 'PER' });
    expect(bioTag('I-LOC')).toEqual({ bi: 'I', tag: 'LOC' });
    expect(bioTag('ORG')).toEqual({ bi: 'I', tag: 'ORG' });
  });
  it('joinWordPieces glues ## pieces and cleans spaces before punctuation', () => {
    expect(joinWordPieces(['Ra', '##ma', '##zotti'])).toBe('Ramazotti');
    expect(joinWordPieces(['New', 'York', ',', 'NY'])).toBe('New York, NY');
    expect(joinWordPieces(['##uelo', 'Araújo'])).toBe('##uelo Araújo');
  });
  it('softmaxRows survives huge logits (the pipeline’s softmax trick)', () => {
    const rows = softmaxRows([1e6, 0, -1e6, 5, 5, 5], 2, 3);
    expect(rows[0]).toEqual([1, 0, 0]);
    expect(rows[1]?.[0]).toBeCloseTo(1 / 3, 12);
  });
  it('entityScore recomputes a score from its parts', () => {
    const probabilities = [
      [0.2, 0.8],
      [0.5, 0.5],
      [0.9, 0.1],
    ];
    expect(
      entityScore(probabilities, [
        { label: 1, scored: [0, 1] },
        { label: 0, scored: [2] },
      ]),
    ).toBeCloseTo((0.65 + 0.9) / 2, 12);
  });
});
