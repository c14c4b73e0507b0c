// Benchmark of run capture (not part of npm test): for the tiny BERT and NanoDet on WASM in Node with real
// ONNX Runtime, one plain inference (the playground's session.run) against capturing every value of the
// same run (the variant's session.run, the summaries, and building/creating the variant), medians of RUNS.
// Run: node --input-type=module -e "await (await import('vite')).runnerImport('./scripts/bench-capture.ts')"
import { catalogEntry, embeddedLocation } from '../src/lib/catalog/model-catalog.ts';
import type { CaptureResult } from '../src/lib/capture/capture-types.ts';
import { createRuntimeSession } from '../src/lib/runtime/onnx-runtime.ts';
import type { TensorData } from '../src/lib/tensor.ts';
import { InferenceService } from '../workers/inference/inference-service.ts';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileFetch, REPO_ORIGIN, REPO_ROOT } from '../tests/support/file-fetch.ts';

const RUNS = Number(process.env.RUNS ?? 5);
const SENTENCE = 'The food was absolutely wonderful and the staff were so friendly!';
const SIZE = 416;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function locationOf(id: string) {
  const entry = catalogEntry(id);
  if (!entry) throw new Error(`${id} is not in the catalog`);
  return embeddedLocation(entry, REPO_ORIGIN + entry.folder);
}

function patternImage() {
  const data = new Uint8ClampedArray(SIZE * SIZE * 4);
  for (let i = 0; i < SIZE * SIZE; i++) {
    for (let c = 0; c < 3; c++) data[i * 4 + c] = (i * 7 + c * 29) % 256;
    data[i * 4 + 3] = 255;
  }
  return { width: SIZE, height: SIZE, data };
}

/** A fresh session's first run: what a capture's own session pays too (allocation plans, kernels). */
async function coldRun(id: string, feeds: Record<string, TensorData>): Promise<number> {
  const bytes = new Uint8Array(readFileSync(resolve(REPO_ROOT, 'models', id, 'onnx', 'model.onnx')));
  const session = await createRuntimeSession(bytes, 'wasm');
  const started = performance.now();
  await session.run(feeds);
  const ms = performance.now() - started;
  await session.release();
  return ms;
}

async function measure(
  label: string,
  plainRun: () => Promise<number>,
  plainCold: () => Promise<number>,
  capture: () => Promise<CaptureResult>,
) {
  for (let i = 0; i < 2; i++) await plainRun();
  const plain: number[] = [];
  for (let i = 0; i < RUNS; i++) plain.push(await plainRun());
  const parts = {
    run: [] as number[],
    summarize: [] as number[],
    prepare: [] as number[],
    total: [] as number[],
  };
  let last: CaptureResult | null = null;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    last = await capture();
    parts.total.push(performance.now() - started);
    parts.run.push(last.timings.runMs);
    parts.summarize.push(last.timings.summarizeMs);
    parts.prepare.push(last.timings.buildMs + last.timings.createSessionMs);
  }
  const cold: number[] = [];
  for (let i = 0; i < RUNS; i++) cold.push(await plainCold());
  const c = median(cold);
  const p = median(plain);
  const r = median(parts.run);
  const s = median(parts.summarize);
  const line = [
    `${label}: ${last?.values.length} values, ${((last?.totalBytes ?? 0) / 1024).toFixed(0)} KiB, ${last?.chunks} chunk(s)`,
    `plain run ${p.toFixed(1)} ms`,
    `plain first run of a fresh session ${c.toFixed(1)} ms`,
    `capture run ${r.toFixed(1)} ms (${(r / p).toFixed(2)}× warm, ${(r / c).toFixed(2)}× cold)`,
    `+ summaries ${s.toFixed(1)} ms (run + summaries ${((r + s) / p).toFixed(2)}×)`,
    `variant build + session ${median(parts.prepare).toFixed(0)} ms`,
    `whole capture ${median(parts.total).toFixed(0)} ms`,
  ];
  process.stdout.write(`${line.join('; ')}\n`);
}

const service = new InferenceService({
  fetch: fileFetch(),
  gpu: undefined,
  crossOriginIsolated: false,
  hardwareConcurrency: 1,
  isSecureContext: true,
});
process.stdout.write(`run capture on WASM (1 thread, Node ${process.version}), medians of ${RUNS} runs\n`);

const bert = locationOf('tiny-sentiment-bert');
await service.load('text-classification', bert, 'wasm');
await measure(
  'tiny-sentiment-bert',
  async () => (await service.classify(bert.key, 'wasm', [SENTENCE])).inferenceMs,
  async () => {
    const run = await service.classify(bert.key, 'wasm', [SENTENCE]);
    const ids = run.lines[0]?.tokens.map((token) => BigInt(token.id)) ?? [];
    const dims = [1, ids.length];
    return coldRun('tiny-sentiment-bert', {
      input_ids: { type: 'int64', dims, data: BigInt64Array.from(ids) },
      attention_mask: { type: 'int64', dims, data: new BigInt64Array(ids.length).fill(1n) },
      token_type_ids: { type: 'int64', dims, data: new BigInt64Array(ids.length) },
    });
  },
  async () => {
    const result = await service.captureRun('text-classification', bert.key, 'wasm');
    await service.releaseCapture(result.captureId);
    return result;
  },
);

const nanodet = locationOf('nanodet-coco');
await service.load('object-detection', nanodet, 'wasm');
const image = patternImage();
await measure(
  'nanodet-coco',
  async () => (await service.detectPixels(nanodet.key, 'wasm', image)).timings.inferenceMs,
  async () => {
    // At the model's own size letterboxing is the identity: the input is the pattern / 255, NCHW.
    const plane = SIZE * SIZE;
    const tensor = new Float32Array(3 * plane);
    for (let i = 0; i < plane; i++) {
      for (let c = 0; c < 3; c++) tensor[c * plane + i] = (image.data[i * 4 + c] ?? 0) / 255;
    }
    return coldRun('nanodet-coco', { images: { type: 'float32', dims: [1, 3, SIZE, SIZE], data: tensor } });
  },
  async () => {
    const result = await service.captureRun('object-detection', nanodet.key, 'wasm');
    await service.releaseCapture(result.captureId);
    return result;
  },
);
