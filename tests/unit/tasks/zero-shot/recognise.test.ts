// Which models the zero-shot row takes (NLI classifiers), which it leaves to the other rows, and the near
// misses it refuses with the reason (they open in the tensor view).
import { describe, expect, it } from 'vitest';
import type { IoSignature } from '../../../../src/lib/sources/io-signature.ts';
import { recogniseZeroShot } from '../../../../src/lib/tasks/zero-shot/recognise.ts';
import { BERT, tensor, YOLO } from '../../../support/io-signatures.ts';

const NLI = {
  architectures: ['BertForSequenceClassification'],
  id2label: { 0: 'contradiction', 1: 'neutral', 2: 'entailment' },
};

function ask(signature: IoSignature, config: Record<string, unknown> | null, tokenizer = true) {
  return recogniseZeroShot({ signature, config, available: { tokenizer } });
}

describe('recogniseZeroShot', () => {
  it('accepts a sequence classifier whose id2label names entailment, in any case', () => {
    expect(ask(BERT, NLI)).toMatchObject({ accepted: true, reason: expect.stringContaining('entailment') });
    expect(ask(BERT, { id2label: { 0: 'ENTAILMENT', 1: 'NOT_ENTAILMENT' } })?.accepted).toBe(true);
  });

  it('leaves models without an entailment class, or of another head, to the other rows', () => {
    expect(ask(BERT, { id2label: { 0: 'negative', 1: 'positive' } })).toBeNull();
    expect(ask(BERT, null)).toBeNull();
    expect(ask(BERT, { id2label: ['entailment'] })).toBeNull();
    expect(ask(BERT, { ...NLI, architectures: ['BertForTokenClassification'] })).toBeNull();
    expect(ask(YOLO, NLI)).toBeNull();
  });

  it('refuses an NLI model it cannot feed, with the reason', () => {
    expect(ask(BERT, NLI, false)).toMatchObject({
      accepted: false,
      reason: expect.stringContaining('tokenizer.json is missing'),
    });
    const extra: IoSignature = {
      ...BERT,
      inputs: [...BERT.inputs, tensor('position_ids', 'int64', ['b', 's'])],
    };
    expect(ask(extra, NLI)).toMatchObject({
      accepted: false,
      reason: expect.stringContaining('position_ids'),
    });
    const perToken: IoSignature = { ...BERT, outputs: [tensor('logits', 'float32', ['b', 's', 3])] };
    expect(ask(perToken, NLI)).toMatchObject({
      accepted: false,
      reason: expect.stringContaining('[b, s, 3]'),
    });
    expect(ask(BERT, { id2label: { 0: 'entailment' } })).toMatchObject({ accepted: false });
  });
});
