// Fill-mask in the inference service with real ONNX Runtime (WASM in Node): the tiny random BertForMaskedLM
// of tests/fixtures/hub (mask token <mask>, served by the local hub stand-in as the app fetches it) and the
// embedded tiny-bible-bert each give their recipe's PyTorch fillers; a text without a mask is refused in
// one sentence; occlusion explains a filler.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogEntry, embeddedLocation } from '../../src/lib/catalog/model-catalog.ts';
import { hubLocation } from '../../src/lib/sources/hub.ts';
import { InferenceService } from '../../workers/inference/inference-service.ts';
import { fileFetch, REPO_ORIGIN, REPO_ROOT } from '../support/file-fetch.ts';
import { startHubServer, type HubServer } from '../support/hub-server.ts';

interface GoldenMask {
  position: number;
  fillers: Array<{ token: string; id: number; probability: number }>;
}
interface Golden {
  cases: Array<{ text: string; ids: number[]; masks: GoldenMask[] }>;
}

const golden = (folder: string): Golden =>
  JSON.parse(readFileSync(resolve(REPO_ROOT, folder, 'reference.json'), 'utf8')) as Golden;

function service(
  fetch: NonNullable<ConstructorParameters<typeof InferenceService>[0]>['fetch'],
): InferenceService {
  return new InferenceService({
    fetch,
    gpu: undefined,
    crossOriginIsolated: false,
    hardwareConcurrency: 1,
    isSecureContext: true,
  });
}

async function expectGoldens(inference: InferenceService, key: string, reference: Golden): Promise<void> {
  for (const testCase of reference.cases) {
    const run = await inference.fillMask(key, 'wasm', testCase.text);
    expect(run.tokens.map((token) => token.id)).toEqual(testCase.ids);
    expect(run.masks.map((mask) => mask.position)).toEqual(testCase.masks.map((mask) => mask.position));
    run.masks.forEach((mask, i) => {
      const want = testCase.masks[i]?.fillers ?? [];
      expect(mask.fillers.map((filler) => filler.id)).toEqual(want.map((filler) => filler.id));
      expect(mask.fillers.map((filler) => filler.token)).toEqual(want.map((filler) => filler.token));
      mask.fillers.forEach((filler, j) =>
        expect(Math.abs(filler.probability - (want[j]?.probability ?? NaN))).toBeLessThan(1e-4),
      );
    });
  }
}

describe('tiny-random-bert-mlm from the local hub (WASM)', () => {
  let hub: HubServer;
  const inference = service(globalThis.fetch.bind(globalThis));
  let key = '';
  beforeAll(async () => {
    hub = await startHubServer({ root: REPO_ROOT });
  });
  afterAll(() => hub.close());

  it('is recognised as fill-mask, reads its own mask token, and gives the PyTorch fillers', async () => {
    const location = hubLocation(hub.url, 'glassbox/tiny-random-bert-mlm', 'main', 'fp32');
    const opened = await inference.openModel(location);
    expect(opened.detection.task).toBe('fill-mask');
    const loaded = await inference.load('fill-mask', location, 'wasm');
    key = location.key;
    expect(loaded.info.maskToken).toBe('<mask>');
    expect(loaded.info.outputs[0]?.name).toBe('logits');
    await expectGoldens(inference, key, golden('tests/fixtures/hub/glassbox/tiny-random-bert-mlm'));
  });

  it('refuses a text without the mask token in one sentence', async () => {
    await expect(inference.fillMask(key, 'wasm', 'No blank here.')).rejects.toMatchObject({
      code: 'empty-input',
      message: expect.stringContaining('<mask>') as unknown,
    });
    // [MASK] is not this model's mask token: it is no blank either.
    await expect(inference.fillMask(key, 'wasm', 'The [MASK] said.')).rejects.toMatchObject({
      code: 'empty-input',
    });
  });
});

describe('the embedded tiny-bible-bert (WASM)', () => {
  const entry = catalogEntry('tiny-bible-bert');
  if (!entry) throw new Error('tiny-bible-bert is not in the catalog');
  const location = embeddedLocation(entry, REPO_ORIGIN + entry.folder);
  const inference = service(fileFetch());
  const reference = (): Golden => golden(entry.folder);

  it('fills each reference sentence as its recipe’s PyTorch module did', async () => {
    const loaded = await inference.load('fill-mask', location, 'wasm');
    expect(loaded.info.maskToken).toBe('[MASK]');
    await expectGoldens(inference, location.key, reference());
  });

  it('explains the top filler by occlusion: the blank itself is never hidden', async () => {
    const [first] = reference().cases;
    if (!first) throw new Error('no reference case');
    const run = await inference.explainFillMask(location.key, 'wasm', first.text, 0);
    expect(run.labels[0]).toBe(first.masks[0]?.fillers[0]?.token.replace(/^##/, ''));
    expect(run.predicted).toBe(0);
    expect(
      Math.abs((run.probabilities[0] ?? 0) - (first.masks[0]?.fillers[0]?.probability ?? NaN)),
    ).toBeLessThan(1e-4);
    const maskAt = first.masks[0]?.position ?? -1;
    expect(run.explainable[maskAt]).toBe(false);
    expect(run.explainable.filter(Boolean).length).toBe(first.ids.length - 3);
    expect(run.occlusion).toBe('mask');
  });
});
