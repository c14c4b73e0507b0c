// The inference service on the embedded model with real ONNX Runtime (onnxruntime-web's WASM backend in
// Node): logits match the PyTorch reference recorded by the model's recipe.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogEntry, embeddedLocation } from '../../src/lib/catalog/model-catalog.ts';
import { GlassboxError } from '../../src/lib/errors.ts';
import type { LoadProgress } from '../../src/lib/progress.ts';
import { InferenceService } from '../../workers/inference/inference-service.ts';
import { fileFetch, REPO_ORIGIN, REPO_ROOT } from '../support/file-fetch.ts';

interface ReferenceCase {
  text: string;
  input_ids: number[];
  logits: number[];
}

interface Reference {
  cases: ReferenceCase[];
}

const entry = catalogEntry('tiny-sentiment-bert');
if (!entry) throw new Error('tiny-sentiment-bert is not in the catalog');
const location = embeddedLocation(entry, REPO_ORIGIN + entry.folder);
const reference = JSON.parse(
  readFileSync(resolve(REPO_ROOT, entry.folder, 'reference.json'), 'utf8'),
) as Reference;

function nodeService(overrides: Record<string, Uint8Array<ArrayBuffer> | string> = {}): InferenceService {
  return new InferenceService({
    fetch: fileFetch(overrides),
    gpu: undefined,
    crossOriginIsolated: false,
    hardwareConcurrency: 1,
    isSecureContext: true,
  });
}

describe('InferenceService with tiny-sentiment-bert on WASM', () => {
  const service = nodeService();

  it('loads with staged progress and describes the model', async () => {
    const events: LoadProgress[] = [];
    const loaded = await service.load('text-classification', location, 'wasm', (p) => events.push(p));
    const stages = events.map((e) => e.stage);
    expect(stages.indexOf('fetch')).toBeLessThan(stages.indexOf('create-session'));
    expect(stages.indexOf('create-session')).toBeLessThan(stages.indexOf('warm-up'));
    const fetches = events.filter((e) => e.stage === 'fetch');
    const last = fetches.at(-1);
    expect(last?.stage === 'fetch' && last.loadedBytes === last.totalBytes).toBe(true);
    expect(loaded.info.labels).toEqual(['negative', 'positive']);
    expect(loaded.info.inputs.map((i) => i.name).sort()).toEqual([
      'attention_mask',
      'input_ids',
      'token_type_ids',
    ]);
    expect(loaded.info.outputs[0]).toMatchObject({ name: 'logits', dtype: 'float32' });
    expect(loaded.info.facts.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(loaded.info.facts.parameterCount).toBeGreaterThan(1_000_000);
    // Node has no HTTP origin: ORT's plain WASM build reads its .wasm itself, and the model came over fetch.
    expect(loaded.timings.runtime).toMatchObject({ build: 'wasm', source: 'not-fetched' });
    expect(loaded.timings.modelSource).toBe('network');
    // Loaded again in the same worker: nothing is fetched, and the timings say so instead of "0.00 ms".
    const again = await service.load('text-classification', location, 'wasm');
    expect(again.reused).toBe(true);
    expect(again.timings.modelSource).toBe('in-worker');
    expect(again.timings.runtime.source).toBe('in-worker');
  });

  it('gives the recipe’s token ids and PyTorch logits (within 1e-4) one sentence at a time', async () => {
    for (const testCase of reference.cases) {
      const run = await service.classify(location.key, 'wasm', [testCase.text]);
      const [line] = run.lines;
      expect(line?.tokens.map((t) => t.id)).toEqual(testCase.input_ids);
      line?.logits.forEach((logit, i) =>
        expect(Math.abs(logit - (testCase.logits[i] ?? NaN))).toBeLessThan(1e-4),
      );
    }
  });

  it('gives the same logits in a padded batch as one by one', async () => {
    const texts = reference.cases.map((c) => c.text);
    const batch = await service.classify(location.key, 'wasm', texts);
    batch.lines.forEach((line, i) => {
      line.logits.forEach((logit, j) =>
        expect(Math.abs(logit - (reference.cases[i]?.logits[j] ?? NaN))).toBeLessThan(1e-4),
      );
    });
  });

  it('refuses an empty batch with a typed error', async () => {
    await expect(service.classify(location.key, 'wasm', [])).rejects.toMatchObject({ code: 'empty-input' });
  });

  it('refuses WebGPU with the reason when there is none', async () => {
    const error = await service.load('text-classification', location, 'webgpu').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GlassboxError);
    expect(error).toMatchObject({ code: 'webgpu-unavailable' });
  });
});

describe('InferenceService with broken model files', () => {
  const modelUrl = `${REPO_ORIGIN}${entry.folder}/onnx/model.onnx`;

  it('names a model file that is missing', async () => {
    const service = nodeService({});
    const broken = embeddedLocation({ ...entry, id: 'missing' }, `${REPO_ORIGIN}models/does-not-exist`);
    await expect(service.load('text-classification', broken, 'wasm')).rejects.toMatchObject({
      code: 'model-file-missing',
      message: expect.stringContaining('models/does-not-exist/onnx/model.onnx'),
    });
  });

  it('says a corrupt model file is not ONNX', async () => {
    const service = nodeService({ [modelUrl]: new Uint8Array(2048).fill(0xff) });
    await expect(service.load('text-classification', location, 'wasm')).rejects.toMatchObject({
      code: 'model-file-invalid',
    });
  });
});
