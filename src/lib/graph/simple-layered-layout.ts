// A fast, recursion-free layered layout for graphs too big or too deep for dagre: longest-path ranks,
// one barycenter pass for order, straight edges. Rougher than dagre, but never overlaps and never fails.

import { longestPathRanks } from './layered-ranks.ts';
import type { GraphLayout, LaidOutNode } from './layout-types.ts';
import type { Size } from './node-size.ts';

export interface SizedGraph {
  nodes: readonly ({ id: string } & Size)[];
  edges: readonly { id: string; source: string; target: string }[];
}

export interface SimpleLayoutOptions {
  /** 'TB' = ranks are rows (default); 'LR' = ranks are columns. */
  direction: 'TB' | 'LR';
  /** px between neighbours in a rank */
  nodeSeparation: number;
  /** px between ranks */
  rankSeparation: number;
}

export function simpleLayeredLayout(graph: SizedGraph, options: SimpleLayoutOptions): GraphLayout {
  const horizontal = options.direction === 'LR';
  // Work in rank-major coordinates: "along" is across a rank, "across" steps from rank to rank.
  const along = (size: Size) => (horizontal ? size.height : size.width);
  const across = (size: Size) => (horizontal ? size.width : size.height);

  const ranks = longestPathRanks(graph);
  const rows: ({ id: string } & Size)[][] = [];
  for (const node of graph.nodes) {
    const rank = ranks.get(node.id) ?? 0;
    (rows[rank] ??= []).push(node);
  }
  const predecessors = new Map<string, string[]>();
  for (const edge of graph.edges) {
    const list = predecessors.get(edge.target);
    if (list) list.push(edge.source);
    else predecessors.set(edge.target, [edge.source]);
  }

  const center = new Map<string, number>();
  const boxes = new Map<string, LaidOutNode>();
  let rankOffset = 0;
  let extent = 0;
  const rowLayouts: { row: ({ id: string } & Size)[]; starts: number[]; length: number; offset: number }[] =
    [];
  for (const row of rows) {
    if (!row) continue;
    // Barycenter of already placed predecessors keeps chains roughly straight.
    const keyed = row.map((node, index) => {
      const placed = (predecessors.get(node.id) ?? [])
        .map((id) => center.get(id))
        .filter((x) => x !== undefined);
      return { node, key: placed.length ? placed.reduce((a, b) => a + b, 0) / placed.length : index * 1e-6 };
    });
    keyed.sort((a, b) => a.key - b.key);
    const ordered = keyed.map((entry) => entry.node);
    const starts: number[] = [];
    let cursor = 0;
    for (const node of ordered) {
      starts.push(cursor);
      center.set(node.id, cursor + along(node) / 2);
      cursor += along(node) + options.nodeSeparation;
    }
    const length = Math.max(0, cursor - options.nodeSeparation);
    extent = Math.max(extent, length);
    const depth = ordered.reduce((deepest, node) => Math.max(deepest, across(node)), 0);
    rowLayouts.push({ row: ordered, starts, length, offset: rankOffset });
    rankOffset += depth + options.rankSeparation;
  }
  // Centre each rank in the widest one.
  for (const { row, starts, length, offset } of rowLayouts) {
    const shift = (extent - length) / 2;
    row.forEach((node, i) => {
      const a = (starts[i] ?? 0) + shift;
      boxes.set(node.id, {
        id: node.id,
        x: horizontal ? offset : a,
        y: horizontal ? a : offset,
        width: node.width,
        height: node.height,
      });
    });
  }

  const edges = graph.edges.flatMap((edge) => {
    const source = boxes.get(edge.source);
    const target = boxes.get(edge.target);
    if (!source || !target) return [];
    const points = horizontal
      ? [
          { x: source.x + source.width, y: source.y + source.height / 2 },
          { x: target.x, y: target.y + target.height / 2 },
        ]
      : [
          { x: source.x + source.width / 2, y: source.y + source.height },
          { x: target.x + target.width / 2, y: target.y },
        ];
    return [{ id: edge.id, source: edge.source, target: edge.target, points }];
  });
  const totalAcross = Math.max(0, rankOffset - options.rankSeparation);
  return {
    nodes: graph.nodes.map((node) => boxes.get(node.id)).filter((box) => box !== undefined),
    edges,
    width: horizontal ? totalAcross : extent,
    height: horizontal ? extent : totalAcross,
    engine: 'simple-layered',
  };
}
