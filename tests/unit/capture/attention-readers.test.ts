import { describe, expect, it } from 'vitest';
import { attentionRow } from '../../../src/lib/viewers/attention-matrix.ts';
import { pairShares, readerRow } from '../../../src/lib/capture/attention-readers.ts';

/** [1, 2 heads, 3, 3] attention: every row adds up to 1. */
const DIMS = [1, 2, 3, 3];
// prettier-ignore
const DATA = [
  0.5, 0.25, 0.25,  0.1, 0.8, 0.1,  0.2, 0.2, 0.6, // head 0
  0.3, 0.3, 0.4,    0.6, 0.2, 0.2,  0.0, 0.5, 0.5, // head 1
];

describe('readerRow', () => {
  it('is the row of one position when one is given', () => {
    expect(readerRow(DATA, DIMS, 0, 0, [1], 3)).toEqual([0.1, 0.8, 0.1]);
  });

  it('is the mean of the positions rows, for one head and for the heads mean, and adds up to 1', () => {
    const row = readerRow(DATA, DIMS, 0, 0, [1, 2], 3);
    [0.15, 0.5, 0.35].forEach((value, i) => expect(row[i]).toBeCloseTo(value, 12));
    const mean = readerRow(DATA, DIMS, 0, 'mean', [1, 2], 3);
    const expected = [0, 1, 2].map(
      (k) =>
        ((attentionRow(DATA, DIMS, 0, 'mean', 1, 3)[k] ?? 0) +
          (attentionRow(DATA, DIMS, 0, 'mean', 2, 3)[k] ?? 0)) /
        2,
    );
    mean.forEach((value, i) => expect(value).toBeCloseTo(expected[i] ?? NaN, 12));
    expect(mean.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('counts a repeated position once, skips positions outside the tokens, and falls back to [CLS]', () => {
    expect(readerRow(DATA, DIMS, 0, 0, [1, 1, 7, -1], 3)).toEqual([0.1, 0.8, 0.1]);
    expect(readerRow(DATA, DIMS, 0, 0, [9], 3)).toEqual([0.5, 0.25, 0.25]);
    expect(readerRow(DATA, DIMS, 0, 0, [], 3)).toEqual([0.5, 0.25, 0.25]);
  });
});

describe('pairShares', () => {
  it('splits a BERT pair: [CLS] A [SEP] B [SEP]', () => {
    const tokens = ['[CLS]', 'a', 'b', '[SEP]', 'c', '[SEP]'];
    const shares = pairShares(tokens, [0.1, 0.2, 0.3, 0.05, 0.25, 0.1]);
    expect(shares?.first).toBeCloseTo(0.5, 12);
    expect(shares?.second).toBeCloseTo(0.25, 12);
    expect(shares?.special).toBeCloseTo(0.25, 12);
  });

  it('splits a RoBERTa pair: <s> A </s></s> B </s>', () => {
    const tokens = ['<s>', 'a', '</s>', '</s>', 'b', 'c', '</s>'];
    const shares = pairShares(tokens, [0.1, 0.1, 0.1, 0.1, 0.2, 0.3, 0.1]);
    expect(shares?.first).toBeCloseTo(0.1, 12);
    expect(shares?.second).toBeCloseTo(0.5, 12);
    expect(shares?.special).toBeCloseTo(0.4, 12);
  });

  it('is null for a single text', () => {
    expect(pairShares(['[CLS]', 'a', 'b', '[SEP]'], [0.25, 0.25, 0.25, 0.25])).toBeNull();
    expect(pairShares([], [])).toBeNull();
  });
});
