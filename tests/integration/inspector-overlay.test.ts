// The inspector service with a run attached, in-thread as its worker runs it: every node of the 10,000-node
// synthetic model gets a value; collapsed blocks aggregate; views and metric switches carry the paint;
// the first divergent node and exact-name lookup (shared links) find their boxes; opening another model
// detaches the run.
import { describe, expect, it } from 'vitest';
import type { OverlayValue, RunOverlay } from '../../src/lib/capture/run-overlay.ts';
import { encodeModel } from '../../src/lib/onnx/index.ts';
import { generateSyntheticModel } from '../../src/lib/graph/index.ts';
import { InspectorService } from '../../workers/inspector/inspector-service.ts';
import { fileFetch } from '../support/file-fetch.ts';

async function openSynthetic() {
  const inspector = new InspectorService({ fetch: fileFetch() });
  const bytes = encodeModel(generateSyntheticModel({ nodeCount: 10_000 }));
  const opened = await inspector.open({ kind: 'bytes', bytes: new Uint8Array(bytes).buffer, name: 's.onnx' });
  return { inspector, opened };
}

/** One captured value per node output, mean |x| = the node's index (so group maxima are predictable). */
function overlayOf(outputs: { name: string; index: number }[]): RunOverlay {
  const values: OverlayValue[] = outputs.map(({ name, index }) => ({
    name,
    shape: [1, 16],
    meanAbs: index,
    std: 1,
    zeroShare: 0,
    nanCount: 0,
    infCount: 0,
  }));
  return { values };
}

describe('run overlay on the 10,000-node synthetic model', () => {
  it(
    'paints every box, aggregates blocks, and recolours on a metric switch and a new view',
    { timeout: 60_000 },
    async () => {
      const { inspector, opened } = await openSynthetic();
      const hits = inspector
        .search(opened.inspectedId, '/', 10_000)
        .hits.filter((hit) => hit.match === 'name');
      expect(hits.length).toBeGreaterThan(9_000);
      // Output names from node details of a sample, then every node by the exporter's naming.
      const outputs: { name: string; index: number }[] = [];
      hits.forEach((hit, index) => {
        const details = inspector.nodeDetails(opened.inspectedId, hit.nodeId);
        if (details.kind === 'op')
          for (const output of details.outputs) outputs.push({ name: output.name, index });
      });
      const state = inspector.setRunOverlay(
        opened.inspectedId,
        overlayOf(outputs),
        opened.view.expanded,
        'mean-abs',
      );
      expect(state?.available).toEqual(['mean-abs', 'std', 'zero-share', 'nan-inf']);
      expect(state?.unmatched.values).toBe(0);
      const paint = state?.paint;
      const groups = opened.view.nodes.filter((node) => node.kind === 'group');
      expect(groups.every((node) => paint?.values[node.id] !== undefined)).toBe(true);
      expect(paint?.range?.max).toBe(hits.length - 1);

      const std = inspector.overlayPaint(opened.inspectedId, opened.view.expanded, 'std');
      expect(std?.range).toEqual({ min: 1, max: 1 });
      expect(inspector.overlayPaint(opened.inspectedId, opened.view.expanded, 'time')?.range).toBeNull();

      // Opening a block: its boxes come painted with the view, the cached layout stays unpainted.
      const first = groups[0];
      if (!first) throw new Error('no group');
      const expanded = [...opened.view.expanded, first.scopePath];
      const view = inspector.view(opened.inspectedId, expanded, 'mean-abs');
      expect(view.overlay?.metric).toBe('mean-abs');
      expect(Object.keys(view.overlay?.values ?? {}).length).toBeGreaterThan(groups.length);
      expect(inspector.view(opened.inspectedId, expanded).overlay).toBeUndefined();
    },
  );

  it(
    'finds nodes by exact name and blocks by scope path; another model detaches the run',
    { timeout: 60_000 },
    async () => {
      const { inspector, opened } = await openSynthetic();
      const hit = inspector
        .search(opened.inspectedId, '/', 5)
        .hits.find((candidate) => candidate.match === 'name');
      if (!hit) throw new Error('no named node');
      expect(inspector.findNode(opened.inspectedId, hit.detail)?.nodeId).toBe(hit.nodeId);
      expect(inspector.findNode(opened.inspectedId, 'no such node')).toBeNull();
      const block = opened.view.nodes.find((node) => node.kind === 'group');
      expect(block && inspector.findNode(opened.inspectedId, block.scopePath)?.nodeId).toBe(block?.id);

      inspector.setRunOverlay(opened.inspectedId, overlayOf([]), opened.view.expanded, 'mean-abs');
      const reopened = await inspector.open({
        kind: 'bytes',
        bytes: new Uint8Array(encodeModel(generateSyntheticModel({ nodeCount: 50 }))).buffer,
        name: 'small.onnx',
      });
      expect(inspector.overlayPaint(reopened.inspectedId, reopened.view.expanded, 'mean-abs')).toBeNull();
    },
  );
});
