// Fill-mask recognition from config.json's architecture and the IO signature, and the near misses that
// must open in the tensor view with their reason instead.
import { describe, expect, it } from 'vitest';
import type { IoSignature } from '../../../../src/lib/sources/io-signature.ts';
import { recogniseFillMask } from '../../../../src/lib/tasks/fill-mask/recognise.ts';
import { recogniseTask } from '../../../../src/lib/tasks/registry.ts';
import { tensor } from '../../../support/io-signatures.ts';

const MLM: IoSignature = {
  inputs: [
    tensor('input_ids', 'int64', ['batch_size', 'sequence_length']),
    tensor('attention_mask', 'int64', ['batch_size', 'sequence_length']),
    tensor('token_type_ids', 'int64', ['batch_size', 'sequence_length']),
  ],
  outputs: [tensor('logits', 'float32', ['batch_size', 'sequence_length', 4096])],
};
const CONFIG = { architectures: ['BertForMaskedLM'], vocab_size: 4096 };

const evidence = (
  signature: IoSignature = MLM,
  config: Record<string, unknown> | null = CONFIG,
  tokenizer = true,
) => ({ signature, config, available: { tokenizer } });

describe('recogniseFillMask', () => {
  it('accepts a …ForMaskedLM with input_ids, [batch, sequence, vocabulary] logits and a tokenizer', () => {
    expect(recogniseFillMask(evidence())).toEqual({
      accepted: true,
      reason:
        'The config.json names BertForMaskedLM: the model takes input_ids and returns scores over its vocabulary at every token (logits), and tokenizer.json is present.',
    });
    // RoBERTa-style: no token_type_ids, output shape not declared.
    const roberta: IoSignature = {
      inputs: MLM.inputs.slice(0, 2),
      outputs: [tensor('logits', 'float32', [])],
    };
    expect(recogniseFillMask(evidence(roberta, { architectures: ['RobertaForMaskedLM'] }))?.accepted).toBe(
      true,
    );
  });

  it('does not answer for other heads or a config without architectures (the next row is asked)', () => {
    expect(recogniseFillMask(evidence(MLM, { architectures: ['BertForSequenceClassification'] }))).toBeNull();
    expect(recogniseFillMask(evidence(MLM, null))).toBeNull();
    expect(recogniseFillMask(evidence(MLM, { architectures: 'BertForMaskedLM' }))).toBeNull();
    expect(recogniseFillMask(evidence(MLM, { architectures: ['MaskedLMishModel'] }))).toBeNull();
  });

  it.each([
    ['no tokenizer.json', evidence(MLM, CONFIG, false), 'tokenizer.json is missing'],
    [
      'float input_ids',
      evidence({ ...MLM, inputs: [tensor('input_ids', 'float32', [1, 8])] }),
      'holds float32 values',
    ],
    [
      'an input the view cannot feed',
      evidence({ ...MLM, inputs: [...MLM.inputs, tensor('position_ids', 'int64', [1, 8])] }),
      'Besides input_ids the model takes position_ids',
    ],
    ['no input_ids', evidence({ ...MLM, inputs: [tensor('x', 'float32', [1, 8])] }), 'takes no input_ids'],
    [
      'one row per text (a classifier’s output)',
      evidence({ ...MLM, outputs: [tensor('logits', 'float32', ['batch', 2])] }),
      'not one row of vocabulary scores per token',
    ],
    [
      'an output the size of another vocabulary',
      evidence({ ...MLM, outputs: [tensor('logits', 'float32', ['b', 's', 30522])] }),
      'scores 30522 tokens, but config.json’s vocab_size is 4096',
    ],
    ['no outputs', evidence({ ...MLM, outputs: [] }), 'declares no outputs'],
  ])('refuses %s: the tensor view, with the reason', (_, given, reason) => {
    const answer = recogniseFillMask(given);
    expect(answer?.accepted).toBe(false);
    expect(answer?.reason).toContain(reason);
    expect(answer?.reason).toMatch(/it opens in the tensor view, which runs any model\.$/);
    expect(recogniseTask(given).task).toBe('generic');
  });

  it('leaves a classifier to text classification in the registry', () => {
    const classifier: IoSignature = { ...MLM, outputs: [tensor('logits', 'float32', ['batch', 2])] };
    const config = { architectures: ['BertForSequenceClassification'] };
    expect(recogniseTask(evidence(classifier, config)).task).toBe('text-classification');
    expect(recogniseTask(evidence()).task).toBe('fill-mask');
  });
});
