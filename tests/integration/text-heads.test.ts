// The entities and question-answering adapters on the tiny random BERT heads of tests/fixtures/hub
// (models/recipes/tiny-random-text-heads), downloaded from the local hub server and run with real ONNX
// Runtime (WASM in Node): recognised as their task, and every post-processed output equal to the
// recipe's NumPy goldens (a port of transformers' pipelines) from the same weights.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubLocation } from '../../src/lib/sources/hub.ts';
import type { ModelLocation } from '../../src/lib/sources/model-location.ts';
import { InferenceService } from '../../workers/inference/inference-service.ts';
import { REPO_ROOT } from '../support/file-fetch.ts';
import { startHubServer, type HubServer } from '../support/hub-server.ts';
import { AGGREGATION_STRATEGIES } from '../../src/lib/tasks/token-classification/aggregate.ts';
import { labelsOf } from '../../workers/inference/tasks/token-classifier.ts';

const SCORE_TOLERANCE = 1e-5;

interface NerCase {
  text: string;
  input_ids: number[];
  entities: Record<
    string,
    Array<{ entity?: string; entity_group?: string; score: number; word: string; start: number; end: number }>
  >;
}
interface QaCase {
  question: string;
  context: string;
  topK: number;
  maxAnswerLen: number;
  max_seq_len: number;
  doc_stride: number;
  windows: Array<{ input_ids: number[]; contextRange: [number, number] }>;
  answers: Array<{
    score: number;
    start: number;
    end: number;
    answer: string;
    window: number;
    startToken: number;
    endToken: number;
  }>;
}

let server: HubServer;
let service: InferenceService;
const hub = (repo: string): ModelLocation => hubLocation(server.url, `glassbox/${repo}`, 'main', 'fp32');
const reference = async <T>(repo: string): Promise<T> =>
  (await (await fetch(`${server.url}/glassbox/${repo}/resolve/main/reference.json`)).json()) as T;

beforeAll(async () => {
  server = await startHubServer({ root: REPO_ROOT });
  service = new InferenceService({
    fetch: globalThis.fetch.bind(globalThis),
    caches: null,
    isOnline: () => true,
    gpu: undefined,
    crossOriginIsolated: false,
    hardwareConcurrency: 1,
    isSecureContext: true,
  });
});
afterAll(async () => {
  await server.close();
});

describe('tiny-random-bert-ner', () => {
  it('opens as token classification', async () => {
    const opened = await service.openModel(hub('tiny-random-bert-ner'));
    expect(opened.detection.task).toBe('token-classification');
    expect(opened.detection.reason).toMatch(/BertForTokenClassification/);
  });

  it('gives the recipe’s entities for every strategy', async () => {
    const loaded = await service.load('token-classification', hub('tiny-random-bert-ner'), 'wasm');
    expect(loaded.info.labels).toEqual(['O', 'B-PER', 'I-PER', 'B-LOC', 'I-LOC', 'B-ORG', 'I-ORG']);
    const { cases } = await reference<{ cases: NerCase[] }>('tiny-random-bert-ner');
    for (const golden of cases) {
      const run = await service.recogniseEntities(loaded.info.modelKey, 'wasm', golden.text);
      expect(
        run.tokens.map((token) => token.id),
        golden.text,
      ).toEqual(golden.input_ids);
      for (const strategy of AGGREGATION_STRATEGIES) {
        const expected = golden.entities[strategy] ?? [];
        const got = run.entities[strategy];
        expect(
          got.map(({ label, word, start, end }) => ({ label, word, start, end })),
          `${golden.text} (${strategy})`,
        ).toEqual(
          expected.map((e) => ({
            label: e.entity ?? e.entity_group,
            word: e.word,
            start: e.start,
            end: e.end,
          })),
        );
        got.forEach((entity, i) => expect(entity.score).toBeCloseTo(expected[i]?.score ?? -1, 5));
      }
    }
  });

  it('explains an entity: the drops are its score less its score with each token masked', async () => {
    const loaded = await service.load('token-classification', hub('tiny-random-bert-ner'), 'wasm');
    const text = 'Hello Sarah Jessica Parker who Jessica lives in New York';
    const run = await service.recogniseEntities(loaded.info.modelKey, 'wasm', text);
    const entity = run.entities.simple[0];
    if (!entity) throw new Error('no entity to explain');
    const explained = await service.explainEntity(loaded.info.modelKey, 'wasm', text, entity.parts);
    expect(explained.baseline).toBeCloseTo(entity.score, 5);
    expect(explained.explainable[0]).toBe(false);
    expect(explained.drops.some((drop) => Math.abs(drop) > SCORE_TOLERANCE)).toBe(true);
    expect(explained.sequences).toBe(explained.explainable.filter(Boolean).length + 1);
  });

  it('refuses a missing or malformed id2label with a sentence', () => {
    expect(labelsOf({ id2label: { '1': 'B-PER', '0': 'O' } }, 'config.json')).toEqual(['O', 'B-PER']);
    expect(() => labelsOf({}, 'config.json')).toThrow('config.json has no id2label');
    expect(() => labelsOf({ id2label: {} }, 'config.json')).toThrow(/empty id2label/);
    expect(() => labelsOf({ id2label: { '0': 'O', '5': 'B-PER' } }, 'config.json')).toThrow(
      /not a label number 0–1/,
    );
    expect(() => labelsOf({ id2label: ['O'] }, 'config.json')).toThrow(/no id2label/);
    expect(() => labelsOf({ id2label: { '0': 7 } }, 'config.json')).toThrow(/with a name/);
  });

  it('says why an empty text cannot be read', async () => {
    const loaded = await service.load('token-classification', hub('tiny-random-bert-ner'), 'wasm');
    await expect(service.recogniseEntities(loaded.info.modelKey, 'wasm', '  ')).rejects.toMatchObject({
      code: 'empty-input',
    });
  });
});

describe('tiny-random-bert-qa', () => {
  it('opens as question answering', async () => {
    const opened = await service.openModel(hub('tiny-random-bert-qa'));
    expect(opened.detection.task).toBe('question-answering');
  });

  it('gives the recipe’s answers, windows and scores', async () => {
    const loaded = await service.load('question-answering', hub('tiny-random-bert-qa'), 'wasm');
    const { cases } = await reference<{ cases: QaCase[] }>('tiny-random-bert-qa');
    for (const golden of cases) {
      expect(loaded.info.windowPlan).toEqual({ maxSeqLen: golden.max_seq_len, docStride: golden.doc_stride });
      const run = await service.answerQuestion(
        loaded.info.modelKey,
        'wasm',
        golden.question,
        golden.context,
        {
          topK: golden.topK,
          maxAnswerLen: golden.maxAnswerLen,
          handleImpossibleAnswer: false,
        },
      );
      expect(run.windows.map((w) => [w.contextStart, w.contextStart + w.contextLength])).toEqual(
        golden.windows.map((w) => w.contextRange),
      );
      expect(
        run.answers.map(({ answer, start, end, window, startToken, endToken }) => ({
          answer,
          start,
          end,
          window,
          startToken,
          endToken,
        })),
      ).toEqual(
        golden.answers.map(({ answer, start, end, window, startToken, endToken }) => ({
          answer,
          start,
          end,
          window,
          startToken,
          endToken,
        })),
      );
      run.answers.forEach((answer, i) => expect(answer.score).toBeCloseTo(golden.answers[i]?.score ?? -1, 5));
    }
  });

  it('explains an answer against its own score', async () => {
    const loaded = await service.load('question-answering', hub('tiny-random-bert-qa'), 'wasm');
    const question = 'Where was HuggingFace founded?';
    const context = 'HuggingFace was founded in Paris.';
    const run = await service.answerQuestion(loaded.info.modelKey, 'wasm', question, context);
    const answer = run.answers[0];
    if (!answer) throw new Error('no answer');
    const explained = await service.explainAnswer(loaded.info.modelKey, 'wasm', question, context, answer);
    expect(explained.baseline).toBeCloseTo(answer.score, 5);
    expect(explained.tokens.filter((token) => token.inContext).length).toBe(run.windows[0]?.contextLength);
    expect(explained.explainable.filter(Boolean).length).toBe(explained.sequences - 1);
  });

  it('refuses an empty question and an empty context with a sentence', async () => {
    const loaded = await service.load('question-answering', hub('tiny-random-bert-qa'), 'wasm');
    await expect(service.answerQuestion(loaded.info.modelKey, 'wasm', ' ', 'Some text.')).rejects.toThrow(
      /no question/,
    );
    await expect(service.answerQuestion(loaded.info.modelKey, 'wasm', 'Why?', '')).rejects.toThrow(/no text/);
  });
});
