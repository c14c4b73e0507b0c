import { describe, expect, it } from 'vitest';
import {
  buildScopeTree,
  buildVisibleGraph,
  collapseScope,
  expandScope,
  expansionWithinBudget,
} from '../../../src/lib/graph/index.ts';
import { decoded } from './graph-builders.ts';
import { bertNodeNames, chainFromNames, yoloNodeNames } from './scoped-models.ts';

function bert() {
  const { ir } = decoded(chainFromNames(bertNodeNames(2)));
  return { ir, tree: buildScopeTree(ir) };
}

const ids = (graph: { nodes: { id: string }[] }) => graph.nodes.map((node) => node.id);
const links = (graph: { edges: { source: string; target: string }[] }) =>
  graph.edges.map((edge) => `${edge.source} → ${edge.target}`);

describe('buildVisibleGraph', () => {
  it('shows top-level groups only when nothing is expanded; a one-node scope shows its node', () => {
    const { ir, tree } = bert();
    const visible = buildVisibleGraph(ir, tree, new Set());
    expect(ids(visible)).toEqual(['group:/bert', 'n33', 'input:x', 'output:/classifier/Gemm_output_0']);
    expect(visible.nodes[0]).toMatchObject({
      kind: 'group',
      label: 'bert',
      nodeCount: 33,
      parameterCount: 16 * 14,
    });
    expect(visible.nodes[1]).toMatchObject({
      kind: 'op',
      label: 'Gemm',
      detail: '/classifier/Gemm',
      category: 'linear',
    });
    expect(links(visible)).toEqual([
      'group:/bert → n33',
      'input:x → group:/bert',
      'n33 → output:/classifier/Gemm_output_0',
    ]);
  });

  it('expands a scope with its ancestors and merges edges between groups', () => {
    const { ir, tree } = bert();
    const expanded = expandScope(new Set(), '/bert/encoder');
    expect([...expanded]).toEqual(['/bert', '/bert/encoder']);
    const visible = buildVisibleGraph(ir, tree, expanded, { showGraphIO: false });
    expect(ids(visible)).toEqual([
      'group:/bert/embeddings',
      'group:/bert/encoder/layer.0',
      'group:/bert/encoder/layer.1',
      'group:/bert/pooler',
      'n33',
    ]);
    expect(links(visible)).toEqual([
      'group:/bert/embeddings → group:/bert/encoder/layer.0',
      'group:/bert/encoder/layer.0 → group:/bert/encoder/layer.1',
      'group:/bert/encoder/layer.1 → group:/bert/pooler',
      'group:/bert/pooler → n33',
    ]);
    expect(visible.edges[0]?.values).toEqual(['/bert/embeddings/LayerNorm/LayerNormalization_output_0']);
  });

  it('collapses a scope and everything below it', () => {
    const expanded = new Set(['/bert', '/bert/encoder', '/bert/encoder/layer.0', '/bert/pooler']);
    expect([...collapseScope(expanded, '/bert/encoder')]).toEqual(['/bert', '/bert/pooler']);
    expect([...collapseScope(expanded, '/bert')]).toEqual([]);
  });

  it('carries every IR edge: a fully expanded view has the IR graph', () => {
    const { ir, tree } = bert();
    const all = new Set(tree.byPath.keys());
    const visible = buildVisibleGraph(ir, tree, all, { showGraphIO: false });
    expect(visible.nodes).toHaveLength(ir.nodes.length);
    expect(visible.edges).toHaveLength(ir.edges.length);
  });

  it('keeps edges between groups that skip over others (YOLO concat from earlier blocks)', () => {
    const { ir } = decoded(chainFromNames(yoloNodeNames()));
    const tree = buildScopeTree(ir);
    const visible = buildVisibleGraph(ir, tree, new Set(['/model.4']), { showGraphIO: false });
    expect(ids(visible)).toContain('group:/model.4/m.0');
    expect(links(visible)).toContain('group:/model.4/m.0 → group:/model.4/m.1');
  });

  it('opens whole levels of the scope tree while they fit a node budget', () => {
    const { ir, tree } = bert();
    const expanded = expansionWithinBudget(tree, 8);
    expect([...expanded]).toEqual(['/bert', '/bert/embeddings', '/bert/encoder', '/bert/pooler']);
    expect(buildVisibleGraph(ir, tree, expanded, { showGraphIO: false }).nodes).toHaveLength(8);
    expect([...expansionWithinBudget(tree, 3)]).toEqual([]);
  });
});
