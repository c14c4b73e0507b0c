// The inspector service in-thread on the embedded tiny BERT: its Constants folded into their consumers by
// default (fewer boxes and edges to lay out), shown again on request, found by name through their
// consumer, and their values in the node panel; a file that fails to open leaves the open model usable,
// with advice that fits where the bytes came from.
import { describe, expect, it } from 'vitest';
import { GlassboxError } from '../../src/lib/errors.ts';
import { InspectorService } from '../../workers/inspector/inspector-service.ts';
import { fileFetch } from '../support/file-fetch.ts';

const BERT = 'models/tiny-sentiment-bert/onnx/model.onnx';

async function openBert() {
  const inspector = new InspectorService({ fetch: fileFetch() });
  const opened = await inspector.open({ kind: 'url', url: BERT, name: 'tiny-sentiment-bert/model.onnx' });
  return { inspector, opened };
}

describe('Constants of the tiny BERT', () => {
  it('are folded in every view by default and drawn again when asked', async () => {
    const { inspector, opened } = await openBert();
    const everything = opened.outline.children.flatMap(function paths(scope): string[] {
      return [scope.path, ...scope.children.flatMap(paths)];
    });
    expect(opened.view.constantsShown).toBe(false);
    expect(opened.view.foldableConstants).toBe(75);
    expect(opened.view.nodes.some((n) => n.title === 'Constant')).toBe(false);

    const folded = inspector.view(opened.inspectedId, everything);
    const shown = inspector.view(opened.inspectedId, everything, null, true);
    expect(folded.nodes.some((n) => n.title === 'Constant')).toBe(false);
    expect(shown.nodes.filter((n) => n.title === 'Constant')).toHaveLength(75);
    expect(shown.nodes.length - folded.nodes.length).toBe(75);
    expect(shown.edges.length - folded.edges.length).toBe(75);
    // Each view is cached under its own key: asking again gives the same layout without new work.
    expect(inspector.view(opened.inspectedId, everything).layoutMs).toBe(0);
    expect(inspector.view(opened.inspectedId, everything).nodes).toHaveLength(folded.nodes.length);
  });

  it('leads a Constant named in a link to its consumer, with a sentence, and lists its value there', async () => {
    const { inspector, opened } = await openBert();
    const search = inspector.search(opened.inspectedId, 'Constant', 200, true);
    const constantHit = search.hits.find((hit) => hit.title === 'Constant');
    const constant = inspector.nodeDetails(opened.inspectedId, constantHit?.nodeId ?? '');
    if (constant.kind !== 'op') throw new Error('no Constant found');

    const hit = inspector.findNode(opened.inspectedId, constant.name);
    expect(hit?.nodeId).not.toBe(constant.id);
    expect(hit?.folded).toMatch(/^The Constant “.+” is folded into the \w+ node “.+”/);
    expect(inspector.findNode(opened.inspectedId, constant.name, true)?.nodeId).toBe(constant.id);

    const consumer = inspector.nodeDetails(opened.inspectedId, hit?.nodeId ?? '');
    if (consumer.kind !== 'op') throw new Error('the consumer is not an op');
    const folded = consumer.inputs.find((input) => input.name === constant.outputs[0]?.name);
    expect(folded?.constant).toMatch(/^\w+\[[\d, ]*\] = /);
    expect(folded?.foldable).toBe(true);

    // The Constant's own panel: its value as a tensor, statistics and first values included.
    const output = constant.outputs[0];
    expect(output?.tensor?.elementCount).toBeGreaterThan(0);
    const stats = inspector.tensorDetails(opened.inspectedId, output?.name ?? '');
    if (!stats.ok) throw new Error(stats.reason);
    expect(stats.stats.first.length).toBe(Math.min(64, stats.stats.elementCount));
  });

  it('keeps the open model when another file fails, and advises on a file from disk without a server', async () => {
    const { inspector, opened } = await openBert();
    const page = new Blob(['<!doctype html><html><body>Sign in</body></html>']);
    const error: unknown = await inspector
      .open({ kind: 'file', file: page, name: 'saved.onnx' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GlassboxError);
    expect((error as GlassboxError).remedy).toMatch(/saved web page/);
    expect((error as GlassboxError).remedy).not.toMatch(/server/i);

    const view = inspector.view(opened.inspectedId, opened.view.expanded);
    expect(view.nodes.length).toBe(opened.view.nodes.length);
    expect(inspector.search(opened.inspectedId, 'Gemm').total).toBeGreaterThan(0);
  });
});
