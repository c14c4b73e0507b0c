// Error metrics on hand-made tensors: max abs, max rel, SNR in dB (exact, −∞, not comparable, NaN on one
// side), the threshold, the painted error, per-block aggregation and the first value past the threshold.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SNR_THRESHOLD_DB,
  formatSnr,
  paintedError,
  pastThreshold,
  valueError,
  type ErrorInput,
} from '../../../src/lib/variants/error-metrics.ts';
import {
  blockErrors,
  constantsPast,
  firstPastThreshold,
  type ValueErrorRow,
} from '../../../src/lib/variants/block-errors.ts';

function tensor(values: readonly number[], shape: readonly number[] = [values.length]): ErrorInput {
  return { shape, count: values.length, read: (i) => values[i] as number };
}

describe('valueError', () => {
  it('measures max abs, max rel and SNR', () => {
    // Signal Σa² = 1 + 4 + 9 + 16 = 30; noise Σd² = 0.01 + 0 + 0.04 + 0 = 0.05 → 10·log10(600) dB.
    const error = valueError(tensor([1, 2, 3, 4]), tensor([1.1, 2, 2.8, 4]));
    expect(error.count).toBe(4);
    expect(error.maxAbs).toBeCloseTo(0.2, 12);
    expect(error.maxRel).toBeCloseTo(0.1, 12);
    expect(error.snrDb).toBeCloseTo(10 * Math.log10(600), 10);
    expect(error.snrDb).toBeCloseTo(27.78, 2);
  });

  it('gives 20 dB for noise at a tenth of the signal', () => {
    const error = valueError(tensor([10, -10]), tensor([11, -11]));
    expect(error.snrDb).toBeCloseTo(20, 10);
    expect(pastThreshold(error, DEFAULT_SNR_THRESHOLD_DB)).toBe(false);
    expect(pastThreshold(valueError(tensor([10, -10]), tensor([11.01, -11])), 20)).toBe(true);
  });

  it('says exact for equal values and −∞ for a zero reference', () => {
    expect(valueError(tensor([0, 1]), tensor([0, 1])).snrDb).toBe(Number.POSITIVE_INFINITY);
    expect(valueError(tensor([0, 0]), tensor([0, 0.5])).snrDb).toBe(Number.NEGATIVE_INFINITY);
    expect(formatSnr(Number.POSITIVE_INFINITY)).toBe('exact');
    expect(formatSnr(Number.NEGATIVE_INFINITY)).toBe('−∞ dB');
    expect(formatSnr(43.21)).toBe('43.2 dB');
  });

  it('uses a tiny floor for the relative difference at zero', () => {
    expect(valueError(tensor([0]), tensor([1e-6])).maxRel).toBeCloseTo(1e6, 0);
  });

  it('counts NaN or Inf on one side only and sets the SNR to −∞', () => {
    const error = valueError(tensor([1, Number.NaN, Infinity, 2]), tensor([1, Number.NaN, 65504, 2]));
    expect(error.nonFiniteMismatch).toBe(1);
    expect(error.count).toBe(2);
    expect(error.snrDb).toBe(Number.NEGATIVE_INFINITY);
    expect(error.note).toBe('1 elements are NaN or infinite in one variant only.');
  });

  it('refuses different shapes with a sentence', () => {
    const error = valueError(tensor([1, 2, 3, 4], [2, 2]), tensor([1, 2, 3, 4], [4]));
    expect(error.snrDb).toBeNaN();
    expect(error.note).toBe('Shapes differ: [2, 2] vs [4].');
    expect(pastThreshold(error, 20)).toBe(false);
    expect(formatSnr(error.snrDb)).toBe('—');
  });

  it('paints the noise-to-signal ratio, capped', () => {
    expect(paintedError(20)).toBeCloseTo(0.1, 12);
    expect(paintedError(Number.POSITIVE_INFINITY)).toBe(0);
    expect(paintedError(Number.NEGATIVE_INFINITY)).toBe(10);
    expect(paintedError(-100)).toBe(10);
    expect(paintedError(Number.NaN)).toBeUndefined();
  });
});

function row(name: string, producerIndex: number, scope: string, snrDb: number, maxAbs = 0.1): ValueErrorRow {
  return {
    reference: name,
    variant: name,
    by: 'name',
    producer: name,
    producerIndex,
    opType: 'MatMul',
    variantOpType: 'MatMul',
    scope,
    count: 4,
    maxAbs,
    maxRel: 0.01,
    snrDb,
    nonFiniteMismatch: 0,
  };
}

describe('blocks and threshold', () => {
  const rows = [
    row('c', 5, '/bert/encoder/layer.1/attention', 15, 0.7),
    row('a', 1, '/bert/embeddings', 60),
    row('b', 3, '/bert/encoder/layer.0/attention/self', 18, 0.3),
    row('d', 7, '', Number.POSITIVE_INFINITY),
  ];

  it('names the first value past the threshold in topological order', () => {
    expect(firstPastThreshold(rows, 20)?.reference).toBe('b');
    expect(firstPastThreshold(rows, 10)).toBeNull();
  });

  it('leaves constants out of the first node and lists them apart', () => {
    const epsilon = { ...row('eps', 0, '/bert/embeddings/LayerNorm', 0), opType: 'Constant' };
    expect(firstPastThreshold([epsilon, ...rows], 20)?.reference).toBe('b');
    expect(constantsPast([epsilon, ...rows], 20).map((value) => value.reference)).toEqual(['eps']);
  });

  it('aggregates per scope down to depth 3, worst SNR and max abs, in model order', () => {
    const blocks = blockErrors(rows, 20);
    expect(blocks.map((block) => [block.path, block.values, block.worstSnrDb, block.past])).toEqual([
      ['/bert', 3, 15, 2],
      ['/bert/embeddings', 1, 60, 0],
      ['/bert/encoder', 2, 15, 2],
      ['/bert/encoder/layer.0', 1, 18, 1],
      ['/bert/encoder/layer.1', 1, 15, 1],
      ['', 1, Number.POSITIVE_INFINITY, 0],
    ]);
    expect(blocks.find((block) => block.path === '/bert/encoder')?.maxAbs).toBe(0.7);
  });
});
