// Zero-shot classification and sentence embeddings through the inference service with real ONNX Runtime
// (WASM), on the tiny random models in the exact hub layout served by the local hub stand-in: recognition
// from the files, outputs equal to the recipe's PyTorch/NumPy goldens, the embedded classifier shown as
// embeddings, and the bad inputs (no labels, a model with no entailment class, 10,000 sentences stopped).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GlassboxError } from '../../src/lib/errors.ts';
import { hubLocation } from '../../src/lib/sources/hub.ts';
import type { ModelLocation } from '../../src/lib/sources/model-location.ts';
import { InferenceService } from '../../workers/inference/inference-service.ts';
import { REPO_ROOT } from '../support/file-fetch.ts';
import { startHubServer, type HubServer } from '../support/hub-server.ts';

interface ZeroShotCase {
  premise: string;
  candidateLabels: string[];
  hypothesisTemplate: string;
  inputIds: number[][];
  tokenTypeIds: number[][];
  logits: number[][];
  singleLabel: { labels: string[]; scores: number[] };
  multiLabel: { labels: string[]; scores: number[] };
}
const FIXTURES = `${REPO_ROOT}/tests/fixtures/hub/glassbox`;
const nli = JSON.parse(readFileSync(`${FIXTURES}/tiny-random-nli-bert/reference.json`, 'utf8')) as {
  cases: ZeroShotCase[];
};
const sentence = JSON.parse(readFileSync(`${FIXTURES}/tiny-random-sentence-bert/reference.json`, 'utf8')) as {
  sentences: string[];
  inputIds: number[][];
  embeddings: number[][];
  similarity: number[][];
  pca: { points: number[][] };
};

let server: HubServer;
let service: InferenceService;
const hub = (repo: string): ModelLocation => hubLocation(server.url, `glassbox/${repo}`, 'main', 'fp32');

beforeAll(async () => {
  server = await startHubServer({ root: REPO_ROOT });
  service = new InferenceService({
    fetch: globalThis.fetch.bind(globalThis),
    caches: null,
    gpu: undefined,
    crossOriginIsolated: false,
    hardwareConcurrency: 1,
    isSecureContext: true,
  });
});
afterAll(async () => {
  await server.close();
});

async function failure(promise: Promise<unknown>): Promise<GlassboxError> {
  const error = await promise.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  return error as GlassboxError;
}

describe('zero-shot classification on tiny-random-nli-bert', () => {
  it('is recognised as zero-shot from config.json’s entailment class', async () => {
    const opened = await service.openModel(hub('tiny-random-nli-bert'));
    expect(opened.detection.task).toBe('zero-shot');
    expect(opened.detection.reason).toContain('entailment');
  });

  it('scores the labels as the Hugging Face pipeline’s golden does, single- and multi-label', async () => {
    const location = hub('tiny-random-nli-bert');
    const loaded = await service.load('zero-shot', location, 'wasm');
    expect(loaded.info).toMatchObject({
      classes: ['contradiction', 'neutral', 'entailment'],
      entailmentId: 2,
      contradictionId: 0,
    });
    for (const golden of nli.cases) {
      for (const multiLabel of [false, true]) {
        const run = await service.classifyZeroShot(
          location.key,
          'wasm',
          golden.premise,
          golden.candidateLabels,
          golden.hypothesisTemplate,
          multiLabel,
        );
        expect(run.pairs.map((pair) => pair.tokens.map((token) => token.id))).toEqual(golden.inputIds);
        run.logits.forEach((value, i) => expect(value).toBeCloseTo(golden.logits.flat()[i]!, 4));
        const expected = multiLabel ? golden.multiLabel : golden.singleLabel;
        expect(run.scores.map((score) => score.label)).toEqual(expected.labels);
        run.scores.forEach((score, i) => expect(score.score).toBeCloseTo(expected.scores[i]!, 5));
      }
    }
  });

  it('refuses no candidate labels and a template without {} with a sentence', async () => {
    const key = hub('tiny-random-nli-bert').key;
    const none = await failure(service.classifyZeroShot(key, 'wasm', 'Some text', [], 'This is {}.', false));
    expect(none.code).toBe('empty-input');
    expect(none.message).toMatch(/no candidate labels/);
    const template = await failure(
      service.classifyZeroShot(key, 'wasm', 'Some text', ['a'], 'No slot', false),
    );
    expect(template.message).toMatch(/has no \{\}/);
  });

  it('refuses a classifier whose id2label has no entailment class, naming its classes', async () => {
    const error = await failure(service.load('zero-shot', hub('tiny-sentiment-bert'), 'wasm'));
    expect(error.code).toBe('model-config-invalid');
    expect(error.message).toContain('negative, positive');
    expect(error.message).toContain('no “entailment”');
  });
});

describe('sentence embeddings on tiny-random-sentence-bert', () => {
  it('is recognised from modules.json and 1_Pooling/config.json', async () => {
    const opened = await service.openModel(hub('tiny-random-sentence-bert'));
    expect(opened.detection.task).toBe('sentence-embeddings');
    expect(opened.detection.reason).toContain('mean pooling, L2-normalised');
    expect(opened.files).toEqual(expect.arrayContaining(['modules', 'pooling']));
  });

  it('gives the sentence-transformers golden: embeddings, cosine similarities and the PCA map', async () => {
    const location = hub('tiny-random-sentence-bert');
    const loaded = await service.load('sentence-embeddings', location, 'wasm');
    expect(loaded.info).toMatchObject({
      origin: 'encoder',
      output: 'last_hidden_state',
      plan: { pooling: ['mean'], normalize: true },
    });
    const progress: Array<[number, number]> = [];
    const run = await service.embedSentences(location.key, 'wasm', sentence.sentences, (done, total) =>
      progress.push([done, total]),
    );
    expect(run).toMatchObject({ count: 5, total: 5, stopped: false, dimensions: 32, truncated: 0 });
    expect(progress.at(-1)).toEqual([5, 5]);
    run.shown.embeddings.forEach((vector, i) =>
      vector.forEach((value, j) => expect(value).toBeCloseTo(sentence.embeddings[i]![j]!, 5)),
    );
    run.shown.similarity.forEach((row, i) =>
      row.forEach((value, j) => expect(value).toBeCloseTo(sentence.similarity[i]![j]!, 5)),
    );
    sentence.pca.points.forEach(([x, y], i) => {
      expect(run.map.points[i * 2]).toBeCloseTo(x!, 4);
      expect(run.map.points[i * 2 + 1]).toBeCloseTo(y!, 4);
    });
    const near = await service.nearestSentences(location.key, 'wasm', sentence.sentences[3]!, 3);
    expect(near.neighbours[0]).toMatchObject({ index: 3, sentence: sentence.sentences[3] });
    expect(near.neighbours[0]!.similarity).toBeCloseTo(1, 5);
    const byGolden = sentence.similarity[3]!.map((s, i) => ({ s, i })).sort((a, b) => b.s - a.s);
    expect(near.neighbours.map((n) => n.index)).toEqual(byGolden.slice(0, 3).map((entry) => entry.i));
  });

  it('embeds 10,000 sentences in batches with progress, and stops between batches when cancelled', async () => {
    const key = hub('tiny-random-sentence-bert').key;
    const many = Array.from({ length: 10_000 }, (_, i) => `sentence number ${i} is about the cat`);
    let reports = 0;
    const run = await service.embedSentences(key, 'wasm', many, () => {
      reports++;
      if (reports === 3) service.cancelExplanations();
    });
    expect(run).toMatchObject({ stopped: true, total: 10_000, count: 96 });
    expect(run.map.points).toHaveLength(96 * 2);
  });
});

describe('the embedded classifier shown as sentence embeddings', () => {
  it('pools its encoder’s last hidden state, and says it comes from a classifier', async () => {
    const location = hub('tiny-sentiment-bert');
    const loaded = await service.load('sentence-embeddings', location, 'wasm');
    expect(loaded.info).toMatchObject({
      origin: 'classifier',
      plan: { pooling: ['mean'], normalize: false },
    });
    expect(loaded.info.output).toContain('LayerNorm');
    const run = await service.embedSentences(location.key, 'wasm', [
      'great food',
      'great food',
      'awful service',
    ]);
    expect(run.dimensions).toBe(64);
    expect(run.shown.similarity[0]![1]).toBeCloseTo(1, 6);
    expect(run.shown.similarity[0]![2]).toBeLessThan(0.999);
  });
});

describe('zero-shot attributions', () => {
  it('hides only the text’s tokens and scores each by the drop of its label’s entailment probability', async () => {
    const location = hub('tiny-random-nli-bert');
    await service.load('zero-shot', location, 'wasm');
    const golden = nli.cases[0]!;
    const run = await service.explainZeroShot(
      location.key,
      'wasm',
      golden.premise,
      'politics',
      golden.hypothesisTemplate,
    );
    expect(run.tokens.map((token) => token.id)).toEqual(golden.inputIds[0]);
    const premiseTokens = golden.tokenTypeIds[0]!.filter((type) => type === 0).length - 2;
    expect(run.explainable.filter(Boolean)).toHaveLength(premiseTokens);
    expect(run.explainable.slice(1, 1 + premiseTokens).every(Boolean)).toBe(true);
    // The unchanged pair's probabilities are the softmax of the golden logits; the target is entailment.
    const logits = golden.logits[0]!;
    const exps = logits.map((value) => Math.exp(value - Math.max(...logits)));
    run.probabilities.forEach((p, i) => expect(p).toBeCloseTo(exps[i]! / exps.reduce((a, b) => a + b, 0), 5));
    expect(run.labels[run.predicted]).toBe('entailment');
    const toward = run.leaveOneOut[run.predicted]!;
    run.explainable.forEach((explainable, i) => {
      if (!explainable) expect(toward[i]).toBe(0);
    });
    expect(toward.some((value) => Math.abs(value) > 1e-4)).toBe(true);
    expect(run.occlusion).toBe('mask');
  });
});
