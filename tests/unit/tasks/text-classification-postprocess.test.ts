import { describe, expect, it } from 'vitest';
import {
  classifyLogits,
  labelFor,
  softmax,
  topPrediction,
} from '../../../src/lib/tasks/text-classification/postprocess.ts';

describe('softmax', () => {
  it('matches hand-computed values', () => {
    // e^0 / (e^0 + e^ln3) = 1/4
    const [a, b] = softmax([0, Math.log(3)]);
    expect(a).toBeCloseTo(0.25, 12);
    expect(b).toBeCloseTo(0.75, 12);
  });

  it('is stable for large logits and sums to one', () => {
    const probabilities = softmax([1000, 1001, 999]);
    expect(probabilities.every(Number.isFinite)).toBe(true);
    expect(probabilities.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
    expect(probabilities[1]).toBeGreaterThan(probabilities[0] ?? 1);
  });

  it('returns an empty row for no logits', () => {
    expect(softmax([])).toEqual([]);
  });
});

describe('label mapping', () => {
  const id2label = { '0': 'negative', '1': 'positive' };

  it('names indices from id2label and falls back to LABEL_i', () => {
    expect(labelFor(1, id2label)).toBe('positive');
    expect(labelFor(2, id2label)).toBe('LABEL_2');
  });

  it('splits a batch of logits into labelled rows in class order', () => {
    const rows = classifyLogits([2, 0, -1, 1], 2, id2label);
    expect(rows).toHaveLength(2);
    expect(rows[0]?.map((e) => e.label)).toEqual(['negative', 'positive']);
    expect(rows[0]?.[0]?.probability).toBeCloseTo(1 / (1 + Math.exp(-2)), 12);
    expect(topPrediction(rows[0] ?? []).label).toBe('negative');
    expect(topPrediction(rows[1] ?? []).label).toBe('positive');
  });

  it('rejects logits that do not split into the batch', () => {
    expect(() => classifyLogits([1, 2, 3], 2, id2label)).toThrow(RangeError);
  });

  it('picks the first label on a tie', () => {
    expect(
      topPrediction([
        { label: 'a', probability: 0.5 },
        { label: 'b', probability: 0.5 },
      ]).label,
    ).toBe('a');
  });
});
