// The task registry: one row per task, each view's task and back, and recognition asked row by row in
// order, with the tensor view (and a reason) for what no row takes.
import { describe, expect, it } from 'vitest';
import { MODEL_CATALOG } from '../../../src/lib/catalog/model-catalog.ts';
import type { IoSignature } from '../../../src/lib/sources/io-signature.ts';
import { SHARE_VIEWS } from '../../../src/lib/sources/share-state.ts';
import type { ModelEvidence, Recognition } from '../../../src/lib/tasks/recognition.ts';
import {
  FALLBACK_TASK,
  isTaskId,
  isTaskView,
  readsLinkField,
  recogniseTask,
  TASK_IDS,
  TASK_ROWS,
  TASK_VIEWS,
  taskOfView,
  taskRow,
  viewOfTask,
  type TaskId,
} from '../../../src/lib/tasks/registry.ts';
import { BERT, tensor, YOLO } from '../../support/io-signatures.ts';

const MLP: IoSignature = {
  inputs: [tensor('x', 'float32', [1, 16])],
  outputs: [tensor('y', 'float32', [1, 4])],
};

function evidence(signature: IoSignature, config: Record<string, unknown> | null = null): ModelEvidence {
  return { signature, config, available: { tokenizer: true } };
}

describe('the rows', () => {
  it('has one row per task id, the tensor view last with no recogniser', () => {
    expect(TASK_IDS).toEqual([
      'text-generation',
      'token-classification',
      'question-answering',
      'fill-mask',
      'zero-shot',
      'sentence-embeddings',
      'text-classification',
      'image-classification',
      'object-detection',
      'generic',
    ]);
    expect(new Set(TASK_IDS).size).toBe(TASK_ROWS.length);
    expect(TASK_ROWS.at(-1)?.id).toBe(FALLBACK_TASK);
    expect(taskRow(FALLBACK_TASK).recognise).toBeNull();
    for (const row of TASK_ROWS.slice(0, -1)) expect(row.recognise).toBeTypeOf('function');
  });

  it('maps each task to its view and each model view back to its task', () => {
    expect(TASK_IDS.map(viewOfTask)).toEqual([
      'generate',
      'entities',
      'answer',
      'fill-mask',
      'zero-shot',
      'embeddings',
      'text',
      'classify',
      'detection',
      'tensors',
    ]);
    expect(TASK_VIEWS).toEqual([
      'generate',
      'entities',
      'answer',
      'fill-mask',
      'zero-shot',
      'embeddings',
      'text',
      'classify',
      'detection',
      'tensors',
    ]);
    for (const task of TASK_IDS) expect(taskOfView(viewOfTask(task))).toBe(task);
    for (const view of ['models', 'inspect', 'bench', 'nope']) expect(taskOfView(view)).toBeNull();
  });

  it('gives every task view a tab a link can name, between models and inspect', () => {
    expect(SHARE_VIEWS).toEqual([
      'models',
      'generate',
      'entities',
      'answer',
      'fill-mask',
      'zero-shot',
      'embeddings',
      'text',
      'classify',
      'detection',
      'tensors',
      'inspect',
      'bench',
    ]);
  });

  it('names a distinct worker adapter per task', () => {
    const adapters = TASK_ROWS.map((row) => row.adapter);
    expect(new Set(adapters).size).toBe(adapters.length);
  });

  it('says which link fields and glass-box features apply', () => {
    expect(readsLinkField('text-classification', 'text')).toBe(true);
    expect(readsLinkField('text-classification', 'pair')).toBe(true);
    expect(readsLinkField('text-classification', 'sample')).toBe(false);
    expect(readsLinkField('object-detection', 'sample')).toBe(true);
    expect(readsLinkField('object-detection', 'text')).toBe(false);
    expect(readsLinkField('image-classification', 'sample')).toBe(true);
    expect(taskRow('image-classification').benchInput).toBe('synthetic');
    expect(readsLinkField('generic', 'text')).toBe(false);
    expect(taskRow('text-classification').features.attention).toBe(true);
    expect(taskRow('object-detection').features.attention).toBe(false);
    expect(taskRow('generic').features.attributions).toBe(false);
    // Every task can be looked inside; a language model's attention is that of a generated token's step.
    expect(TASK_ROWS.filter((row) => !row.features.lookInside).map((row) => row.id)).toEqual([]);
    expect(taskRow('text-generation').features.attention).toBe(true);
    expect(taskRow('text-classification').benchInput).toBe('text');
    expect(taskRow('object-detection').benchInput).toBe('image');
    expect(readsLinkField('fill-mask', 'text')).toBe(true);
    expect(readsLinkField('fill-mask', 'pair')).toBe(false);
    expect(taskRow('fill-mask').features).toMatchObject({
      lookInside: true,
      attention: true,
      attributions: true,
    });
    // The text heads' attention panels and lessons (tests/e2e/text-task-attention, lesson-text-tasks).
    for (const task of ['token-classification', 'question-answering', 'zero-shot'] as const) {
      expect(taskRow(task).features).toMatchObject({ attention: true, lessons: true });
    }
    expect(taskRow('sentence-embeddings').features.lessons).toBe(true);
  });

  it('has a row for the task of every catalog model', () => {
    for (const entry of MODEL_CATALOG) expect(isTaskId(entry.task)).toBe(true);
    expect(isTaskId('text-generation-that-does-not-exist')).toBe(false);
    expect(isTaskView('tensors')).toBe(true);
    expect(isTaskView('inspect')).toBe(false);
  });
});

describe('recogniseTask', () => {
  it('recognises a text classifier from its IO signature and config', () => {
    const detection = recogniseTask(evidence(BERT, { architectures: ['BertForSequenceClassification'] }));
    expect(detection.task).toBe('text-classification');
    expect(detection.reason).toMatch(/config\.json names BertForSequenceClassification\.$/);
  });

  it('recognises a detector from its output layout', () => {
    expect(recogniseTask(evidence(YOLO, null)).task).toBe('object-detection');
  });

  it('takes an NLI classifier for zero-shot before text classification, and a bare encoder for embeddings', () => {
    const nli = {
      architectures: ['BertForSequenceClassification'],
      id2label: { 0: 'contradiction', 1: 'neutral', 2: 'entailment' },
    };
    expect(recogniseTask(evidence(BERT, nli)).task).toBe('zero-shot');
    const sentiment = {
      architectures: ['BertForSequenceClassification'],
      id2label: { 0: 'negative', 1: 'positive' },
    };
    expect(recogniseTask(evidence(BERT, sentiment)).task).toBe('text-classification');
    const encoder: IoSignature = {
      ...BERT,
      outputs: [tensor('last_hidden_state', 'float32', ['batch', 'sequence', 384])],
    };
    expect(recogniseTask(evidence(encoder, { architectures: ['BertModel'] })).task).toBe(
      'sentence-embeddings',
    );
    const modules = [
      { type: 'sentence_transformers.models.Transformer' },
      { type: 'sentence_transformers.models.Pooling' },
    ];
    const layout = {
      ...evidence(encoder, null),
      folder: { modules, pooling: { pooling_mode_cls_token: true } },
    };
    expect(recogniseTask(layout)).toMatchObject({
      task: 'sentence-embeddings',
      reason: expect.stringContaining('[CLS] pooling'),
    });
  });

  it('sends a model no row knows to the tensor view, with a reason', () => {
    expect(recogniseTask(evidence(MLP))).toEqual({
      task: 'generic',
      reason:
        '1 input (x) matches no task Glassbox knows; it opens in the tensor view, which runs any model.',
    });
  });

  it('sends a model a row refuses to the tensor view with that row’s reason, asking no later row', () => {
    const detection = recogniseTask(evidence(BERT, { architectures: ['BertForPreTraining'] }));
    expect(detection.task).toBe('generic');
    expect(detection.reason).toContain('BertForPreTraining, which is not a text classifier');
    // A masked-LM head on a classifier's output ([batch, 2]): the fill-mask row refuses it first.
    const masked = recogniseTask(evidence(BERT, { architectures: ['BertForMaskedLM'] }));
    expect(masked.task).toBe('generic');
    expect(masked.reason).toContain('not one row of vocabulary scores per token');
  });

  it('recognises a masked LM before text classification takes its input_ids', () => {
    const mlm: IoSignature = {
      ...BERT,
      outputs: [tensor('logits', 'float32', ['batch', 'sequence', 30522])],
    };
    const detection = recogniseTask(evidence(mlm, { architectures: ['BertForMaskedLM'], vocab_size: 30522 }));
    expect(detection.task).toBe('fill-mask');
    expect(detection.reason).toContain('config.json names BertForMaskedLM');
  });

  it('asks the rows in order: null passes the model on, the first answer wins', () => {
    const asked: string[] = [];
    const row = (id: TaskId, answer: Recognition) => ({
      id,
      recognise: () => {
        asked.push(id);
        return answer;
      },
    });
    const rows = [
      row('object-detection', null),
      row('text-classification', { accepted: true, reason: 'first taker' }),
      row('generic', { accepted: true, reason: 'never asked' }),
    ];
    expect(recogniseTask(evidence(MLP), rows)).toEqual({
      task: 'text-classification',
      reason: 'first taker',
    });
    expect(asked).toEqual(['object-detection', 'text-classification']);
    const refusing = [row('object-detection', { accepted: false, reason: 'not an image model' })];
    expect(recogniseTask(evidence(YOLO), refusing)).toEqual({
      task: 'generic',
      reason: 'not an image model',
    });
  });
});
