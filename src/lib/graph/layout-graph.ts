// layoutGraph: VisibleGraph → boxes and edge polylines, with @dagrejs/dagre (MIT, ~17 kB gzipped).
// dagre recurses once per rank and is slow on thousands of nodes, so graphs beyond the limits below get
// the simple layered layout instead of a stack overflow or a frozen worker.

import dagre from '@dagrejs/dagre';
import { longestPathRanks } from './layered-ranks.ts';
import type { GraphLayout } from './layout-types.ts';
import { estimateNodeSize, type Size } from './node-size.ts';
import { simpleLayeredLayout } from './simple-layered-layout.ts';
import type { VisibleGraph, VisibleNode } from './visible-graph.ts';

export interface LayoutOptions {
  /** 'TB' top to bottom (default), 'LR' left to right. */
  direction?: 'TB' | 'LR';
  /** px between neighbours in a rank (default 24). */
  nodeSeparation?: number;
  /** px between ranks (default 40). */
  rankSeparation?: number;
  /** Box size of a node (default: estimated from its label). */
  sizeOf?: (node: VisibleNode) => Size;
  /** Above this many nodes dagre takes seconds; use the simple layout (default 2,000). */
  maxDagreNodes?: number;
  /** dagre recurses per rank; deeper graphs overflow a worker's stack (default 800 ranks). */
  maxDagreRanks?: number;
}

const MARGIN = 16;

export function layoutGraph(graph: VisibleGraph, options: LayoutOptions = {}): GraphLayout {
  const direction = options.direction ?? 'TB';
  const nodeSeparation = options.nodeSeparation ?? 24;
  const rankSeparation = options.rankSeparation ?? 40;
  const sizeOf = options.sizeOf ?? estimateNodeSize;
  const sized = {
    nodes: graph.nodes.map((node) => ({ id: node.id, ...sizeOf(node) })),
    edges: graph.edges,
  };
  const simple = () => simpleLayeredLayout(sized, { direction, nodeSeparation, rankSeparation });

  if (sized.nodes.length > (options.maxDagreNodes ?? 2000)) return simple();
  let deepest = 0;
  for (const rank of longestPathRanks(sized).values()) deepest = Math.max(deepest, rank);
  if (deepest > (options.maxDagreRanks ?? 800)) return simple();

  const g = new dagre.graphlib.Graph<Record<string, unknown>, Size & { x?: number; y?: number }>();
  g.setGraph({
    rankdir: direction,
    nodesep: nodeSeparation,
    ranksep: rankSeparation,
    marginx: MARGIN,
    marginy: MARGIN,
  });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of sized.nodes) g.setNode(node.id, { width: node.width, height: node.height });
  for (const edge of sized.edges) g.setEdge(edge.source, edge.target);
  try {
    dagre.layout(g);
  } catch (error) {
    // The rank limit makes this rare; a stack overflow still must not lose the whole view.
    if (error instanceof RangeError) return simple();
    throw error;
  }

  const nodes = sized.nodes.map((node) => {
    const placed = g.node(node.id);
    return {
      id: node.id,
      x: (placed.x ?? 0) - node.width / 2,
      y: (placed.y ?? 0) - node.height / 2,
      width: node.width,
      height: node.height,
    };
  });
  const edges = graph.edges.map((edge) => {
    const label = g.edge(edge.source, edge.target) as { points?: { x: number; y: number }[] } | undefined;
    return { id: edge.id, source: edge.source, target: edge.target, points: label?.points ?? [] };
  });
  const size = g.graph();
  return {
    nodes,
    edges,
    width: typeof size.width === 'number' ? size.width : 0,
    height: typeof size.height === 'number' ? size.height : 0,
    engine: 'dagre',
  };
}
