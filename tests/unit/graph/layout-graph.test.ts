import { describe, expect, it } from 'vitest';
import {
  buildScopeTree,
  buildVisibleGraph,
  estimateNodeSize,
  layoutGraph,
  longestPathRanks,
  type VisibleGraph,
} from '../../../src/lib/graph/index.ts';
import { decoded } from './graph-builders.ts';
import { overlappingPairs } from './layout-assertions.ts';
import { bertNodeNames, chainFromNames, yoloNodeNames } from './scoped-models.ts';

/** A DAG with fan-out, fan-in and long skip edges: `layers` ranks of `width` nodes. */
function lattice(layers: number, width: number): VisibleGraph {
  const nodes: VisibleGraph['nodes'] = [];
  const edges: VisibleGraph['edges'] = [];
  for (let l = 0; l < layers; l++) {
    for (let w = 0; w < width; w++) {
      nodes.push({ id: `${l}.${w}`, kind: 'op', label: w % 2 ? 'MatMul' : 'LayerNormalization', detail: '' });
      if (l > 0)
        edges.push({ id: `e${edges.length}`, source: `${l - 1}.${w}`, target: `${l}.${w}`, values: [] });
      if (l > 0 && w > 0)
        edges.push({ id: `e${edges.length}`, source: `${l - 1}.${w - 1}`, target: `${l}.${w}`, values: [] });
      if (l > 3 && w === 0)
        edges.push({ id: `e${edges.length}`, source: `${l - 4}.${width - 1}`, target: `${l}.0`, values: [] });
    }
  }
  return { nodes, edges };
}

function expectWellFormed(graph: VisibleGraph, options = {}) {
  const layout = layoutGraph(graph, options);
  expect(layout.nodes).toHaveLength(graph.nodes.length);
  expect(overlappingPairs(layout.nodes)).toEqual([]);
  for (const node of layout.nodes) {
    expect(node.x).toBeGreaterThanOrEqual(0);
    expect(node.y).toBeGreaterThanOrEqual(0);
    expect(node.x + node.width).toBeLessThanOrEqual(layout.width + 1e-6);
    expect(node.y + node.height).toBeLessThanOrEqual(layout.height + 1e-6);
  }
  for (const edge of layout.edges) expect(edge.points.length).toBeGreaterThanOrEqual(2);
  return layout;
}

describe('layoutGraph', () => {
  it('lays out BERT and YOLO views with dagre, boxes sized from labels, no overlaps', () => {
    for (const names of [bertNodeNames(2), yoloNodeNames()]) {
      const { ir } = decoded(chainFromNames(names));
      const tree = buildScopeTree(ir);
      for (const expanded of [new Set<string>(), new Set(tree.byPath.keys())]) {
        const graph = buildVisibleGraph(ir, tree, expanded);
        const layout = expectWellFormed(graph);
        expect(layout.engine).toBe('dagre');
        const first = graph.nodes[0];
        if (first) expect(layout.nodes[0]).toMatchObject(estimateNodeSize(first));
      }
    }
  });

  it('places ranks top to bottom, or left to right', () => {
    const graph = lattice(3, 1);
    const down = layoutGraph(graph);
    const [a, b] = down.nodes;
    expect(a && b && b.y > a.y + a.height).toBe(true);
    const right = layoutGraph(graph, { direction: 'LR' });
    const [c, d] = right.nodes;
    expect(c && d && d.x > c.x + c.width).toBe(true);
  });

  it('never overlaps on a wide lattice with skip edges', () => {
    expectWellFormed(lattice(12, 9));
  });

  it('uses the simple layered layout past the dagre limits, still without overlaps', () => {
    const big = expectWellFormed(lattice(40, 60), { maxDagreNodes: 1000 });
    expect(big.engine).toBe('simple-layered');
    const deepChain = lattice(3000, 1);
    const deep = expectWellFormed(deepChain);
    expect(deep.engine).toBe('simple-layered');
    const horizontal = expectWellFormed(lattice(30, 40), { maxDagreNodes: 10, direction: 'LR' });
    expect(horizontal.engine).toBe('simple-layered');
  });

  it('survives cycles', () => {
    const graph: VisibleGraph = {
      nodes: ['a', 'b', 'c'].map((id) => ({ id, kind: 'op', label: id, detail: '' })),
      edges: [
        { id: 'e0', source: 'a', target: 'b', values: [] },
        { id: 'e1', source: 'b', target: 'c', values: [] },
        { id: 'e2', source: 'c', target: 'a', values: [] },
      ],
    };
    expectWellFormed(graph);
    expectWellFormed(graph, { maxDagreNodes: 0 });
  });
});

describe('longestPathRanks', () => {
  it('ranks each node after all its predecessors', () => {
    const graph = lattice(5, 3);
    const ranks = longestPathRanks(graph);
    for (const edge of graph.edges)
      expect(ranks.get(edge.target) ?? 0).toBeGreaterThan(ranks.get(edge.source) ?? 0);
  });
});
