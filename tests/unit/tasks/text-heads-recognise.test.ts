// Recognition of token-classification and question-answering models from config.json and the IO
// signature, and the near misses that open in the tensor view with the reason.
import { describe, expect, it } from 'vitest';
import type { IoSignature } from '../../../src/lib/sources/io-signature.ts';
import { recogniseTask } from '../../../src/lib/tasks/registry.ts';
import { BERT, tensor } from '../../support/io-signatures.ts';

const NER: IoSignature = {
  inputs: BERT.inputs,
  outputs: [tensor('logits', 'float32', ['batch', 'sequence', 9])],
};
const QA: IoSignature = {
  inputs: BERT.inputs,
  outputs: [
    tensor('start_logits', 'float32', ['batch', 'sequence']),
    tensor('end_logits', 'float32', ['batch', 'sequence']),
  ],
};
const LABELS = { '0': 'O', '1': 'B-PER', '2': 'I-PER' };

const detect = (signature: IoSignature, config: Record<string, unknown> | null, tokenizer = true) =>
  recogniseTask({ signature, config, available: { tokenizer } });

describe('token classification', () => {
  it('accepts …ForTokenClassification with id2label, per-token scores and a tokenizer', () => {
    const detection = detect(NER, { architectures: ['BertForTokenClassification'], id2label: LABELS });
    expect(detection.task).toBe('token-classification');
    expect(detection.reason).toMatch(/BertForTokenClassification.*3 labels/);
  });

  it.each([
    [
      'no tokenizer.json',
      NER,
      { architectures: ['BertForTokenClassification'], id2label: LABELS },
      false,
      /tokenizer\.json is missing/,
    ],
    ['no id2label', NER, { architectures: ['BertForTokenClassification'] }, true, /id2label is missing/],
    [
      'scores per text, not per token',
      { ...NER, outputs: [tensor('logits', 'float32', ['batch', 9])] },
      { architectures: ['BertForTokenClassification'], id2label: LABELS },
      true,
      /not scores per token/,
    ],
    [
      'float input_ids',
      { ...NER, inputs: [tensor('input_ids', 'float32', ['b', 's'])] },
      { architectures: ['DistilBertForTokenClassification'], id2label: LABELS },
      true,
      /not integer token ids/,
    ],
    [
      'an input it cannot feed',
      { ...NER, inputs: [...NER.inputs, tensor('position_ids', 'int64', ['b', 's'])] },
      { architectures: ['BertForTokenClassification'], id2label: LABELS },
      true,
      /position_ids/,
    ],
  ])('near miss (%s) opens in the tensor view, saying why', (_, signature, config, tokenizer, reason) => {
    const detection = detect(signature, config, tokenizer);
    expect(detection.task).toBe('generic');
    expect(detection.reason).toMatch(reason);
    expect(detection.reason).toMatch(/tensor view/);
  });

  it('leaves a per-token model with no architecture to the other rows (text classification refuses it)', () => {
    const detection = detect(NER, { id2label: LABELS });
    expect(detection.task).toBe('generic');
    expect(detection.reason).toMatch(/not one row of scores per text/);
  });
});

describe('question answering', () => {
  it('accepts …ForQuestionAnswering with start_logits and end_logits', () => {
    const detection = detect(QA, { architectures: ['DistilBertForQuestionAnswering'] });
    expect(detection.task).toBe('question-answering');
    expect(detection.reason).toMatch(/start_logits, end_logits/);
  });

  it('takes two unnamed outputs as start and end', () => {
    const signature = {
      ...QA,
      outputs: [tensor('output_0', 'float32', ['b', 's']), tensor('output_1', 'float32', ['b', 's'])],
    };
    expect(detect(signature, { architectures: ['BertForQuestionAnswering'] }).task).toBe(
      'question-answering',
    );
  });

  it.each([
    [
      'one output',
      { ...QA, outputs: [tensor('logits', 'float32', ['b', 's', 2])] },
      true,
      /not start_logits and end_logits/,
    ],
    [
      'rank-3 logits',
      {
        ...QA,
        outputs: [
          tensor('start_logits', 'float32', ['b', 's', 1]),
          tensor('end_logits', 'float32', ['b', 's']),
        ],
      },
      true,
      /start_logits has shape/,
    ],
    ['no tokenizer.json', QA, false, /tokenizer\.json is missing/],
  ])('near miss (%s) opens in the tensor view, saying why', (_, signature, tokenizer, reason) => {
    const detection = detect(signature, { architectures: ['BertForQuestionAnswering'] }, tokenizer);
    expect(detection.task).toBe('generic');
    expect(detection.reason).toMatch(reason);
  });

  it('does not take a sequence classifier', () => {
    expect(detect(BERT, { architectures: ['BertForSequenceClassification'] }).task).toBe(
      'text-classification',
    );
  });
});
