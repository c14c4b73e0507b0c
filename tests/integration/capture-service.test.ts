// Run capture with real ONNX Runtime (WASM in Node): the tiny BERT's layer-0 attention and pooler output
// equal the PyTorch goldens, NanoDet's first conv equals a numpy golden, a small budget splits the capture
// into chunks and it stays complete, and the playground's results are the same after a capture.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaptureResult } from '../../src/lib/capture/capture-types.ts';
import { catalogEntry, embeddedLocation } from '../../src/lib/catalog/model-catalog.ts';
import { GlassboxError } from '../../src/lib/errors.ts';
import { REPO_ORIGIN, REPO_ROOT } from '../support/file-fetch.ts';
import { nodeInferenceService } from '../support/node-service.ts';
import { installNodeProfileTap } from '../support/profile-tap.ts';

installNodeProfileTap();

interface Golden {
  shape: number[];
  data: number[];
}

function locationOf(id: string) {
  const entry = catalogEntry(id);
  if (!entry) throw new Error(`${id} is not in the catalog`);
  const reference = JSON.parse(readFileSync(resolve(REPO_ROOT, entry.folder, 'reference.json'), 'utf8'));
  return { location: embeddedLocation(entry, REPO_ORIGIN + entry.folder), reference };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return max;
}

describe('capture of the tiny BERT on WASM', () => {
  const { location, reference } = locationOf('tiny-sentiment-bert');
  const golden = reference.capture as { text: string; attentionLayer0: Golden; pooler: Golden };
  const inference = nodeInferenceService();
  const key = location.key;
  let capture: CaptureResult;

  it('says there is no run to look inside before the first run', async () => {
    await inference.load('text-classification', location, 'wasm');
    const error = await inference.captureRun('text-classification', key, 'wasm').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GlassboxError);
    expect((error as GlassboxError).code).toBe('no-run-yet');
  });

  it('captures every value of the last run, with the real tokens and actual shapes', async () => {
    await inference.classify(key, 'wasm', [golden.text]);
    capture = await inference.captureRun('text-classification', key, 'wasm');
    expect(capture.chunks).toBe(1);
    expect(capture.input).toMatchObject({ kind: 'text', lines: [golden.text] });
    const tokens = capture.input.kind === 'text' ? capture.input.tokens[0] : [];
    expect(tokens?.[0]).toBe('[CLS]');
    expect(tokens?.at(-1)).toBe('[SEP]');
    expect(capture.values.length).toBeGreaterThan(200);
    const order = capture.values.map((value) => value.producerIndex);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(capture.values.every((value) => value.kept)).toBe(true);
    expect(capture.keptBytes).toBe(capture.totalBytes);
    const logits = capture.values.find((value) => value.name === 'logits');
    expect(logits?.shape).toEqual([1, 2]);
    expect(capture.attention.map((site) => site.label)).toEqual(['layer 0', 'layer 1']);
  });

  it('layer-0 attention probabilities equal the PyTorch golden within 1e-5', async () => {
    const site = capture.attention.find((s) => s.label === 'layer 0');
    const tensor = await inference.capturedTensor(capture.captureId, site?.value ?? '');
    expect(tensor.dims).toEqual(golden.attentionLayer0.shape);
    expect(maxAbsDiff(tensor.data, golden.attentionLayer0.data)).toBeLessThan(1e-5);
    const summary = capture.values.find((value) => value.name === site?.value);
    expect(summary?.min).toBeGreaterThanOrEqual(0);
    expect(summary?.max).toBeLessThanOrEqual(1);
  });

  it('the pooler output equals the PyTorch golden within 1e-5, and a slice of it too', async () => {
    const pooler = capture.values.find((value) => value.producerOpType === 'Tanh');
    expect(pooler?.shape).toEqual(golden.pooler.shape);
    const tensor = await inference.capturedTensor(capture.captureId, pooler?.name ?? '');
    expect(maxAbsDiff(tensor.data, golden.pooler.data)).toBeLessThan(1e-5);
    const slice = await inference.capturedTensor(capture.captureId, pooler?.name ?? '', {
      start: [0, 10],
      count: [1, 5],
    });
    expect(slice.dims).toEqual([1, 5]);
    expect(slice.sliceStart).toEqual([0, 10]);
    expect([...slice.data]).toEqual([...tensor.data.slice(10, 15)]);
  });

  it('a small budget splits the capture into chunks; it stays complete and re-captures on demand', async () => {
    const small = await inference.captureRun('text-classification', key, 'wasm', { budgetBytes: 64 * 1024 });
    expect(small.chunks).toBeGreaterThan(1);
    expect(small.values.map((value) => value.name)).toEqual(capture.values.map((value) => value.name));
    expect(small.keptBytes).toBeLessThanOrEqual(64 * 1024);
    const notKept = small.values.filter((value) => !value.kept);
    expect(notKept.length).toBeGreaterThan(0);
    const late = notKept.at(-1);
    const again = await inference.capturedTensor(small.captureId, late?.name ?? '');
    const first = await inference.capturedTensor(capture.captureId, late?.name ?? '');
    expect(maxAbsDiff(again.data, first.data)).toBeLessThan(1e-6);
    const comparison = await inference.compareCaptures(capture.captureId, small.captureId);
    expect(comparison.values).toHaveLength(capture.values.length);
    expect(comparison.firstDivergent).toBeNull();
    await inference.releaseCapture(small.captureId);
  });

  it('captures one scope only', async () => {
    const scoped = await inference.captureRun('text-classification', key, 'wasm', {
      scope: '/bert/encoder/layer.0',
    });
    expect(scoped.values.length).toBeGreaterThan(10);
    expect(scoped.values.every((value) => value.producer.startsWith('/bert/encoder/layer.0/'))).toBe(true);
    expect(scoped.attention.map((site) => site.label)).toEqual(['layer 0']);
  });

  it('leaves the playground session as it was: same logits after a capture', async () => {
    const before = await inference.classify(key, 'wasm', ['Great value, works perfectly.']);
    await inference.captureRun('text-classification', key, 'wasm');
    const after = await inference.classify(key, 'wasm', ['Great value, works perfectly.']);
    expect(after.lines[0]?.logits).toEqual(before.lines[0]?.logits);
  });

  it('profiles the last run node by node', async () => {
    const timings = await inference.profileRun('text-classification', key, 'wasm');
    expect(timings.length).toBeGreaterThan(20);
    expect(timings.every((t) => t.ms >= 0 && t.provider === 'CPUExecutionProvider')).toBe(true);
    expect(timings.some((t) => t.opType === 'MatMul')).toBe(true);
    // Each node's time is its median over the 5 profiled runs that ORT's real trace marks.
    expect(timings.every((t) => t.runs === 5)).toBe(true);
  });

  it('refuses WebGPU where there is none, with the reason', async () => {
    const error = await inference.captureRun('text-classification', key, 'webgpu').catch((e: unknown) => e);
    expect((error as GlassboxError).code).toBe('webgpu-unavailable');
  });
});

describe('capture of NanoDet on WASM', () => {
  const { location, reference } = locationOf('nanodet-coco');
  const golden = reference.capture as {
    size: number;
    value: string;
    shape: number[];
    samples: Array<[number, number]>;
  };

  it("the first conv's output equals the numpy golden", async () => {
    const inference = nodeInferenceService();
    await inference.load('object-detection', location, 'wasm');
    const size = golden.size;
    const data = new Uint8ClampedArray(size * size * 4);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        for (let c = 0; c < 3; c++) data[(y * size + x) * 4 + c] = (7 * x + 13 * y + 29 * c) % 256;
        data[(y * size + x) * 4 + 3] = 255;
      }
    }
    await inference.detectPixels(location.key, 'wasm', { width: size, height: size, data });
    const capture = await inference.captureRun('object-detection', location.key, 'wasm', {
      names: [golden.value],
    });
    expect(capture.input).toEqual({
      kind: 'image',
      inputWidth: size,
      inputHeight: size,
      originalWidth: size,
      originalHeight: size,
    });
    const tensor = await inference.capturedTensor(capture.captureId, golden.value);
    expect(tensor.dims).toEqual(golden.shape);
    let worst = 0;
    for (const [index, value] of golden.samples)
      worst = Math.max(worst, Math.abs((tensor.data[index] ?? 0) - value));
    expect(worst).toBeLessThan(1e-4);
  });
});
