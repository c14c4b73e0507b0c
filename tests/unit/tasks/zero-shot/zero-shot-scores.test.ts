// Zero-shot post-processing against Hugging Face's ZeroShotClassificationPipeline: the entailment id its
// tests pin (tests/pipelines/test_pipelines_zero_shot.py, run_entailment_id), single-label softmax across
// labels, multi-label softmax of entailment vs contradiction per label, the tie order of its tiny-model
// test, and the argument handler's label parsing and template errors.
import { describe, expect, it } from 'vitest';
import {
  contradictionIdOf,
  entailmentIdOf,
  zeroShotScores,
} from '../../../../src/lib/tasks/zero-shot/zero-shot-scores.ts';
import {
  hypothesisFor,
  parseCandidateLabels,
  zeroShotRequest,
} from '../../../../src/lib/tasks/zero-shot/zero-shot-input.ts';

const byId = (label2id: Record<string, number>): Record<string, string> =>
  Object.fromEntries(Object.entries(label2id).map(([label, id]) => [String(id), label]));

describe('entailmentIdOf (transformers run_entailment_id)', () => {
  it('finds the label that starts with "entail", any case, else -1', () => {
    expect(entailmentIdOf(byId({ LABEL_0: 0, LABEL_1: 1, LABEL_2: 2 }))).toBe(-1);
    expect(entailmentIdOf(byId({ entailment: 0, neutral: 1, contradiction: 2 }))).toBe(0);
    expect(entailmentIdOf(byId({ ENTAIL: 0, 'NON-ENTAIL': 1 }))).toBe(0);
    expect(entailmentIdOf(byId({ ENTAIL: 2, NEUTRAL: 1, CONTR: 0 }))).toBe(2);
  });

  it('compares with class 0, or with the last class when entailment is 0', () => {
    expect(contradictionIdOf(2, 3)).toBe(0);
    expect(contradictionIdOf(0, 3)).toBe(2);
    expect(contradictionIdOf(0, 2)).toBe(1);
  });
});

describe('zeroShotScores', () => {
  // [contradiction, neutral, entailment] per label.
  const logits = [0.5, 0.1, 2.0, 1.0, 0.0, -1.0, -0.5, 0.3, 0.7];
  const labels = ['politics', 'public health', 'science'];

  it('single-label: softmax of the entailment logits across labels, highest first, summing to 1', () => {
    const scores = zeroShotScores(logits, labels, 3, 2, false);
    const e = [Math.exp(2.0), Math.exp(-1.0), Math.exp(0.7)];
    const sum = e[0]! + e[1]! + e[2]!;
    expect(scores.map((s) => s.label)).toEqual(['politics', 'science', 'public health']);
    expect(scores[0]!.score).toBeCloseTo(e[0]! / sum, 12);
    expect(scores[1]!.score).toBeCloseTo(e[2]! / sum, 12);
    expect(scores.reduce((total, s) => total + s.score, 0)).toBeCloseTo(1, 12);
  });

  it('multi-label: per label, softmax of [contradiction, entailment]; scores need not sum to 1', () => {
    const scores = zeroShotScores(logits, labels, 3, 2, true);
    const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
    expect(scores.map((s) => s.label)).toEqual(['politics', 'science', 'public health']);
    expect(scores[0]!.score).toBeCloseTo(sigmoid(2.0 - 0.5), 12);
    expect(scores[1]!.score).toBeCloseTo(sigmoid(0.7 + 0.5), 12);
    expect(scores[2]!.score).toBeCloseTo(sigmoid(-1.0 - 1.0), 12);
    expect(scores[2]).toMatchObject({ entailment: -1, contradiction: 1 });
  });

  it('scores a single label as multi-label does (softmax over one label would always be 1)', () => {
    expect(zeroShotScores([0.5, 0.1, 2.0], ['politics'], 3, 2, false)[0]!.score).toBeCloseTo(
      1 / (1 + Math.exp(-1.5)),
      12,
    );
  });

  it('with entailment at 0 compares it with the last class', () => {
    const [score] = zeroShotScores([2.0, 0.0, 1.0], ['x'], 3, 0, true);
    expect(score!.score).toBeCloseTo(1 / (1 + Math.exp(-1.0)), 12);
  });

  it('orders ties as numpy’s reversed argsort: the test_small_model_pt labels come back reversed', () => {
    const scores = zeroShotScores(new Array(9).fill(0), labels, 3, 2, false);
    expect(scores.map((s) => s.label)).toEqual(['science', 'public health', 'politics']);
    for (const s of scores) expect(s.score).toBeCloseTo(1 / 3, 12);
  });

  it('refuses logits that do not fit the labels', () => {
    expect(() => zeroShotScores([1, 2, 3], labels, 3, 2, false)).toThrow(RangeError);
    expect(() => zeroShotScores(logits, labels, 3, 3, false)).toThrow(RangeError);
  });
});

describe('candidate labels and the hypothesis template', () => {
  it('splits a comma-separated string, trimmed, empty parts and repeats dropped', () => {
    expect(parseCandidateLabels('politics, public health')).toEqual(['politics', 'public health']);
    expect(parseCandidateLabels(' a ,, b , a ,')).toEqual(['a', 'b']);
    expect(parseCandidateLabels(['x', ' y '])).toEqual(['x', 'y']);
    expect(parseCandidateLabels('')).toEqual([]);
  });

  it('fills {} as Python’s str.format does, braces escaped by doubling', () => {
    expect(hypothesisFor('This example is {}.', 'sports')).toBe('This example is sports.');
    expect(hypothesisFor('This text is about {}', 'politics')).toBe('This text is about politics');
    expect(hypothesisFor('{{{}}}', 'x')).toBe('{x}');
  });

  it('refuses no labels, no text and a template without {} with a sentence each', () => {
    expect(() => zeroShotRequest('Who are you voting for in 2020?', [], 'This example is {}.')).toThrow(
      /no candidate labels/,
    );
    expect(() => zeroShotRequest('  ', ['politics'], 'This example is {}.')).toThrow(/no text/);
    expect(() => zeroShotRequest('text', ['politics'], 'Not formatting template')).toThrow(/has no \{\}/);
    expect(zeroShotRequest('text', ['a', 'b'], 'It is {}.').hypotheses).toEqual(['It is a.', 'It is b.']);
  });
});
