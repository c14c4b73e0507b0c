// The image classifier in the inference service with real ONNX Runtime (WASM in Node) on the embedded
// shapes classifier: logits equal PyTorch's goldens, the held-out accuracy its recipe states, a class
// activation map found by structure whose mean gives back the logit, occlusion against the class, and a
// preprocessor_config.json with absurd sizes answered by a sane default and a sentence.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogEntry, embeddedLocation } from '../../src/lib/catalog/model-catalog.ts';
import { decodeModel, tensorValueReader } from '../../src/lib/onnx/index.ts';
import type { RgbaImage } from '../../src/lib/tasks/object-detection/letterbox.ts';
import { InferenceService } from '../../workers/inference/inference-service.ts';
import { fileFetch, REPO_ORIGIN, REPO_ROOT } from '../support/file-fetch.ts';
import { readRgbaImage } from '../support/images.ts';
import { nodeInferenceService } from '../support/node-service.ts';

const ID = 'shapes-classifier';
const KEY = `embedded:${ID}`;
const FOLDER = resolve(REPO_ROOT, 'models', ID);
/** The recipe keeps the goldens and the held-out sheet beside it: test fixtures, not shipped with the model. */
const RECIPE = resolve(REPO_ROOT, 'models/recipes', ID);
const entry = catalogEntry(ID);
if (!entry) throw new Error(`${ID} is not in the catalog`);
const location = embeddedLocation(entry, REPO_ORIGIN + entry.folder);

interface Goldens {
  samples: Array<{ file: string; input_rgb: number[]; logits: number[] }>;
}
const goldens = JSON.parse(readFileSync(resolve(RECIPE, 'goldens.json'), 'utf8')) as Goldens;
const heldOut = JSON.parse(readFileSync(resolve(RECIPE, 'heldout-500.json'), 'utf8')) as {
  tile: number;
  per_row: number;
  count: number;
  labels: number[];
  torch_predictions: number[];
  torch_accuracy: number;
};
const metrics = JSON.parse(readFileSync(resolve(FOLDER, 'metrics.json'), 'utf8')) as {
  heldout_500_accuracy: number;
};

function rgbToRgba(rgb: readonly number[], width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    data.set(rgb.slice(i * 3, i * 3 + 3), i * 4);
    data[i * 4 + 3] = 255;
  }
  return { width, height, data };
}

function tile(sheet: RgbaImage, index: number, size: number, perRow: number): RgbaImage {
  const data = new Uint8ClampedArray(size * size * 4);
  const x0 = (index % perRow) * size;
  const y0 = Math.floor(index / perRow) * size;
  for (let y = 0; y < size; y++) {
    const from = ((y0 + y) * sheet.width + x0) * 4;
    data.set(sheet.data.subarray(from, from + size * 4), y * size * 4);
  }
  return { width: size, height: size, data };
}

const service = nodeInferenceService();

describe('the embedded shapes classifier on WASM', () => {
  it('loads with its labels, its preprocessing from preprocessor_config.json, and CAM found by structure', async () => {
    const { info } = await service.load('image-classification', location, 'wasm');
    expect(info.labels).toEqual(['circle', 'square', 'triangle', 'star']);
    expect(info.preprocessingSource).toBe('file');
    expect(info.preprocessingNotes).toEqual([]);
    expect(info.preprocessing).toMatchObject({
      resize: { mode: 'exact', width: 32, height: 32 },
      resample: 'bilinear',
      mean: [0.5, 0.5, 0.5],
      std: [0.5, 0.5, 0.5],
      layout: 'channels-first',
    });
    expect(info.cam).toMatchObject({ found: true });
    if (info.cam.found) expect(info.cam.path.slice(-3)).toEqual(['GlobalAveragePool', 'Flatten', 'Gemm']);
  });

  it('gives PyTorch’s logits on the goldens’ 32 × 32 inputs, and on the sample PNGs through its own resize', async () => {
    await service.load('image-classification', location, 'wasm');
    for (const golden of goldens.samples) {
      const exact = await service.classifyPixels(KEY, 'wasm', rgbToRgba(golden.input_rgb, 32, 32));
      exact.logits.forEach((logit, i) =>
        expect(Math.abs(logit - (golden.logits[i] ?? NaN))).toBeLessThan(1e-4),
      );
      const decoded = await service.classifyPixels(
        KEY,
        'wasm',
        readRgbaImage(resolve(REPO_ROOT, 'public/samples', golden.file)),
      );
      // Pillow's fixed-point weights may put a resized pixel one level away: logits stay close, the answer the same.
      decoded.logits.forEach((logit, i) =>
        expect(Math.abs(logit - (golden.logits[i] ?? NaN))).toBeLessThan(0.05),
      );
      const best = golden.logits.indexOf(Math.max(...golden.logits));
      expect(decoded.top[0]?.index).toBe(best);
      expect(decoded.top).toHaveLength(4);
    }
  });

  it('runs a trial preprocessing in place of the model’s: its own values give the same logits, others differ', async () => {
    const { info } = await service.load('image-classification', location, 'wasm');
    const own = info.preprocessing;
    if (!own) throw new Error('no preprocessing');
    const image = readRgbaImage(resolve(REPO_ROOT, 'public/samples', goldens.samples[0]?.file ?? ''));
    const model = await service.classifyPixels(KEY, 'wasm', image);
    const same = await service.classifyPixels(KEY, 'wasm', image, { ...own });
    expect(same.logits).toEqual(model.logits);
    const imagenet = await service.classifyPixels(KEY, 'wasm', image, {
      ...own,
      resample: 'nearest',
      mean: [0.485, 0.456, 0.406],
      std: [0.229, 0.224, 0.225],
    });
    expect(
      Math.max(...imagenet.logits.map((logit, i) => Math.abs(logit - (model.logits[i] ?? 0)))),
    ).toBeGreaterThan(0.01);
    // The model's own run stays the one a capture explains.
    const again = await service.classifyPixels(KEY, 'wasm', image);
    expect(again.logits).toEqual(model.logits);
  });

  it(`reaches the held-out accuracy its recipe states, on the first ${heldOut.count} held-out images`, async () => {
    await service.load('image-classification', location, 'wasm');
    const sheet = readRgbaImage(resolve(RECIPE, 'heldout-500.png'));
    let right = 0;
    let agree = 0;
    for (let i = 0; i < heldOut.count; i++) {
      const run = await service.classifyPixels(KEY, 'wasm', tile(sheet, i, heldOut.tile, heldOut.per_row));
      const predicted = run.top[0]?.index;
      if (predicted === heldOut.labels[i]) right++;
      if (predicted === heldOut.torch_predictions[i]) agree++;
    }
    expect(agree).toBeGreaterThanOrEqual(heldOut.count - 1);
    expect(Math.abs(right / heldOut.count - metrics.heldout_500_accuracy)).toBeLessThanOrEqual(
      1 / heldOut.count,
    );
    // It makes mistakes, as the lesson shows: the recipe keeps a model that is good but not perfect.
    expect(right).toBeLessThan(heldOut.count);
  });

  it('computes a class activation map whose mean plus the bias is the class’s logit', async () => {
    await service.load('image-classification', location, 'wasm');
    const run = await service.classifyPixels(
      KEY,
      'wasm',
      readRgbaImage(resolve(REPO_ROOT, 'public/samples/shape-1.png')),
    );
    const model = decodeModel(new Uint8Array(readFileSync(resolve(FOLDER, 'onnx/model.onnx'))));
    const biasTensor = model.graph.initializers.find((t) => t.dims.length === 1 && t.dims[0] === 4);
    const reader = biasTensor ? tensorValueReader(biasTensor) : null;
    if (!reader?.ok) throw new Error('no 4-value bias in the model');
    for (const classIndex of [0, 1, 2, 3]) {
      const map = await service.classActivationMap(KEY, 'wasm', classIndex);
      expect([map.width, map.height, map.inputWidth, map.inputHeight]).toEqual([8, 8, 32, 32]);
      const mean = map.values.reduce((a, b) => a + b, 0) / map.values.length;
      expect(mean + reader.read(classIndex)).toBeCloseTo(run.logits[classIndex] ?? NaN, 4);
    }
  });

  it('draws an occlusion map against the chosen class’s probability', async () => {
    await service.load('image-classification', location, 'wasm');
    const image = readRgbaImage(resolve(REPO_ROOT, 'public/samples/shape-1.png'));
    const run = await service.classifyPixels(KEY, 'wasm', image);
    const top = run.top[0];
    if (!top) throw new Error('no top class');
    const map = await service.classOcclusionImage(KEY, 'wasm', image, top.index, 4);
    expect(map.patches).toHaveLength(16);
    expect(map.baseline).toBeCloseTo(top.probability, 5);
    expect(map.modelRuns).toBe(1 + Math.ceil(16 / map.batchSize));
    expect(Math.max(...map.drops)).toBeGreaterThan(0);
  });

  it('answers a preprocessor_config.json with absurd sizes with the model’s own size and a sentence', async () => {
    const hostile = new InferenceService({
      fetch: fileFetch({
        [`${REPO_ORIGIN}models/${ID}/preprocessor_config.json`]: JSON.stringify({
          size: { height: 100000, width: 100000 },
          image_mean: [0.5, 0.5, 0.5],
          image_std: [0.5, 0.5, 0.5],
        }),
      }),
      gpu: undefined,
      crossOriginIsolated: false,
      hardwareConcurrency: 1,
      isSecureContext: true,
    });
    const { info } = await hostile.load('image-classification', location, 'wasm');
    expect(info.preprocessing).toMatchObject({ inputWidth: 32, inputHeight: 32 });
    expect(info.preprocessingNotes.join(' ')).toContain('is not a usable image size');
    const run = await hostile.classifyPixels(
      KEY,
      'wasm',
      readRgbaImage(resolve(REPO_ROOT, 'public/samples/shape-1.png')),
    );
    const first = goldens.samples[0]?.logits ?? [];
    expect(run.top[0]?.index).toBe(first.indexOf(Math.max(...first)));
  });

  it('opens a classifier without preprocessor_config.json or CAM structure: stated defaults, and the reason', async () => {
    // Random weights, Flatten → Linear head (no global pool): tests/fixtures/image-classification/make_mlp_head_classifier.py
    const folder = `${REPO_ORIGIN}tests/fixtures/image-classification/mlp-head-classifier`;
    const mlp = embeddedLocation({ ...entry, id: 'mlp-head', name: 'MLP head' }, folder);
    const { info } = await service.load('image-classification', mlp, 'wasm');
    expect(info.preprocessingSource).toBe('default');
    expect(info.preprocessingNotes[0]).toContain('has no preprocessor_config.json');
    expect(info.preprocessing).toMatchObject({
      inputWidth: 16,
      inputHeight: 16,
      mean: [0.485, 0.456, 0.406],
    });
    expect(info.cam).toEqual({
      found: false,
      reason:
        'No class activation map: the linear layer does not read a global average pool (it reads Relu), so its weights do not map back to places in the image.',
    });
    const run = await service.classifyPixels(
      mlp.key,
      'wasm',
      readRgbaImage(resolve(REPO_ROOT, 'public/samples/shape-1.png')),
    );
    expect(run.top.map((entry) => entry.label).sort()).toEqual(['a', 'b', 'c']);
    await expect(service.classActivationMap(mlp.key, 'wasm', 0)).rejects.toMatchObject({
      code: 'output-layout-unsupported',
    });
  });
});
