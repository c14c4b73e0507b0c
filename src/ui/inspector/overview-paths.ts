// The far-zoomed drawing in a handful of SVG paths: one per node colour and one for all edges. Hundreds of
// boxes then cost a few elements to create and paint instead of thousands.
import type { ViewEdge, ViewNode } from '../../contracts/inspector.ts';
import { nodeColors, type NodeColors } from './graph-colors.ts';

export interface ColoredPath extends NodeColors {
  d: string;
}

/** colorsOf: the run's colours when one is painted (few distinct steps, so still a handful of paths). */
export function nodePathsByColor(
  nodes: readonly ViewNode[],
  colorsOf: (node: ViewNode) => NodeColors = nodeColors,
): ColoredPath[] {
  const byColor = new Map<string, ColoredPath>();
  for (const node of nodes) {
    const { fill, stroke } = colorsOf(node);
    const colors = { fill, stroke };
    const key = `${colors.fill} ${colors.stroke}`;
    const rect = `M${node.x} ${node.y}h${node.width}v${node.height}h${-node.width}z`;
    const entry = byColor.get(key);
    if (entry) entry.d += rect;
    else byColor.set(key, { ...colors, d: rect });
  }
  return [...byColor.values()];
}

export function edgesPath(edges: readonly ViewEdge[]): string {
  return edges
    .map((edge) => edge.points.map((point, i) => `${i === 0 ? 'M' : 'L'}${point.x} ${point.y}`).join(''))
    .join('');
}
