// The precision ladder on a hub model, with real ONNX Runtime (WASM in Node) against the local hub
// stand-in: the repo's other dtype files are listed with their sizes by the page's own code, measuring
// one downloads exactly that file, and Prepare a report for that row gives a zip whose parts load back —
// its single-node model, cut from the reference variant and fed its captured inputs, reproduces the
// reference's captured output bit for bit on WASM, and the README names the two variants.
import * as ort from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LadderMeasurement } from '../../src/contracts/ladder.ts';
import { hubLadderFiles, hubRepoOf } from '../../src/app/ladder/hub-ladder-files.ts';
import { reportedLadderValue } from '../../src/app/ladder/ladder-report.svelte.ts';
import { fetchHubVariants } from '../../src/app/models/hub-variants.svelte.ts';
import { DEFAULT_TOLERANCE } from '../../src/lib/capture/divergence.ts';
import { decodeModel } from '../../src/lib/onnx/index.ts';
import type { ReportFacts } from '../../src/lib/report/report-types.ts';
import { decodeTypedNpy } from '../../src/lib/report/typed-npy.ts';
import { readZip } from '../../src/lib/report/zip.ts';
import { hubLocation } from '../../src/lib/sources/hub.ts';
import { InferenceService } from '../../workers/inference/inference-service.ts';
import { REPO_ROOT } from '../support/file-fetch.ts';
import { startHubServer, type HubServer } from '../support/hub-server.ts';

const REPO = 'glassbox/tiny-random-nli-bert';
const TEXTS = ['who are you voting for in 2020', 'the film was good', 'science is fun'];

let server: HubServer;
let service: InferenceService;

beforeAll(async () => {
  server = await startHubServer({ root: REPO_ROOT });
  service = new InferenceService({
    fetch: globalThis.fetch.bind(globalThis),
    caches: null,
    gpu: undefined,
    crossOriginIsolated: false,
    hardwareConcurrency: 1,
    isSecureContext: true,
  });
});
afterAll(async () => {
  await server.close();
});

describe('the ladder’s hub dtype files and a report on two variants (WASM, Node)', () => {
  let q4: LadderMeasurement;
  let referenceRow: LadderMeasurement;
  const location = () => hubLocation(server.url, REPO, 'main', 'fp32');

  it('lists the repo’s other dtype files with their sizes, and downloads only the one measured', async () => {
    const key = location().key;
    await service.load('text-classification', location(), 'wasm');
    await service.classify(key, 'wasm', TEXTS.slice(0, 1));
    const of = hubRepoOf(location());
    if (!of) throw new Error('not a hub location');
    const files = hubLadderFiles(await fetchHubVariants(of.hubUrl, of.repo, of.revision), of);
    // tests/fixtures/hub/glassbox/tiny-random-nli-bert/onnx (models/README.md has their sha256).
    expect(files.map((file) => [file.name, file.dtype, file.listedBytes])).toEqual([
      ['model_quantized.onnx', 'q8', 97_716],
      ['model_q4.onnx', 'q4', 96_492],
    ]);
    referenceRow = await service.measureVariant(key, 'wasm', { kind: 'reference' }, TEXTS, { iterations: 2 });
    expect(referenceRow.failure).toBeNull();
    server.clearRequests();
    const file = files.find((candidate) => candidate.name === 'model_q4.onnx');
    if (!file) throw new Error('no model_q4.onnx listed');
    q4 = await service.measureVariant(key, 'wasm', { kind: 'hub', hub: file }, TEXTS, { iterations: 2 });
    expect(q4.failure).toBeNull();
    expect(q4.id).toBe('hub:model_q4.onnx');
    expect(q4.sizeBytes).toBe(96_492);
    expect(q4.labels).toHaveLength(TEXTS.length);
    expect(server.requests).toEqual([`/${REPO}/resolve/main/onnx/model_q4.onnx`]);
    expect(q4.comparison?.alignment[0]).toMatch(/^\d+ values aligned: \d+ by name, \d+ by structure/);
    expect(q4.captures?.reference).toBe(referenceRow.captures?.reference);
    expect(q4.captures?.variant).not.toBe(q4.captures?.reference);
  });

  it('prepares a report on the row’s node whose cut model reproduces the reference’s output on WASM', async () => {
    const comparison = q4.comparison;
    const captures = q4.captures;
    if (!comparison || !captures) throw new Error('the q4 row has no comparison');
    const chosen = reportedLadderValue(comparison);
    if (!chosen) throw new Error('nothing to report');
    const report = await service.prepareReport({
      referenceId: captures.reference,
      otherId: captures.variant,
      value: chosen.value.reference,
      tolerance: { ...DEFAULT_TOLERANCE },
      source: { kind: 'hub', label: REPO, hubId: REPO, revision: 'main', file: 'onnx/model.onnx' },
      environment: { adapter: null, userAgent: 'node', platform: process.platform },
      variants: {
        reference: 'float32 (as loaded)',
        other: 'model_q4.onnx (hub, q4)',
        otherValue: chosen.value.variant,
        otherOpType: chosen.value.variantOpType,
        snrDb: chosen.value.snrDb,
        thresholdDb: comparison.thresholdDb,
        past: chosen.past,
      },
    });
    const parts = new Map(readZip(report.zip).map((part) => [part.name, part.bytes]));
    expect([...parts.keys()]).toEqual(report.parts);
    const facts = JSON.parse(new TextDecoder().decode(parts.get('report.json'))) as ReportFacts;
    expect(facts.variants?.other).toBe('model_q4.onnx (hub, q4)');
    expect(facts.variants?.otherBytes).toBe(96_492);
    expect(facts.variants?.otherSha256).toBe(
      'a02867c6254ff20cd5b312689a6b9a9f1174ffc8bcaffaa51d2c127bf1a0cf2a',
    );
    expect(facts.divergence.divergent).toBe(chosen.past);
    const readme = new TextDecoder().decode(parts.get('README.md'));
    expect(readme).toContain('`model_q4.onnx (hub, q4)` against `float32 (as loaded)`');
    expect(readme).toContain('### Describe the issue');

    const cutBytes = parts.get(facts.cut.path) ?? new Uint8Array();
    const cut = decodeModel(cutBytes);
    expect(cut.graph.nodes).toHaveLength(1);
    expect(cut.graph.nodes[0]?.opType).toBe(chosen.value.opType);
    const session = await ort.InferenceSession.create(cutBytes, { executionProviders: ['wasm'] });
    const feeds = Object.fromEntries(
      facts.cut.feeds.map((f) => {
        const npy = decodeTypedNpy(parts.get(f.path) ?? new Uint8Array());
        expect(npy.type).toBe('float32');
        return [f.name, new ort.Tensor('float32', new Float32Array(npy.bytes.slice().buffer), npy.dims)];
      }),
    );
    const results = await session.run(feeds);
    await session.release();
    const [expected] = facts.cut.expected.reference ?? [];
    const [variant] = facts.cut.expected.variant ?? [];
    if (!expected || !variant) throw new Error('no expected outputs');
    const want = decodeTypedNpy(parts.get(expected.path) ?? new Uint8Array());
    const got = results[expected.name]?.data as Float32Array;
    expect(results[expected.name]?.dims).toEqual(want.dims);
    expect(
      Buffer.compare(Buffer.from(got.buffer, got.byteOffset, got.byteLength), Buffer.from(want.bytes)),
    ).toBe(0);
    // The other variant's value is there too, under the same name, and differs (its SNR is finite).
    const other = decodeTypedNpy(parts.get(variant.path) ?? new Uint8Array());
    expect(variant.name).toBe(expected.name);
    expect(other.dims).toEqual(want.dims);
    expect(Buffer.compare(Buffer.from(other.bytes), Buffer.from(want.bytes))).not.toBe(0);
  });
});
