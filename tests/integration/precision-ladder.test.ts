// The precision ladder with real ONNX Runtime (WASM in Node) on the embedded tiny BERT: the model as loaded
// against its fp16 variant made by makeVariant — sizes, labels on the text view's examples, latency, and
// the value-by-value comparison (finite SNRs, a per-block table, alignment counts); the 4-bit variant
// measures (its MatMuls are MatMulNBits), and a file that is not a model gives the row's sentence
// instead of a throw.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LadderMeasurement } from '../../src/contracts/ladder.ts';
import { catalogEntry, embeddedLocation } from '../../src/lib/catalog/model-catalog.ts';
import { labelAgreement } from '../../src/lib/variants/agreement.ts';
import { DEFAULT_SNR_THRESHOLD_DB } from '../../src/lib/variants/error-metrics.ts';
import { EXAMPLE_TEXT } from '../../src/app/text/text-playground.svelte.ts';
import { REPO_ORIGIN, REPO_ROOT } from '../support/file-fetch.ts';
import { nodeInferenceService } from '../support/node-service.ts';

const entry = catalogEntry('tiny-sentiment-bert');
if (!entry) throw new Error('tiny-sentiment-bert is not in the catalog');
const location = embeddedLocation(entry, REPO_ORIGIN + entry.folder);
const reference = JSON.parse(readFileSync(resolve(REPO_ROOT, entry.folder, 'reference.json'), 'utf8')) as {
  cases: { text: string }[];
};
const texts = [...EXAMPLE_TEXT.split('\n'), ...reference.cases.map((c) => c.text)];

describe('precision ladder on the tiny BERT (WASM, Node)', () => {
  const inference = nodeInferenceService();
  const key = location.key;
  let fp32: LadderMeasurement;
  let fp16: LadderMeasurement;

  it('measures the model as loaded against itself: exact', async () => {
    await inference.load('text-classification', location, 'wasm');
    await inference.classify(key, 'wasm', texts.slice(0, 3));
    fp32 = await inference.measureVariant(key, 'wasm', { kind: 'reference' }, texts, { iterations: 3 });
    expect(fp32.failure).toBeNull();
    expect(fp32.sizeBytes).toBe(readFileSync(resolve(REPO_ROOT, entry.folder, 'onnx/model.onnx')).byteLength);
    expect(fp32.labels).toHaveLength(texts.length);
    expect(fp32.latency?.count).toBe(3);
    const comparison = fp32.comparison;
    expect(comparison?.values.length).toBeGreaterThan(100);
    expect(comparison?.values.every((value) => value.snrDb === Number.POSITIVE_INFINITY)).toBe(true);
    expect(comparison?.firstPast).toBeNull();
    expect(comparison?.referenceOnlyCount).toBe(0);
    // The reference row carries the fp16 headroom of its float32 run: every computed node, with a margin.
    const headroom = fp32.headroom;
    expect(headroom?.nodes.length).toBeGreaterThan(100);
    expect(headroom?.nodes.every((node) => node.opType !== 'Constant')).toBe(true);
    expect(headroom?.nodes.every((node) => !Number.isNaN(node.headroomBits))).toBe(true);
    // Kept tensors give the subnormal share, so at least one node has it measured.
    expect(headroom?.nodes.some((node) => node.subnormalShare !== null)).toBe(true);
    expect(headroom?.worst?.node).toBeTruthy();
  });

  it('measures the fp16 variant made in the worker: half the size, finite SNRs, same labels', async () => {
    fp16 = await inference.measureVariant(key, 'wasm', { kind: 'made', made: 'fp16' }, texts, {
      iterations: 3,
    });
    expect(fp16.failure).toBeNull();
    expect(fp16.downloadable).toBe(true);
    expect(fp16.sizeBytes / fp32.sizeBytes).toBeGreaterThan(0.45);
    expect(fp16.sizeBytes / fp32.sizeBytes).toBeLessThan(0.6);
    expect(fp16.notes[0]).toMatch(/tensors stored as float16/);
    expect(labelAgreement(fp32.labels, fp16.labels)).toBe(100);
    const comparison = fp16.comparison;
    if (!comparison) throw new Error('no comparison');
    expect(comparison.thresholdDb).toBe(DEFAULT_SNR_THRESHOLD_DB);
    const floats = comparison.values.filter((value) => Number.isFinite(value.snrDb));
    // Float values carry float16 rounding noise: finite, and well above the threshold for this model.
    expect(floats.length).toBeGreaterThan(50);
    const logits = comparison.values.find((value) => value.reference === 'logits');
    expect(Number.isFinite(logits?.snrDb)).toBe(true);
    expect(logits?.snrDb).toBeGreaterThan(30);
    expect(comparison.values.every((value) => !Number.isNaN(value.snrDb))).toBe(true);
    expect(comparison.alignment[0]).toMatch(/^\d+ values aligned: \d+ by name, \d+ by structure/);
    const layer0 = comparison.blocks.find((block) => block.path === '/bert/encoder/layer.0');
    expect(layer0?.values).toBeGreaterThan(10);
    expect(Number.isFinite(layer0?.worstSnrDb)).toBe(true);
    // The one real loss: LayerNorm's epsilon, 1e-12, underflows to 0 in float16 (a Constant, listed apart).
    const lost = floats.filter((value) => value.snrDb < DEFAULT_SNR_THRESHOLD_DB);
    expect(lost.length).toBeGreaterThan(0);
    expect(lost.every((value) => value.opType === 'Constant' && value.reference.includes('LayerNorm'))).toBe(
      true,
    );
    expect(comparison.firstPast).toBeNull();
    const computed = floats.filter((value) => value.opType !== 'Constant');
    // Measured here: logits 70.5 dB, the worst computed value 57.6 dB (Node, WASM, 1 thread).
    expect(Math.min(...computed.map((value) => value.snrDb))).toBeGreaterThan(40);
    const bytes = await inference.madeVariantBytes(key, fp16.id);
    expect(bytes.byteLength).toBe(fp16.sizeBytes);
  });

  it('measures the 4-bit variant, and says why a file could not be loaded, in the row', async () => {
    const q4 = await inference.measureVariant(key, 'wasm', { kind: 'made', made: 'q4' }, texts);
    expect(q4.failure).toBeFalsy();
    expect(q4.sizeBytes).toBeLessThan(fp32.sizeBytes);
    expect(q4.comparison?.alignment[0]).toMatch(/^\d+ values aligned: \d+ by name, \d+ by structure/);
    expect(q4.comparison?.values.length).toBeGreaterThan(50);
    const junk = new Blob([new TextEncoder().encode('not an onnx model')]);
    const file = await inference.measureVariant(
      key,
      'wasm',
      { kind: 'file', name: 'junk.onnx', file: junk },
      texts,
    );
    expect(file.failure?.message).toBeTruthy();
    expect(file.comparison).toBeNull();
    expect(file.sizeBytes).toBe(17);
  });
});
