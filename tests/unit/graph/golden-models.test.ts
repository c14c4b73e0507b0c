import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeModel } from '../../../src/lib/onnx/index.ts';
import {
  buildGraphIR,
  buildScopeTree,
  buildVisibleGraph,
  expansionWithinBudget,
  layoutGraph,
  summarizeModel,
  validateGraph,
} from '../../../src/lib/graph/index.ts';
import { overlappingPairs } from './layout-assertions.ts';

/** Written by tests/fixtures/onnx/golden.py with python3-onnx, independently of this code. */
interface GoldenModel {
  sha256: string;
  irVersion: number;
  opsetImports: { domain: string; version: number }[];
  producerName: string;
  producerVersion: string;
  metadataProps: { key: string; value: string }[];
  inputs: { name: string; shape: (number | string | null)[] | null }[];
  outputs: { name: string; shape: (number | string | null)[] | null }[];
  nodeCount: number;
  nodeCountWithSubgraphs: number;
  initializerCount: number;
  parameterCount: number;
  parameterBytes: number;
  opHistogram: { opType: string; domain: string; count: number }[];
}

const repoRoot = new URL('../../../', import.meta.url);
const golden = JSON.parse(readFileSync(new URL('tests/fixtures/onnx/golden.json', repoRoot), 'utf8')) as {
  models: Record<string, GoldenModel>;
};
const MODEL_IDS = ['tiny-sentiment-bert', 'nanodet-coco', 'shapes-yolov8'];

const histogram = (rows: { opType: string; domain: string; count: number }[]) =>
  Object.fromEntries(rows.map((row) => [`${row.domain}/${row.opType}`, row.count]));

describe.each(MODEL_IDS)('embedded model %s', (id) => {
  const url = new URL(`models/${id}/onnx/model.onnx`, repoRoot);
  const expected = golden.models[id];

  it('matches the python3-onnx golden summary', { timeout: 60_000 }, ({ annotate }) => {
    expect(expected, `golden.json has no entry for ${id}: rerun golden.py`).toBeDefined();
    if (!expected) return;
    const bytes = new Uint8Array(readFileSync(url));
    // A re-exported model may keep its structure; if not, the hint says why the numbers differ.
    const stale = createHash('sha256').update(bytes).digest('hex') !== expected.sha256;
    const hint = stale ? 'golden.json was computed from another version of this file: rerun golden.py' : '';
    const times: Record<string, number> = {};
    const time = <T>(stage: string, run: () => T): T => {
      const start = performance.now();
      const result = run();
      times[stage] = Math.round(performance.now() - start);
      return result;
    };
    const model = time('decode', () => decodeModel(bytes, { fileName: `${id}/onnx/model.onnx` }));
    const ir = time('ir', () => buildGraphIR(model));
    const tree = time('group', () => buildScopeTree(ir));
    const visible = time('visible', () => buildVisibleGraph(ir, tree, new Set()));
    const layout = time('layout', () => layoutGraph(visible));
    const summary = summarizeModel(model, ir, tree);

    expect(summary, hint).toMatchObject({
      irVersion: expected.irVersion,
      opsetImports: expected.opsetImports,
      producerName: expected.producerName,
      producerVersion: expected.producerVersion,
      metadataProps: expected.metadataProps,
      nodeCount: expected.nodeCount,
      nodeCountWithSubgraphs: expected.nodeCountWithSubgraphs,
      initializerCount: expected.initializerCount,
      parameterCount: expected.parameterCount,
      parameterBytes: expected.parameterBytes,
    });
    expect(histogram(summary.opHistogram), hint).toEqual(histogram(expected.opHistogram));
    const signature = (values: typeof summary.inputs) =>
      values.map(({ name, shape }) => ({ name, shape: shape ?? null }));
    expect(signature(summary.inputs), hint).toEqual(expected.inputs);
    expect(signature(summary.outputs), hint).toEqual(expected.outputs);
    const issues = validateGraph(ir, model);
    expect(issues.filter((issue) => issue.severity === 'error')).toEqual([]);
    expect(overlappingPairs(layout.nodes)).toEqual([]);
    const firstView = buildVisibleGraph(ir, tree, expansionWithinBudget(tree));
    expect(overlappingPairs(layoutGraph(firstView).nodes)).toEqual([]);
    void annotate(
      `${id}: ${summary.nodeCount} nodes, ${summary.parameterCount} parameters, ${visible.nodes.length} top-level ` +
        `visible nodes, ms ${JSON.stringify(times)}, issues ${issues.map((issue) => issue.code).join(',') || 'none'}` +
        (stale ? ` (${hint})` : ''),
    );
  });
});
