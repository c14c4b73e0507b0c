// Prepare a report with real ONNX Runtime (WASM in Node): for a few node types of the tiny BERT, the zip's
// single-node model, run on its captured inputs, reproduces the node's captured output bit for bit on the
// same backend; the report's parts read back (README in the issue form's shape, report.json, the input).
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import type { CaptureResult } from '../../src/lib/capture/capture-types.ts';
import { DEFAULT_TOLERANCE } from '../../src/lib/capture/divergence.ts';
import { catalogEntry, embeddedLocation } from '../../src/lib/catalog/model-catalog.ts';
import { decodeModel } from '../../src/lib/onnx/index.ts';
import { decodeTypedNpy } from '../../src/lib/report/typed-npy.ts';
import type { ReportFacts } from '../../src/lib/report/report-types.ts';
import { readZip } from '../../src/lib/report/zip.ts';
import type { ReportRequest } from '../../src/contracts/report.ts';
import { REPO_ORIGIN } from '../support/file-fetch.ts';
import { nodeInferenceService } from '../support/node-service.ts';

const ARRAYS: Record<string, (buffer: ArrayBuffer) => ort.Tensor['data']> = {
  float32: (b) => new Float32Array(b),
  int64: (b) => new BigInt64Array(b),
  int32: (b) => new Int32Array(b),
  bool: (b) => new Uint8Array(b),
  float16: (b) => new Uint16Array(b),
};

function tensorOf(bytes: Uint8Array): ort.Tensor {
  const npy = decodeTypedNpy(bytes);
  const make = ARRAYS[npy.type];
  if (!make) throw new Error(`no array for ${npy.type}`);
  const data = make(npy.bytes.slice().buffer);
  return new ort.Tensor(npy.type as 'float32', data as Float32Array, npy.dims);
}

describe('Prepare a report on the tiny BERT (WASM in Node)', () => {
  const entry = catalogEntry('tiny-sentiment-bert');
  if (!entry) throw new Error('tiny-sentiment-bert is not in the catalog');
  const location = embeddedLocation(entry, REPO_ORIGIN + entry.folder);
  const inference = nodeInferenceService();
  let reference: CaptureResult;
  let other: CaptureResult;

  const request = (value: string): ReportRequest => ({
    referenceId: reference.captureId,
    otherId: other.captureId,
    value,
    tolerance: { ...DEFAULT_TOLERANCE },
    source: { kind: 'embedded', label: 'tiny-sentiment-bert', file: 'onnx/model.onnx' },
    environment: { adapter: null, userAgent: 'node', platform: process.platform },
  });

  it('captures the run twice on WASM', async () => {
    await inference.load('text-classification', location, 'wasm');
    await inference.classify(location.key, 'wasm', ['a truly wonderful little film']);
    reference = await inference.captureRun('text-classification', location.key, 'wasm');
    other = await inference.captureRun('text-classification', location.key, 'wasm');
  });

  for (const opType of ['MatMul', 'Softmax', 'Gather', 'Add', 'Erf', 'Tanh']) {
    it(`the cut ${opType} node reproduces its captured output bit for bit`, async () => {
      const value = reference.values.find((v) => v.producerOpType === opType);
      expect(value, `a ${opType} value`).toBeDefined();
      const report = await inference.prepareReport(request(value?.name ?? ''));
      const parts = new Map(readZip(report.zip).map((part) => [part.name, part.bytes]));
      const facts = JSON.parse(new TextDecoder().decode(parts.get('report.json'))) as ReportFacts;
      expect(facts.node.opType).toBe(opType);
      const cutBytes = parts.get(facts.cut.path);
      expect(cutBytes).toBeDefined();
      const cut = decodeModel(cutBytes ?? new Uint8Array());
      expect(cut.graph.nodes).toHaveLength(1);
      expect(cut.graph.nodes[0]?.opType).toBe(opType);
      expect(cut.graph.inputs.map((i) => i.name)).toEqual(facts.cut.feeds.map((f) => f.name));
      const session = await ort.InferenceSession.create(cutBytes ?? new Uint8Array(), {
        executionProviders: ['wasm'],
      });
      const feeds = Object.fromEntries(
        facts.cut.feeds.map((f) => [f.name, tensorOf(parts.get(f.path) ?? new Uint8Array())]),
      );
      const results = await session.run(feeds);
      for (const expected of facts.cut.expected.wasm ?? []) {
        const want = decodeTypedNpy(parts.get(expected.path) ?? new Uint8Array());
        const got = results[expected.name];
        expect(got?.dims).toEqual(want.dims);
        const data = got?.data as ArrayBufferView;
        const gotBytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
        expect(Buffer.compare(Buffer.from(gotBytes), Buffer.from(want.bytes))).toBe(0);
      }
      await session.release();
    });
  }

  it('writes the issue text, the facts and the full input', async () => {
    const value = reference.values.find((v) => v.producerOpType === 'Softmax');
    const report = await inference.prepareReport(request(value?.name ?? ''));
    const parts = new Map(readZip(report.zip).map((part) => [part.name, part.bytes]));
    expect([...parts.keys()]).toEqual(report.parts);
    const readme = new TextDecoder().decode(parts.get('README.md'));
    for (const heading of [
      'Describe the issue',
      'To reproduce',
      'Urgency',
      'ONNX Runtime Installation',
      'ONNX Runtime Version or Commit ID',
      'Execution Provider',
    ])
      expect(readme).toContain(`### ${heading}`);
    const facts = JSON.parse(new TextDecoder().decode(parts.get('report.json'))) as ReportFacts;
    expect(facts.source.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(facts.environment.ortVersion).toMatch(/^1\.\d+/);
    expect(facts.divergence.divergent).toBe(false);
    expect(facts.divergence.maxAbsDiff).toBe(0);
    const ids = facts.modelInputs.find((f) => f.name === 'input_ids');
    expect(ids?.type).toBe('int64');
    const npy = decodeTypedNpy(parts.get(ids?.path ?? '') ?? new Uint8Array());
    expect(npy.dims).toEqual(reference.inputShapes?.input_ids);
    expect(new BigInt64Array(npy.bytes.slice().buffer)[0]).toBe(101n);
  });

  it('refuses a value that is not in the capture, in words', async () => {
    const error = await inference.prepareReport(request('no-such-value')).catch((e: unknown) => e);
    expect((error as Error).message).toBe('no-such-value is not a captured value of this run.');
  });
});
