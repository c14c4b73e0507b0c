// The text view's attention panel asks the worker for the attention probabilities only (a scoped capture):
// on the tiny BERT (real ONNX Runtime, WASM in Node) that is one value per layer, found by structure, and
// [CLS]'s row of every head is a probability distribution; a detector has no attention and nothing runs.
import { describe, expect, it } from 'vitest';
import { catalogEntry, embeddedLocation } from '../../src/lib/catalog/model-catalog.ts';
import { attentionRow } from '../../src/lib/viewers/attention-matrix.ts';
import { REPO_ORIGIN } from '../support/file-fetch.ts';
import { nodeInferenceService } from '../support/node-service.ts';

function locationOf(id: string) {
  const entry = catalogEntry(id);
  if (!entry) throw new Error(`${id} is not in the catalog`);
  return embeddedLocation(entry, REPO_ORIGIN + entry.folder);
}

describe('attention-only capture', () => {
  it('captures one attention value per layer of the tiny BERT, [CLS] rows summing to 1 per head', async () => {
    const inference = nodeInferenceService();
    const location = locationOf('tiny-sentiment-bert');
    await inference.load('text-classification', location, 'wasm');
    await inference.classify(location.key, 'wasm', ['The food was not good.', 'Great service, great food!']);
    const capture = await inference.captureRun('text-classification', location.key, 'wasm', {
      attentionOnly: true,
    });
    expect(capture.attention.map((site) => site.label)).toEqual(['layer 0', 'layer 1']);
    // Only the attention probabilities were captured: nothing else of the 258 values.
    expect(capture.values.map((value) => value.name)).toEqual(capture.attention.map((site) => site.value));
    const tokens = capture.input.kind === 'text' ? capture.input.tokens : [];
    expect(tokens[0]).toEqual(['[CLS]', 'the', 'food', 'was', 'not', 'good', '.', '[SEP]']);
    for (const site of capture.attention) {
      const tensor = await inference.capturedTensor(capture.captureId, site.value);
      const [batch, heads, length] = tensor.dims;
      expect(batch).toBe(2);
      expect(heads).toBe(2);
      for (let item = 0; item < 2; item++) {
        const real = tokens[item]?.length ?? 0;
        for (let head = 0; head < (heads ?? 0); head++) {
          const row = attentionRow(tensor.data, tensor.dims, item, head, 0, length ?? 0);
          const sum = row.reduce((total, weight) => total + weight, 0);
          expect(Math.abs(sum - 1)).toBeLessThan(1e-5);
          // Padding positions are masked out: all of the weight lies on the item's real tokens.
          const onReal = row.slice(0, real).reduce((total, weight) => total + weight, 0);
          expect(Math.abs(onReal - 1)).toBeLessThan(1e-4);
        }
      }
      const mean = attentionRow(tensor.data, tensor.dims, 0, 'mean', 0, length ?? 0);
      expect(Math.abs(mean.reduce((total, weight) => total + weight, 0) - 1)).toBeLessThan(1e-5);
    }
  });

  it('finds no attention in a detector and runs nothing', async () => {
    const inference = nodeInferenceService();
    const location = locationOf('shapes-yolov8');
    await inference.load('object-detection', location, 'wasm');
    const size = 64;
    const data = new Uint8ClampedArray(size * size * 4).fill(200);
    await inference.detectPixels(location.key, 'wasm', { width: size, height: size, data });
    const capture = await inference.captureRun('object-detection', location.key, 'wasm', {
      attentionOnly: true,
    });
    expect(capture.attention).toEqual([]);
    expect(capture.values).toEqual([]);
    expect(capture.timings.runMs).toBe(0);
  });
});
