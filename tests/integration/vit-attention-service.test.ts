// The [CLS] attention map with real ONNX Runtime (WASM in Node) on the tiny random ViT of
// tests/fixtures/hub, served by the local hub server: it opens as an image classifier, the attention of
// each layer is found by structure, captured with the right shape and equal to PyTorch's probabilities,
// and the last layer's [CLS] row and the rollout equal the NumPy goldens of its recipe. A CNN is told why
// it has no such map.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogEntry, embeddedLocation } from '../../src/lib/catalog/model-catalog.ts';
import { hubLocation } from '../../src/lib/sources/hub.ts';
import type { RgbaImage } from '../../src/lib/tasks/object-detection/letterbox.ts';
import { InferenceService } from '../../workers/inference/inference-service.ts';
import { REPO_ORIGIN, REPO_ROOT } from '../support/file-fetch.ts';
import { startHubServer, type HubServer } from '../support/hub-server.ts';
import { nodeInferenceService } from '../support/node-service.ts';

interface Reference {
  input_rgb: number[];
  logits: number[];
  attention_dims: number[];
  attentions: number[][];
  grid: [number, number];
  last_cls: number[];
  rollout: number[];
}

function rgbToRgba(rgb: readonly number[], width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    data.set(rgb.slice(i * 3, i * 3 + 3), i * 4);
    data[i * 4 + 3] = 255;
  }
  return { width, height, data };
}

describe('the tiny random ViT’s [CLS] attention', () => {
  let server: HubServer;
  let service: InferenceService;
  let reference: Reference;

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
    const url = `${server.url}/glassbox/tiny-random-vit/resolve/main/reference.json`;
    reference = (await (await fetch(url)).json()) as Reference;
  });
  afterAll(async () => {
    await server.close();
  });

  it('opens as an image classifier with attention found in both layers, and no CAM', async () => {
    const location = hubLocation(server.url, 'glassbox/tiny-random-vit', 'main', 'fp32');
    const opened = await service.openModel(location);
    expect(opened.detection.task).toBe('image-classification');
    const { info } = await service.load('image-classification', location, 'wasm');
    expect(info.labels).toEqual(['tabby cat', 'golden retriever', 'goldfinch']);
    expect(info.attention).toEqual({ found: true, layers: 2 });
    expect(info.cam).toMatchObject({ found: false });
    if (!info.cam.found) expect(info.cam.reason).toContain('global average pool');

    const run = await service.classifyPixels(info.modelKey, 'wasm', rgbToRgba(reference.input_rgb, 32, 32));
    run.logits.forEach((value, i) => expect(value).toBeCloseTo(reference.logits[i] ?? NaN, 4));

    // Look inside's attention-only capture reads the same Softmax outputs: PyTorch's probabilities.
    const capture = await service.captureRun('image-classification', info.modelKey, 'wasm', {
      attentionOnly: true,
    });
    expect(capture.attention.map((site) => site.node)).toEqual([
      '/layer.0/attention/Softmax',
      '/layer.1/attention/Softmax',
    ]);
    for (const [layer, site] of capture.attention.entries()) {
      const tensor = await service.capturedTensor(capture.captureId, site.value);
      expect(tensor.dims).toEqual(reference.attention_dims);
      const expected = reference.attentions[layer] ?? [];
      tensor.data.forEach((value, i) => expect(value).toBeCloseTo(expected[i] ?? NaN, 5));
    }

    const attention = await service.imageAttention(info.modelKey, 'wasm');
    expect(attention.layers.map((layer) => layer.label)).toEqual(['layer 0', 'layer 1']);
    expect([attention.heads, attention.tokens, attention.prefix]).toEqual([2, 17, 1]);
    expect(reference.attention_dims).toEqual([1, 2, 17, 17]);
    expect([attention.inputWidth, attention.inputHeight]).toEqual([32, 32]);
    for (const map of [attention.lastLayer, attention.rollout]) {
      expect([map.height, map.width]).toEqual(reference.grid);
      expect(map.values.length).toBe(16);
    }
    attention.lastLayer.values.forEach((value, i) =>
      expect(value).toBeCloseTo(reference.last_cls[i] ?? NaN, 5),
    );
    attention.rollout.values.forEach((value, i) => expect(value).toBeCloseTo(reference.rollout[i] ?? NaN, 5));
    // The two maps differ on this model: the option is not a copy of the default.
    const gap = attention.rollout.values.reduce(
      (most, value, i) => Math.max(most, Math.abs(value - (attention.lastLayer.values[i] ?? 0))),
      0,
    );
    expect(gap).toBeGreaterThan(1e-3);
  });

  it('a CNN has no attention map: a sentence says why, and asking for one is a typed error', async () => {
    const entry = catalogEntry('shapes-classifier');
    if (!entry) throw new Error('shapes-classifier is not in the catalog');
    const local = nodeInferenceService();
    const { info } = await local.load(
      'image-classification',
      embeddedLocation(entry, REPO_ORIGIN + entry.folder),
      'wasm',
    );
    expect(info.attention).toMatchObject({ found: false });
    if (!info.attention.found) expect(info.attention.reason).toContain('has no self-attention');
    await local.classifyPixels(info.modelKey, 'wasm', rgbToRgba(new Array(32 * 32 * 3).fill(90), 32, 32));
    await expect(local.imageAttention(info.modelKey, 'wasm')).rejects.toMatchObject({
      code: 'output-layout-unsupported',
    });
  });
});
