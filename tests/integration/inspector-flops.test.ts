// FLOPs in the inspector worker: the summary's total, a node's count and a block's sum, on a synthetic
// BERT-tiny-shaped encoder whose MatMul counts are known by hand.
import { describe, expect, it } from 'vitest';
import { syntheticPreset, type SyntheticSpec } from '../../src/lib/synthetic/index.ts';
import { buildSyntheticModel } from '../../src/lib/synthetic/build-model.ts';
import { InspectorService } from '../../workers/inspector/inspector-service.ts';
import { fileFetch } from '../support/file-fetch.ts';

describe('FLOPs in the inspector', () => {
  it('shows the model total, a MatMul node exactly and a layer as the sum of its nodes', async () => {
    const inspector = new InspectorService({ fetch: fileFetch() });
    const bytes = buildSyntheticModel(syntheticPreset('bert-tiny')?.model as SyntheticSpec, 'bert-tiny');
    const opened = await inspector.open({
      kind: 'bytes',
      bytes: new Uint8Array(bytes).buffer,
      name: 'bert-tiny.onnx',
    });
    const layer = 8 * 128 * 128 ** 2 + 4 * 128 * 128 * 512 + 4 * 128 ** 2 * 128;
    expect(opened.flops).toMatchObject({
      kind: 'sum',
      exact: 2 * layer + 2 * 128 * 128 + 2 * 128 * 2,
      unknownNodes: 0,
    });
    expect(opened.flops.inputShapes).toEqual({ input_ids: [1, 128], attention_mask: [1, 128] });

    const hits = inspector.search(opened.inspectedId, '/encoder/layer.0/attention/scores/MatMul');
    const scores = hits.hits[0];
    if (!scores) throw new Error('the scores MatMul was not found');
    const details = inspector.nodeDetails(opened.inspectedId, scores.nodeId);
    // Q · Kᵀ over 2 heads: [1, 2, 128, 64] · [1, 2, 64, 128] → 2 · (2 · 128 · 128) · 64.
    expect(details.kind === 'op' && details.flops).toEqual({ flops: 2 * 2 * 128 * 128 * 64, kind: 'exact' });

    const group = inspector.nodeDetails(opened.inspectedId, 'group:/encoder/layer.0');
    expect(group.kind === 'group' && group.flops.exact).toBe(layer);
  });
});
