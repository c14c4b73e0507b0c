// The inspector service in-thread (as its worker runs it): the embedded models open with a summary and a
// laid-out view; search, node details, lazy tensor statistics, expand/collapse and export work; bad files
// fail with the decoder's precise message; odd graphs and hostile names open safely.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODEL_CATALOG, HUB_FILES, hubFileUrl } from '../../src/lib/catalog/model-catalog.ts';
import { GlassboxError } from '../../src/lib/errors.ts';
import { encodeModel } from '../../src/lib/onnx/index.ts';
import { generateSyntheticModel } from '../../src/lib/graph/index.ts';
import { InspectorService } from '../../workers/inspector/inspector-service.ts';
import type { GraphView, OpenedModel } from '../../src/contracts/inspector.ts';
import { MODEL_CACHE_NAME } from '../../src/lib/loading/offline-save.ts';
import { fileFetch, REPO_ORIGIN, REPO_ROOT } from '../support/file-fetch.ts';
import { MemoryCacheStorage } from '../support/memory-cache.ts';
import { encode, FLOAT, floatTensor, node, valueInfo } from '../unit/onnx/model-builders.ts';
import { bertNodeNames, chainFromNames } from '../unit/graph/scoped-models.ts';

function service(): InspectorService {
  return new InspectorService({ fetch: fileFetch() });
}

/** A fresh ArrayBuffer holding exactly these bytes (open() takes ownership of it). */
function bufferOf(bytes: Uint8Array): ArrayBuffer {
  return new Uint8Array(bytes).buffer;
}

async function openBytes(
  inspector: InspectorService,
  bytes: Uint8Array,
  name = 'test.onnx',
): Promise<OpenedModel> {
  return inspector.open({ kind: 'bytes', bytes: bufferOf(bytes), name });
}

async function openError(bytes: Uint8Array, name: string): Promise<GlassboxError> {
  const error: unknown = await openBytes(service(), bytes, name).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(GlassboxError);
  return error as GlassboxError;
}

/** Every edge joins drawn nodes and every id is unique: what the canvas relies on. */
function expectConsistent(view: GraphView): void {
  const ids = new Set(view.nodes.map((n) => n.id));
  expect(ids.size).toBe(view.nodes.length);
  for (const edge of view.edges) {
    expect(ids.has(edge.source) && ids.has(edge.target), edge.id).toBe(true);
    expect(edge.points.length).toBeGreaterThanOrEqual(2);
  }
  for (const n of view.nodes) {
    expect(n.x).toBeGreaterThanOrEqual(view.bounds.x);
    expect(n.y + n.height).toBeLessThanOrEqual(view.bounds.y + view.bounds.height + 1e-6);
  }
}

describe.each(MODEL_CATALOG.map((entry) => [entry.id, entry] as const))('embedded model %s', (id, entry) => {
  const url = hubFileUrl(entry.folder, HUB_FILES.model);

  it('opens with a summary, a laid-out first view, search, details and stats', async () => {
    const inspector = service();
    const opened = await inspector.open({ kind: 'url', url, name: `${id}/model.onnx` });
    expect(opened.summary.nodeCount).toBeGreaterThan(10);
    expect(opened.summary.parameterCount).toBeGreaterThan(0);
    expect(opened.summary.inputs.length).toBeGreaterThan(0);
    expect(opened.issues.filter((issue) => issue.severity === 'error')).toEqual([]);
    expect(opened.view.nodes.length).toBeGreaterThan(2);
    expectConsistent(opened.view);

    // The most frequent weighted op is searchable by type, and its details name its weights.
    const conv = opened.summary.opHistogram.find((row) => ['Conv', 'MatMul', 'Gemm'].includes(row.opType));
    expect(conv).toBeDefined();
    const results = inspector.search(opened.inspectedId, conv?.opType ?? '');
    expect(results.total).toBeGreaterThanOrEqual(conv?.count ?? 0);
    const weighted = results.hits
      .map((hit) => inspector.nodeDetails(opened.inspectedId, hit.nodeId))
      .find(
        (details) => details.kind === 'op' && details.inputs.some((input) => input.kind === 'initializer'),
      );
    if (weighted?.kind !== 'op') throw new Error('no op with a weight found');
    const weight = weighted.inputs.find((input) => input.kind === 'initializer');
    const tensor = inspector.tensorDetails(opened.inspectedId, weight?.name ?? '');
    if (!tensor.ok) throw new Error(tensor.reason);
    expect(tensor.stats.elementCount).toBe(weight?.tensor?.elementCount);
    expect(tensor.stats.histogram.counts.reduce((a, b) => a + b, 0)).toBe(tensor.stats.finiteCount);
    expect(tensor.stats.min).toBeLessThanOrEqual(tensor.stats.mean);
    expect(tensor.stats.first.length).toBe(Math.min(64, tensor.stats.elementCount));

    const exported = JSON.parse(inspector.summaryJson(opened.inspectedId)) as {
      summary: { nodeCount: number };
    };
    expect(exported.summary.nodeCount).toBe(opened.summary.nodeCount);
  });
});

describe('hierarchy', () => {
  const bert = encode(chainFromNames(bertNodeNames(12)));

  it('opens a BERT as a stack of layers, marks identical layers, expands and collapses a layer', async () => {
    const inspector = service();
    const opened = await openBytes(inspector, bert, 'bert.onnx');
    const groups = opened.view.nodes.filter((n) => n.kind === 'group');
    const layers = groups.filter((n) => /^layer\.\d+$/.test(n.title));
    expect(layers.map((n) => n.title)).toEqual(Array.from({ length: 12 }, (_, i) => `layer.${i}`));
    expect(layers.map((n) => n.repeat?.index)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(layers.every((n) => n.repeat?.count === 12)).toBe(true);
    expect(opened.repeatedBlocks[0]?.memberPaths).toContain('/bert/encoder/layer.0');
    expect(opened.outline.children.map((c) => c.path)).toContain('/bert');

    const layerPath = '/bert/encoder/layer.1';
    const expanded = inspector.view(opened.inspectedId, [...opened.view.expanded, layerPath]);
    expectConsistent(expanded);
    expect(expanded.nodes.some((n) => n.id === `group:${layerPath}`)).toBe(false);
    expect(expanded.frames.map((f) => f.path)).toContain(layerPath);
    const frame = expanded.frames.find((f) => f.path === layerPath);
    expect(frame?.repeat).toMatchObject({ index: 1, count: 12 });
    const inside = expanded.nodes.filter((n) => n.scopePath.startsWith(`${layerPath}/`));
    expect(inside.length).toBeGreaterThan(1);
    for (const n of inside) {
      expect(n.x).toBeGreaterThanOrEqual(frame?.x ?? Infinity);
      expect(n.y + n.height).toBeLessThanOrEqual((frame?.y ?? 0) + (frame?.height ?? 0));
    }

    const collapsed = inspector.view(opened.inspectedId, opened.view.expanded);
    expect(collapsed.layoutMs).toBe(0);
    expect(collapsed.nodes.map((n) => n.id)).toEqual(opened.view.nodes.map((n) => n.id));

    const details = inspector.nodeDetails(opened.inspectedId, `group:${layerPath}`);
    expect(details).toMatchObject({ kind: 'group', nodeCount: 14, repeat: { index: 1, count: 12 } });
  });

  it('finds a node inside a collapsed group and says which scope to expand', async () => {
    const inspector = service();
    const opened = await openBytes(inspector, bert, 'bert.onnx');
    const { hits } = inspector.search(opened.inspectedId, 'layer.2/intermediate');
    expect(hits[0]).toMatchObject({
      title: 'MatMul',
      match: 'name',
      scopePath: '/bert/encoder/layer.2/intermediate/dense',
    });
    expect(inspector.search(opened.inspectedId, 'layer.3.attention.self.query.weight').hits[0]?.match).toBe(
      'tensor',
    );
    expect(inspector.search(opened.inspectedId, '  ').total).toBe(0);
  });

  it(
    'opens the 10,000-node synthetic model collapsed into top-level blocks',
    { timeout: 60_000 },
    async () => {
      const bytes = encodeModel(generateSyntheticModel({ nodeCount: 10_000 }));
      const opened = await openBytes(service(), bytes, 'synthetic.onnx');
      expect(opened.summary.nodeCount).toBe(10_000);
      expect(opened.view.nodes.length).toBeLessThan(800);
      expect(opened.view.nodes.every((n) => n.kind !== 'op')).toBe(true);
      expectConsistent(opened.view);
    },
  );
});

describe('bad input', () => {
  it('names a missing model file', async () => {
    const url = 'models/not-there/onnx/model.onnx';
    const error: unknown = await service()
      .open({ kind: 'url', url, name: 'model.onnx' })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'model-file-missing' });
    expect((error as Error).message).toContain(url);
  });

  const nanodet = resolve(REPO_ROOT, 'models/nanodet-coco/onnx/model.onnx');

  it('names random bytes as not ONNX, with the byte where decoding stopped', async () => {
    let seed = 7;
    const random = Uint8Array.from({ length: 4096 }, () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);
    const error = await openError(random, 'random.onnx');
    expect(error.code).toBe('model-file-invalid');
    expect(error.message).toMatch(/^Not an ONNX model \(random\.onnx\)/);
    expect(error.remedy).toContain('.onnx');
    expect(error.detail).toMatch(/^decoder: not-onnx/);
  });

  it('names a truncated file as truncated', async () => {
    const bytes = new Uint8Array(readFileSync(nanodet)).subarray(0, 100_000);
    const error = await openError(bytes, 'cut.onnx');
    expect(error.message).toMatch(/^Truncated file \(cut\.onnx\)/);
    expect(error.detail).toMatch(/^decoder: truncated/);
  });

  it('recognises empty, HTML and JSON files', async () => {
    expect((await openError(new Uint8Array(0), 'empty.onnx')).message).toContain('empty.onnx is empty');
    const html = new TextEncoder().encode('<!doctype html><html><body>Sign in</body></html>');
    expect((await openError(html, 'page.onnx')).message).toMatch(/HTML/);
    const json = new TextEncoder().encode('{"architectures": ["BertModel"]}');
    expect((await openError(json, 'config.onnx')).message).toMatch(/JSON/);
  });

  it('opens a graph with a cycle, a dangling input, an unknown op and odd dims, and reports each', async () => {
    const bytes = encode({
      node: [
        node('Add', ['x', 'b_out'], ['a_out'], { name: 'a' }),
        node('Relu', ['a_out'], ['b_out'], { name: 'b' }),
        node('FancyOp', ['a_out', 'ghost'], ['y'], { name: 'c' }),
      ],
      initializer: [floatTensor('empty', [0, 4], [])],
      input: [valueInfo('x', FLOAT, [0, 'batch', 2 ** 40])],
      output: [valueInfo('y', FLOAT)],
    });
    const inspector = service();
    const opened = await openBytes(inspector, bytes, 'odd.onnx');
    const codes = opened.issues.map((issue) => issue.code);
    expect(codes).toEqual(expect.arrayContaining(['cycle', 'dangling-input', 'unknown-op']));
    expectConsistent(opened.view);
    expect(opened.view.nodes.find((n) => n.id === 'input:x')?.subtitle).toBe(`float32 0×batch×${2 ** 40}`);
    expect(inspector.search(opened.inspectedId, 'relu').hits[0]).toMatchObject({
      match: 'op-type',
      detail: 'b',
    });
    const empty = inspector.tensorDetails(opened.inspectedId, 'empty');
    expect(empty).toMatchObject({ ok: true, stats: { elementCount: 0 } });
  });

  it('keeps names with HTML and control characters as text, control characters made visible', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const bytes = encode({
      node: [node('Relu', ['x'], ['y\u0007\u001b[31m'], { name: hostile })],
      input: [valueInfo('x', FLOAT, [1])],
      output: [valueInfo('y\u0007\u001b[31m', FLOAT, [1])],
    });
    const inspector = service();
    const opened = await openBytes(inspector, bytes, 'hostile.onnx');
    const op = opened.view.nodes.find((n) => n.kind === 'op');
    expect(op?.tooltip).toContain(hostile);
    const output = opened.view.nodes.find((n) => n.kind === 'output');
    expect(output?.title).toBe('y\u2407\u241b[31m');
    // eslint-disable-next-line no-control-regex -- asserting that none reach the drawing
    const control = /[\u0000-\u001f]/;
    for (const n of opened.view.nodes) expect(n.title + n.subtitle).not.toMatch(control);
    expect(inspector.search(opened.inspectedId, '<img').hits[0]?.detail).toBe(hostile);
  });

  it('opens an external-data model and names the file its weights are in', async () => {
    const bytes = encode({
      node: [node('MatMul', ['x', 'W'], ['y'], { name: 'matmul' })],
      initializer: [
        {
          name: 'W',
          data_type: FLOAT,
          dims: [1024, 1024],
          data_location: 1,
          external_data: [
            { key: 'location', value: 'weights.bin' },
            { key: 'length', value: '4194304' },
          ],
        },
      ],
      input: [valueInfo('x', FLOAT, [1, 1024])],
      output: [valueInfo('y', FLOAT, [1, 1024])],
    });
    const inspector = service();
    const opened = await openBytes(inspector, bytes, 'external.onnx');
    expect(opened.summary.externalDataFiles).toEqual(['weights.bin']);
    expect(opened.externalTensorCount).toBe(1);
    expect(opened.summary.parameterBytes).toBe(4194304);
    const details = inspector.tensorDetails(opened.inspectedId, 'W');
    expect(details).toMatchObject({ ok: false });
    expect(details.ok ? '' : details.reason).toContain('weights.bin');
  });

  it('refuses calls about a model that is no longer open', async () => {
    const inspector = service();
    const first = await openBytes(inspector, encode(chainFromNames(bertNodeNames(1))));
    await openBytes(inspector, encode(chainFromNames(bertNodeNames(1))));
    expect(() => inspector.view(first.inspectedId, [])).toThrow(
      expect.objectContaining({ code: 'no-model-loaded' }),
    );
  });
});

describe('large files', () => {
  it(
    'decodes a 64 MB model without copying its weights, from bytes or a File',
    { timeout: 60_000 },
    async () => {
      const size = 4096;
      const weights = Array.from({ length: 4 }, (_, i) => ({
        name: `w${i}`,
        data_type: FLOAT,
        dims: [size, size / 4],
        raw_data: new Uint8Array(size * size).fill(i + 1),
      }));
      const bytes = encode({
        node: weights.map((w, i) =>
          node('MatMul', [i === 0 ? 'x' : `h${i - 1}`, w.name], [`h${i}`], { name: `/block.${i}/MatMul` }),
        ),
        initializer: weights,
        input: [valueInfo('x', FLOAT, [1, size])],
        output: [valueInfo('h3', FLOAT, [1, size / 4])],
      });
      expect(bytes.byteLength).toBeGreaterThan(64 * 1024 * 1024);
      const inspector = service();
      const transferred = bufferOf(bytes);
      const before = process.memoryUsage().arrayBuffers;
      const opened = await inspector.open({ kind: 'bytes', bytes: transferred, name: 'large.onnx' });
      const grown = process.memoryUsage().arrayBuffers - before;
      expect(opened.summary.parameterBytes).toBe(4 * size * size);
      // The initializers are views into the transferred bytes: decoding allocates almost nothing more.
      expect(grown).toBeLessThan(bytes.byteLength * 0.05);

      const fromFile = await inspector.open({
        kind: 'file',
        file: new Blob([bufferOf(bytes)]),
        name: 'large.onnx',
      });
      expect(fromFile.summary.parameterBytes).toBe(4 * size * size);
      const stats = inspector.tensorDetails(fromFile.inspectedId, 'w2');
      expect(stats.ok && stats.stats.histogram.counts.filter((c) => c > 0).length).toBe(1);
    },
  );
});

describe('a model opened from the hub or a URL', () => {
  it('is read through the model cache, so it opens again offline', async () => {
    const url = `${REPO_ORIGIN}models/shapes-yolov8/onnx/model.onnx`;
    const caches = new MemoryCacheStorage();
    const online = new InspectorService({ fetch: fileFetch(), caches: caches as unknown as CacheStorage });
    const first = await online.open({ kind: 'url', url, name: 'shapes', cached: true });
    expect((await caches.open(MODEL_CACHE_NAME)).urls()).toEqual([url]);

    const offline = new InspectorService({
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
      caches: caches as unknown as CacheStorage,
    });
    const again = await offline.open({ kind: 'url', url, name: 'shapes', cached: true });
    expect(again.summary).toEqual(first.summary);
  });
});
