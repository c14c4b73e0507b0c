import { describe, expect, it } from 'vitest';
import { decodeModel, encodeModel } from '../../../src/lib/onnx/index.ts';
import {
  buildGraphIR,
  buildScopeTree,
  buildVisibleGraph,
  findRepeatedBlocks,
  generateSyntheticModel,
  layoutGraph,
  summarizeModel,
  validateGraph,
} from '../../../src/lib/graph/index.ts';
import { overlappingPairs } from './layout-assertions.ts';

/** Runs each stage once and records its wall time in ms (the clock is only read here, never asserted). */
function pipeline(bytes: Uint8Array) {
  const ms: Record<string, number> = {};
  const stage = <T>(name: string, run: () => T): T => {
    const start = performance.now();
    const result = run();
    ms[name] = Math.round(performance.now() - start);
    return result;
  };
  const model = stage('decode', () => decodeModel(bytes));
  const ir = stage('ir', () => buildGraphIR(model));
  const tree = stage('group', () => buildScopeTree(ir));
  const visible = stage('visible', () => buildVisibleGraph(ir, tree, new Set()));
  const layout = stage('layout', () => layoutGraph(visible));
  const summary = stage('summary', () => summarizeModel(model, ir, tree));
  const repeats = stage('repeats', () => findRepeatedBlocks(ir, tree));
  const issues = stage('validate', () => validateGraph(ir, model));
  return { ms, model, ir, tree, visible, layout, summary, repeats, issues };
}

describe('the 10,000-node synthetic model', () => {
  const bytes = encodeModel(generateSyntheticModel({ nodeCount: 10_000 }));

  // Generous timeouts: these run the whole pipeline twice on a machine that may be busy.
  it(
    'goes through decode → IR → grouping → layout with top-level groups',
    { timeout: 60_000 },
    ({ annotate }) => {
      const cold = pipeline(bytes);
      const warm = pipeline(bytes);
      const { model, summary, issues, tree, visible, layout, repeats } = warm;
      expect(model.graph.nodes).toHaveLength(10_000);
      expect(summary.nodeCount).toBe(10_000);
      expect(summary.parameterCount).toBe(tree.root.parameterCount);
      expect(issues).toEqual([]);
      expect(visible.nodes).toHaveLength(tree.root.children.length + 2);
      expect(layout.engine).toBe('dagre');
      expect(overlappingPairs(layout.nodes)).toEqual([]);
      expect(repeats[0]?.memberPaths.length).toBeGreaterThan(100);
      void annotate(
        `${(bytes.length / 1e6).toFixed(1)} MB, ${visible.nodes.length} visible nodes, ` +
          `cold ms ${JSON.stringify(cold.ms)}, warm ms ${JSON.stringify(warm.ms)}`,
      );
    },
  );

  it(
    'lays out the fully expanded graph with the simple layered layout',
    { timeout: 60_000 },
    ({ annotate }) => {
      const ir = buildGraphIR(decodeModel(bytes));
      const tree = buildScopeTree(ir);
      const visible = buildVisibleGraph(ir, tree, new Set(tree.byPath.keys()));
      const start = performance.now();
      const layout = layoutGraph(visible);
      const ms = Math.round(performance.now() - start);
      expect(visible.nodes).toHaveLength(10_002);
      expect(layout.engine).toBe('simple-layered');
      expect(overlappingPairs(layout.nodes)).toEqual([]);
      void annotate(
        `fully expanded: ${visible.nodes.length} nodes, ${visible.edges.length} edges, layout ${ms} ms`,
      );
    },
  );
});
