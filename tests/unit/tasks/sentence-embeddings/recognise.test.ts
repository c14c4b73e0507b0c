// Which models the embeddings row takes (sentence-transformers folders, bare encoders), what it leaves to
// the other rows, and the near misses it refuses with the reason; the sentence-transformers plan read from
// modules.json and 1_Pooling/config.json; the last hidden state found inside the embedded classifier.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeModelMessage } from '../../../../src/lib/capture/capture-variant.ts';
import type { IoSignature } from '../../../../src/lib/sources/io-signature.ts';
import { lastHiddenStateOf } from '../../../../src/lib/tasks/sentence-embeddings/classifier-encoder.ts';
import { recogniseSentenceEmbeddings } from '../../../../src/lib/tasks/sentence-embeddings/recognise.ts';
import {
  describePlan,
  embeddingPlan,
} from '../../../../src/lib/tasks/sentence-embeddings/sentence-transformers-layout.ts';
import { BERT, tensor } from '../../../support/io-signatures.ts';

const ENCODER: IoSignature = { ...BERT, outputs: [tensor('last_hidden_state', 'float32', ['b', 's', 384])] };
const TRANSFORMER = { type: 'sentence_transformers.models.Transformer' };
const POOLING = { type: 'sentence_transformers.models.Pooling', path: '1_Pooling' };
const NORMALIZE = { type: 'sentence_transformers.models.Normalize' };
const MEAN = { pooling_mode_mean_tokens: true, pooling_mode_cls_token: false };

function ask(signature: IoSignature, config: Record<string, unknown> | null, folder = {}, tokenizer = true) {
  return recogniseSentenceEmbeddings({ signature, config, available: { tokenizer }, folder });
}

describe('embeddingPlan', () => {
  it('reads pooling modes and Normalize from a sentence-transformers folder', () => {
    expect(embeddingPlan([TRANSFORMER, POOLING, NORMALIZE], MEAN)).toEqual({
      ok: true,
      plan: { pooling: ['mean'], normalize: true, source: 'sentence-transformers' },
    });
    const both = embeddingPlan([TRANSFORMER, POOLING], {
      pooling_mode_cls_token: true,
      pooling_mode_max_tokens: true,
    });
    expect(both.ok && describePlan(both.plan)).toBe('[CLS] + max pooling');
  });

  it('defaults to mean pooling without modules.json', () => {
    expect(embeddingPlan(null, null)).toMatchObject({
      ok: true,
      plan: { pooling: ['mean'], normalize: false, source: 'default' },
    });
  });

  it('refuses what it would not compute as the model does', () => {
    const dense = { type: 'sentence_transformers.models.Dense' };
    expect(embeddingPlan([TRANSFORMER, POOLING, dense], MEAN)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('Dense'),
    });
    expect(embeddingPlan([TRANSFORMER, POOLING], null)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('1_Pooling/config.json is missing'),
    });
    expect(embeddingPlan([TRANSFORMER], MEAN)).toMatchObject({ ok: false });
    expect(embeddingPlan({}, MEAN)).toMatchObject({ ok: false });
    expect(embeddingPlan([TRANSFORMER, POOLING], { pooling_mode_weightedmean_tokens: true })).toMatchObject({
      ok: false,
    });
    expect(embeddingPlan([TRANSFORMER, POOLING], {})).toMatchObject({ ok: false });
  });
});

describe('recogniseSentenceEmbeddings', () => {
  it('takes a sentence-transformers folder whatever config.json names, and says how it pools', () => {
    const answer = ask(ENCODER, null, { modules: [TRANSFORMER, POOLING, NORMALIZE], pooling: MEAN });
    expect(answer).toMatchObject({
      accepted: true,
      reason: expect.stringContaining('mean pooling, L2-normalised'),
    });
    const pooled: IoSignature = { ...BERT, outputs: [tensor('sentence_embedding', 'float32', ['b', 384])] };
    expect(ask(pooled, null, { modules: [TRANSFORMER, POOLING], pooling: MEAN })?.reason).toContain(
      'already one vector per sentence',
    );
  });

  it('takes a bare encoder without modules.json, with mean pooling', () => {
    expect(ask(ENCODER, { architectures: ['XLMRobertaModel'] })).toMatchObject({
      accepted: true,
      reason: expect.stringContaining('no modules.json says otherwise'),
    });
  });

  it('leaves heads and models without input_ids to the other rows', () => {
    expect(ask(BERT, { architectures: ['BertForSequenceClassification'] })).toBeNull();
    expect(ask(ENCODER, { architectures: ['GPT2LMHeadModel'] })).toBeNull();
    expect(ask(ENCODER, null)).toBeNull();
    expect(
      ask({ inputs: [tensor('x', 'float32', [1])], outputs: [] }, null, { modules: [TRANSFORMER] }),
    ).toBeNull();
  });

  it('refuses near misses with the reason', () => {
    expect(ask(ENCODER, { architectures: ['BertModel'] }, {}, false)).toMatchObject({
      accepted: false,
      reason: expect.stringContaining('tokenizer.json is missing'),
    });
    expect(ask(BERT, null, { modules: [TRANSFORMER, POOLING], pooling: MEAN })).toMatchObject({
      accepted: false,
      reason: expect.stringContaining('no output gives one vector'),
    });
    // A bare encoder with no token vectors is left to text classification, which refuses it.
    expect(ask(BERT, { architectures: ['BertModel'] })).toBeNull();
    const dense = { type: 'sentence_transformers.models.Dense' };
    expect(ask(ENCODER, null, { modules: [TRANSFORMER, POOLING, dense], pooling: MEAN })).toMatchObject({
      accepted: false,
      reason: expect.stringContaining('Dense'),
    });
  });
});

describe('lastHiddenStateOf', () => {
  it('finds the embedded classifier’s encoder output: the value its pooler gathers [CLS] from', () => {
    const message = decodeModelMessage(readFileSync('models/tiny-sentiment-bert/onnx/model.onnx'));
    expect(lastHiddenStateOf(message.graph!)).toBe('/bert/encoder/layer.1/output/LayerNorm/Add_1_output_0');
  });

  it('finds none in a graph without a gather before its output', () => {
    const message = decodeModelMessage(
      readFileSync('tests/fixtures/hub/glassbox/tiny-random-sentence-bert/onnx/model.onnx'),
    );
    expect(lastHiddenStateOf(message.graph!)).toBeNull();
  });
});
