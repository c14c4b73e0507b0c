import { describe, expect, it } from 'vitest';
import {
  applyRepetitionPenalty,
  applyTopK,
  applyTopP,
  pickToken,
  processLogits,
  softmax,
  topIndices,
  type SamplingSettings,
} from '../../../../src/lib/tasks/text-generation/logits-processing.ts';
import { seededRandom } from '../../../../src/lib/seeded-random.ts';

const GREEDY: SamplingSettings = { mode: 'greedy', temperature: 1, topK: 0, topP: 1, repetitionPenalty: 1 };
const SAMPLE: SamplingSettings = { ...GREEDY, mode: 'sample' };

describe('softmax and top indices', () => {
  it('gives probabilities that sum to 1, with -Infinity as 0', () => {
    const p = softmax([0, Math.log(3), -Infinity]);
    expect(p[0]!).toBeCloseTo(0.25, 12);
    expect(p[1]).toBeCloseTo(0.75, 12);
    expect(p[2]).toBe(0);
  });

  it('orders the largest first, ties by lower index, skipping NaN', () => {
    expect(topIndices([1, 5, NaN, 5, 3], 3)).toEqual([1, 3, 4]);
    expect(topIndices([2, 1], 5)).toEqual([0, 1]);
  });
});

describe('repetition penalty', () => {
  it('divides positive logits and multiplies negative ones, once per distinct token', () => {
    const logits = Float64Array.of(2, -2, 1);
    applyRepetitionPenalty(logits, [0, 1, 0, 7], 2);
    expect([...logits]).toEqual([1, -4, 1]);
  });
});

describe('top-k and top-p', () => {
  it('top-k keeps the k largest, and ties with the k-th', () => {
    const logits = Float64Array.of(1, 4, 3, 3, 0);
    applyTopK(logits, 2);
    expect([...logits]).toEqual([-Infinity, 4, 3, 3, -Infinity]);
  });

  it('top-p keeps the most likely tokens until their sum reaches p, the crossing token included', () => {
    // probabilities 0.5, 0.3, 0.15, 0.05
    const logits = Float64Array.from([0.5, 0.3, 0.15, 0.05], Math.log);
    applyTopP(logits, 0.7);
    expect(Number.isFinite(logits[0]) && Number.isFinite(logits[1])).toBe(true);
    expect(logits[2]).toBe(-Infinity);
    expect(logits[3]).toBe(-Infinity);
    const one = Float64Array.from([0.5, 0.3, 0.2], Math.log);
    applyTopP(one, 0.01);
    expect([...one].filter(Number.isFinite)).toHaveLength(1);
  });
});

describe('processLogits', () => {
  it('keeps the model distribution before and the processed one after', () => {
    const logits = Float32Array.from([0.5, 0.3, 0.15, 0.05], Math.log);
    const out = processLogits(logits, [], { ...SAMPLE, temperature: 0.5, topK: 3 }, 20);
    expect(out.before.map((c) => c.id)).toEqual([0, 1, 2, 3]);
    expect(out.before[0]!.probability).toBeCloseTo(0.5, 6);
    // temperature 0.5 squares the probabilities (then renormalised), top-k 3 drops the last
    const squares = [0.25, 0.09, 0.0225];
    const total = squares.reduce((a, b) => a + b);
    expect(out.after).toHaveLength(4);
    expect(out.after[0]!.probability).toBeCloseTo(0.25 / total, 6);
    expect(out.after[3]!.probability).toBe(0);
    expect(out.firstNaN).toBe(-1);
  });

  it('greedy ignores temperature, top-k and top-p but applies the repetition penalty', () => {
    const logits = Float32Array.of(3, 2.5, 0);
    const greedy = processLogits(logits, [0], { ...GREEDY, temperature: 0.1, topK: 1, repetitionPenalty: 2 });
    expect(pickToken(greedy, 'greedy', () => 0)).toBe(1);
    expect(greedy.after.filter((c) => c.probability > 0)).toHaveLength(3);
  });

  it('keeps 20 candidates of a large vocabulary and reports the first NaN', () => {
    const logits = new Float32Array(1000).map((_, i) => Math.sin(i));
    const out = processLogits(logits, [], GREEDY);
    expect(out.before).toHaveLength(20);
    for (let i = 1; i < 20; i++)
      expect(out.before[i]!.probability).toBeLessThanOrEqual(out.before[i - 1]!.probability);
    logits[7] = NaN;
    expect(processLogits(logits, [], GREEDY).firstNaN).toBe(7);
  });
});

describe('pickToken', () => {
  it('greedy takes the most likely token, the lowest id on a tie', () => {
    expect(pickToken(processLogits(Float32Array.of(1, 3, 3), [], GREEDY), 'greedy', () => 0.99)).toBe(1);
  });

  it('sampling draws by probability, and the same seed gives the same tokens', () => {
    const processed = processLogits(Float32Array.from([0.2, 0.5, 0.3], Math.log), [], SAMPLE);
    expect(pickToken(processed, 'sample', () => 0.1)).toBe(0);
    expect(pickToken(processed, 'sample', () => 0.6)).toBe(1);
    expect(pickToken(processed, 'sample', () => 0.75)).toBe(2);
    const draw = (seed: number): number[] => {
      const random = seededRandom(seed);
      return Array.from({ length: 30 }, () => pickToken(processed, 'sample', random));
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    const counts = [0, 0, 0];
    const random = seededRandom(1);
    for (let i = 0; i < 3000; i++) counts[pickToken(processed, 'sample', random)]! += 1;
    expect(counts[1]! / 3000).toBeGreaterThan(0.45);
    expect(counts[1]! / 3000).toBeLessThan(0.55);
  });

  it('never draws a token that top-k removed', () => {
    const processed = processLogits(Float32Array.of(5, 4, 3, 2, 1), [], {
      ...SAMPLE,
      topK: 2,
      temperature: 3,
    });
    const random = seededRandom(3);
    for (let i = 0; i < 500; i++) expect(pickToken(processed, 'sample', random)).toBeLessThan(2);
  });
});

describe('greedy without a penalty (the shortcut: one softmax, one top-20)', () => {
  const base = { temperature: 0.5, topK: 2, topP: 0.5 };
  it('gives the distribution and candidates the full path gives, and picks the top (lower id on a tie)', () => {
    const logits = Float32Array.from([1, 3, 3, -2, 0.5, 2.9]);
    const greedy = processLogits(logits, [1], { ...base, mode: 'greedy', repetitionPenalty: 1 });
    // A penalty of 1 + 1e-12 takes the full path with the same numbers.
    const full = processLogits(logits, [], { ...base, mode: 'greedy', repetitionPenalty: 1 + 1e-12 });
    expect(Array.from(greedy.probabilities)).toEqual(Array.from(full.probabilities));
    expect(greedy.after).toEqual(full.after);
    expect(greedy.before).toEqual(full.before);
    expect(pickToken(greedy, 'greedy', () => 0)).toBe(1);
    // The page's candidate lists are separate objects (the loop adds each one's text).
    expect(greedy.after[0]).not.toBe(greedy.before[0]);
  });

  it('a penalty still changes the pick', () => {
    const logits = Float32Array.from([1, 3, 2.9]);
    const penalised = processLogits(logits, [1], { ...base, mode: 'greedy', repetitionPenalty: 2 });
    expect(pickToken(penalised, 'greedy', () => 0)).toBe(2);
    expect(penalised.before[0]?.id).toBe(1);
  });
});
