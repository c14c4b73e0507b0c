import { describe, expect, it } from 'vitest';
import type { CapturedValueSummary } from '../../../../src/lib/capture/capture-types.ts';
import {
  agreementSentence,
  compareTokenStreams,
  firstNaNValue,
  nanNodeSentence,
  nearTieSentence,
  stepCaptureNote,
} from '../../../../src/lib/tasks/text-generation/backend-agreement.ts';
import type { GeneratedToken } from '../../../../src/lib/tasks/text-generation/generation-loop.ts';
import { fitPrompt } from '../../../../src/lib/tasks/text-generation/generation-loop.ts';

const TEXT: Record<number, string> = { 1: ' the', 2: ' a', 3: ' cat', 4: '\u202e' };

/** A greedy token: `id` picked from candidates (id → probability), most likely first. */
function token(
  index: number,
  id: number,
  candidates: Record<number, number> = { [id]: 0.9 },
): GeneratedToken {
  const after = Object.entries(candidates)
    .map(([key, probability]) => ({ id: Number(key), probability, text: TEXT[Number(key)] ?? '?' }))
    .sort((a, b) => b.probability - a.probability);
  return {
    index,
    id,
    text: TEXT[id] ?? '?',
    before: after,
    after,
    probability: candidates[id] ?? 0,
    stepMs: 1,
  };
}

const LABELS = ['WASM (CPU)', 'WebGPU'] as const;

describe('compareTokenStreams', () => {
  it('finds no difference in equal streams, and counts them', () => {
    const a = [token(0, 1), token(1, 3)];
    expect(compareTokenStreams(a, [token(0, 1), token(1, 3)])).toEqual({ kind: 'same', count: 2 });
    expect(compareTokenStreams([], [])).toEqual({ kind: 'same', count: 0 });
  });

  it('names the first index where the ids differ, not a later one', () => {
    const a = [token(0, 3), token(1, 1, { 1: 0.5, 2: 0.4 }), token(2, 1)];
    const b = [token(0, 3), token(1, 2, { 2: 0.48, 1: 0.47 }), token(2, 2)];
    const found = compareTokenStreams(a, b);
    expect(found.kind).toBe('differ');
    if (found.kind !== 'differ') return;
    expect(found.index).toBe(1);
    expect(found.picks[0]).toMatchObject({
      id: 1,
      probability: 0.5,
      runnerUp: ' a',
      probabilityOfOther: 0.4,
    });
    expect(found.picks[0].margin).toBeCloseTo(Math.log(0.5 / 0.4), 12);
    expect(found.picks[1]).toMatchObject({ id: 2, probability: 0.48, probabilityOfOther: 0.47 });
    expect(found.picks[1].margin).toBeCloseTo(Math.log(0.48 / 0.47), 12);
  });

  it('says which stream ended first when one is a prefix of the other', () => {
    expect(compareTokenStreams([token(0, 1)], [token(0, 1), token(1, 2)])).toEqual({
      kind: 'ended',
      index: 1,
      ended: 0,
    });
    expect(compareTokenStreams([token(0, 1), token(1, 2)], [token(0, 1)])).toMatchObject({ ended: 1 });
  });

  it('gives no margin when the pick has no runner-up with a probability', () => {
    const a = [token(0, 1, { 1: 1 })];
    const b = [token(0, 2, { 2: 1, 1: 0 })];
    const found = compareTokenStreams(a, b);
    if (found.kind !== 'differ') throw new Error('expected a difference');
    expect(found.picks[0].margin).toBeNull();
    expect(found.picks[0].probabilityOfOther).toBeNull();
    expect(found.picks[1].margin).toBeNull();
    expect(found.picks[1].probabilityOfOther).toBe(0);
  });
});

describe('the sentences', () => {
  it('says "the same N greedy tokens", singular for one', () => {
    expect(agreementSentence({ kind: 'same', count: 8 }, LABELS)).toBe(
      'WASM (CPU) and WebGPU generate the same 8 greedy tokens.',
    );
    expect(agreementSentence({ kind: 'same', count: 1 }, LABELS)).toBe(
      'WASM (CPU) and WebGPU generate the same 1 greedy token.',
    );
  });

  it('gives both picks with probability, lead and what each gave the other (1-based token number)', () => {
    const found = compareTokenStreams(
      [token(0, 3), token(1, 1, { 1: 0.5, 2: 0.4 })],
      [token(0, 3), token(1, 2, { 2: 0.48, 1: 0.47 })],
    );
    expect(agreementSentence(found, LABELS)).toBe(
      'WASM (CPU) and WebGPU first differ at token 2: ' +
        'WASM (CPU) picks “ the” (id 1, probability 0.500, 0.223 logits ahead of “ a”; it gave WebGPU’s pick 0.400), ' +
        'WebGPU picks “ a” (id 2, probability 0.480, 0.0211 logits ahead of “ the”; it gave WASM (CPU)’s pick 0.470).',
    );
  });

  it('shows a token that would reorder text as a visible stand-in', () => {
    const found = compareTokenStreams([token(0, 4)], [token(0, 1)]);
    expect(agreementSentence(found, LABELS)).toContain('picks “⟨U+202E⟩”');
  });

  it('says which run ended and why', () => {
    expect(
      agreementSentence({ kind: 'ended', index: 3, ended: 1 }, LABELS, [
        '',
        'The model ended the text (end-of-sequence token).',
      ]),
    ).toBe(
      'WASM (CPU) and WebGPU agree on the first 3 tokens, then WebGPU made no more ' +
        '(The model ended the text (end-of-sequence token).) while WASM (CPU) went on.',
    );
  });

  it('calls a difference the step comparison cannot see a near tie, with the smaller margin', () => {
    const found = compareTokenStreams([token(0, 1, { 1: 0.5, 2: 0.4 })], [token(0, 2, { 2: 0.5, 1: 0.49 })]);
    expect(nearTieSentence(found)).toBe(
      'Every value of that step agrees within the tolerance, so the two best candidates were a near tie (0.0202 logits apart) that float rounding decided.',
    );
    expect(nearTieSentence({ kind: 'same', count: 2 })).toBeNull();
  });

  it('says how the step was captured', () => {
    expect(stepCaptureNote(4, 12)).toBe(
      'Step 4 was captured on both backends as one pass over its 12 tokens from an empty cache.',
    );
  });

  it('keeps the truncation sentence: how many tokens were left out, and the context', () => {
    const fitted = fitPrompt(
      Array.from({ length: 150 }, (_, i) => i),
      128,
      40,
    );
    expect(fitted.ids).toHaveLength(88);
    expect(fitted.ids[0]).toBe(62);
    expect(fitted.notice).toBe(
      'The prompt has 150 tokens and the model reads at most 128, so its first 62 tokens were left out to leave room for the answer.',
    );
  });
});

function value(
  name: string,
  producerIndex: number,
  nanCount: number,
  producer = `/${name}`,
): CapturedValueSummary {
  return {
    name,
    producer,
    producerIndex,
    producerOpType: 'Gather',
    dtype: 'float32',
    shape: [1, 4],
    elementCount: 4,
    bytes: 16,
    min: 0,
    max: 0,
    mean: 0,
    std: 0,
    meanAbs: 0,
    zeroShare: 0,
    nanCount,
    infCount: 0,
    histogram: { min: 0, max: 0, counts: [] },
    kept: true,
  };
}

describe('the first NaN node', () => {
  it('is the NaN value earliest in topological order, whatever the list order', () => {
    const values = [value('late', 9, 4), value('clean', 1, 0), value('early', 3, 2)];
    expect(firstNaNValue(values)?.name).toBe('early');
    expect(firstNaNValue([value('clean', 1, 0)])).toBeNull();
  });

  it('is named with its op and how many of its values are NaN, or the capture found none', () => {
    expect(nanNodeSentence(4, value('emb', 0, 2, '/wte/Gather'), 200)).toBe(
      'A capture of step 4 finds the first NaN at node /wte/Gather (Gather): 2 of 4 values of emb are NaN.',
    );
    expect(nanNodeSentence(4, value('emb', 0, 2, ''), 200)).toContain(
      'at node the Gather node producing emb',
    );
    expect(nanNodeSentence(2, null, 200)).toBe(
      'A capture of step 2 found no NaN in any of its 200 values (the NaN came from a step the capture does not replay exactly).',
    );
  });
});
