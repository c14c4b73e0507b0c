// Token attributions on the embedded tiny BERT with real ONNX Runtime (WASM in Node): the one batched
// occlusion run gives the same probabilities as running each variant alone, and what "not" does to "good".
import { beforeAll, describe, expect, it } from 'vitest';
import { catalogEntry, embeddedLocation } from '../../src/lib/catalog/model-catalog.ts';
import { rankPositions } from '../../src/lib/explain/token-occlusion.ts';
import { REPO_ORIGIN } from '../support/file-fetch.ts';
import { nodeInferenceService } from '../support/node-service.ts';

const entry = catalogEntry('tiny-sentiment-bert');
if (!entry) throw new Error('tiny-sentiment-bert is not in the catalog');
const location = embeddedLocation(entry, REPO_ORIGIN + entry.folder);
const service = nodeInferenceService();

describe('token attributions with tiny-sentiment-bert on WASM', () => {
  beforeAll(async () => {
    await service.load('text-classification', location, 'wasm');
  });

  it('runs every [MASK] variant in one batch, equal to running each alone (1e-6)', async () => {
    const text = 'The food was cold and the waiter was rude.';
    const run = await service.explainText(location.key, 'wasm', text, { windows: [1] });
    expect(run.occlusion).toBe('mask');
    expect(run.maskToken).toBe('[MASK]');
    expect(run.modelRuns).toBe(1);
    const explainableCount = run.explainable.filter(Boolean).length;
    expect(run.sequences).toBe(1 + explainableCount);
    expect(run.explainable[0]).toBe(false);
    expect(run.explainable.at(-1)).toBe(false);
    const words = run.tokens.map((t) => t.token);
    const alone = await service.classify(location.key, 'wasm', [text]);
    alone.lines[0]?.probabilities.forEach((entry, label) =>
      expect(Math.abs(entry.probability - (run.probabilities[label] ?? NaN))).toBeLessThan(1e-6),
    );
    for (let position = 1; position < words.length - 1; position++) {
      const masked = words.slice(1, -1).map((word, i) => (i + 1 === position ? '[MASK]' : word));
      const single = await service.classify(location.key, 'wasm', [masked.join(' ').replaceAll(' ##', '')]);
      const line = single.lines[0];
      const expectedIds = run.tokens.map((t, i) => (i === position ? 103 : t.id));
      expect(line?.tokens.map((t) => t.id)).toEqual(expectedIds);
      line?.probabilities.forEach((entry, label) => {
        const fromBatch = (run.probabilities[label] ?? NaN) - (run.leaveOneOut[label]?.[position] ?? NaN);
        expect(Math.abs(entry.probability - fromBatch)).toBeLessThan(1e-6);
      });
    }
  });

  it('explains "not good": the model says negative, and "not" pushes hardest toward negative', async () => {
    const good = await service.explainText(location.key, 'wasm', 'good');
    const notGood = await service.explainText(location.key, 'wasm', 'not good');
    expect(good.labels[good.predicted]).toBe('positive');
    expect(notGood.labels[notGood.predicted]).toBe('negative');
    const negative = notGood.labels.indexOf('negative');
    const ranked = rankPositions(notGood.leaveOneOut[negative] ?? [], notGood.explainable);
    expect(notGood.tokens[ranked[0] ?? -1]?.token).toBe('not');
    expect(notGood.leaveOneOut[negative]?.[1]).toBeGreaterThan(0);
    expect(notGood.smoothed?.[negative]?.[1]).toBeGreaterThan(0);
  });

  it('gets "Not bad at all" wrong because of "bad", as the lesson says', async () => {
    const run = await service.explainText(location.key, 'wasm', 'Not bad at all, I would come back.');
    expect(run.labels[run.predicted]).toBe('negative');
    const toward = run.leaveOneOut[run.predicted] ?? [];
    expect(run.tokens[rankPositions(toward, run.explainable)[0] ?? -1]?.token).toBe('bad');
    expect(Math.abs(toward[1] ?? NaN)).toBeLessThan(0.05);
  });

  it('explains a 20-token sentence (1- to 3-token windows) in one run', async () => {
    const text =
      'The staff were friendly but the room was small, noisy and far too expensive for what it was.';
    const run = await service.explainText(location.key, 'wasm', text);
    expect(run.tokens.length).toBeGreaterThanOrEqual(20);
    expect(run.modelRuns).toBe(1);
    expect(run.smoothed?.[0]).toHaveLength(run.tokens.length);
  });

  it('refuses an empty sentence with a typed error', async () => {
    await expect(service.explainText(location.key, 'wasm', '   ')).rejects.toMatchObject({
      code: 'empty-input',
    });
  });
});
