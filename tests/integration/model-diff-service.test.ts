// Model diff in the inspector's service, in-thread as its worker runs it: the tiny BERT against itself,
// against a copy with one changed layer (marks on the boxes of the view, a collapsed block included),
// against a text file and a file over the size limit (each refused in one sentence), and the time the
// diff takes on the embedded models.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GlassboxError } from '../../src/lib/errors.ts';
import { InspectorService } from '../../workers/inspector/inspector-service.ts';
import { MAX_DIFF_BYTES } from '../../workers/inspector/model-diff-calls.ts';
import { bertWithOneChangedLayer } from '../support/altered-bert.ts';
import { fileFetch, REPO_ROOT } from '../support/file-fetch.ts';

const BERT = readFileSync(resolve(REPO_ROOT, 'models/tiny-sentiment-bert/onnx/model.onnx'));

const bytesSource = (bytes: Uint8Array, name: string) =>
  ({ kind: 'bytes', bytes: new Uint8Array(bytes).buffer, name }) as const;

async function openedBert() {
  const inspector = new InspectorService({ fetch: fileFetch() });
  const opened = await inspector.open(bytesSource(BERT, 'model.onnx'));
  return { inspector, opened };
}

describe('model diff in the inspector service', () => {
  it('finds no change against the same file', async () => {
    const { inspector, opened } = await openedBert();
    const diff = await inspector.diffWith(opened.inspectedId, bytesSource(BERT, 'copy.onnx'));
    expect(diff.changes).toEqual([]);
    expect(diff.summary).toMatch(/^No structural change: all \d+ nodes align/);
    expect(inspector.diffPaint(opened.inspectedId, opened.view.expanded)).toEqual({});
  });

  it('marks the changed node, and the collapsed block that holds it', async () => {
    const { inspector, opened } = await openedBert();
    const altered = await bertWithOneChangedLayer();
    const started = performance.now();
    const diff = await inspector.diffWith(opened.inspectedId, bytesSource(altered.bytes, 'altered.onnx'));
    const ms = performance.now() - started;
    expect(diff.counts).toEqual({ added: 0, removed: 0, changed: 1, weightsChanged: 1 });
    expect(diff.changes[0]?.weights[0]?.relativeNorm).toBeCloseTo(0.01, 4);
    const collapsed = inspector.diffPaint(opened.inspectedId, []) ?? {};
    expect(Object.values(collapsed)).toEqual(['changed']);
    expect(Object.keys(collapsed)[0]).toMatch(/^group:/);
    const hit = inspector.findNode(opened.inspectedId, altered.node);
    const scopes = altered.node.split('/').slice(1, -1);
    const open = scopes.map((_, i) => `/${scopes.slice(0, i + 1).join('/')}`);
    const expanded = inspector.diffPaint(opened.inspectedId, open) ?? {};
    expect(expanded[hit?.nodeId ?? '']).toBe('changed');
    // eslint-disable-next-line no-console -- a figure for the report (machine load varies)
    console.log(`model diff, tiny BERT vs one changed layer: ${ms.toFixed(0)} ms`);
  });

  it('refuses a text file in words, and keeps the open model', async () => {
    const { inspector, opened } = await openedBert();
    const error = await inspector
      .diffWith(opened.inspectedId, bytesSource(new TextEncoder().encode('hello, not a model'), 'notes.txt'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GlassboxError);
    expect((error as GlassboxError).message).toContain('notes.txt');
    expect(inspector.diffPaint(opened.inspectedId, [])).toBeNull();
    expect(inspector.search(opened.inspectedId, 'MatMul').hits.length).toBeGreaterThan(0);
  });

  it('refuses a file over the limit with its size, before reading it', async () => {
    const { inspector, opened } = await openedBert();
    // A Blob that claims 3 GiB: never read, since the size alone refuses it.
    const huge = {
      size: 3 * 1024 ** 3,
      arrayBuffer: () => Promise.reject(new Error('read')),
    } as unknown as Blob;
    const error = await inspector
      .diffWith(opened.inspectedId, { kind: 'file', file: huge, name: 'huge.onnx' })
      .catch((e: unknown) => e);
    expect((error as GlassboxError).message).toBe(
      'huge.onnx is 3.00 GB: too large to compare here (the limit is 1.00 GB).',
    );
    expect(MAX_DIFF_BYTES).toBe(1024 ** 3);
  });
});
