// Which parts of a graph view to put in the DOM for a region of the drawing: nodes, edges and frames whose
// boxes meet it. Pure; the canvas recomputes it only when the viewport's coarse region changes.
import type { GraphView, ScopeFrame, ViewEdge, ViewNode } from '../../contracts/inspector.ts';
import type { Region } from './inspector-viewport.svelte.ts';

/** Up to this many drawn boxes keep their labels at any zoom: the paint stays cheap, the fitted view readable. */
export const DETAILED_NODE_LIMIT = 120;

export interface DrawnItems {
  nodes: ViewNode[];
  edges: ViewEdge[];
  frames: ScopeFrame[];
}

/** Bounding regions of each edge's polyline, computed once per view. */
export function edgeRegions(view: GraphView): Map<string, Region> {
  const regions = new Map<string, Region>();
  for (const edge of view.edges) {
    // A loop, not Math.min(...points): spreading a long polyline into arguments can overflow the stack.
    const region = { left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity };
    for (const { x, y } of edge.points) {
      region.left = Math.min(region.left, x);
      region.top = Math.min(region.top, y);
      region.right = Math.max(region.right, x);
      region.bottom = Math.max(region.bottom, y);
    }
    regions.set(edge.id, region);
  }
  return regions;
}

function meets(region: Region, left: number, top: number, right: number, bottom: number): boolean {
  return left <= region.right && right >= region.left && top <= region.bottom && bottom >= region.top;
}

/** Everything when region is null (an export needs the whole drawing). */
export function itemsInRegion(
  view: GraphView,
  edges: Map<string, Region>,
  region: Region | null,
): DrawnItems {
  if (region === null) return { nodes: view.nodes, edges: view.edges, frames: view.frames };
  return {
    nodes: view.nodes.filter((node) =>
      meets(region, node.x, node.y, node.x + node.width, node.y + node.height),
    ),
    edges: view.edges.filter((edge) => {
      const box = edges.get(edge.id);
      return box !== undefined && meets(region, box.left, box.top, box.right, box.bottom);
    }),
    frames: view.frames.filter((frame) =>
      meets(region, frame.x, frame.y, frame.x + frame.width, frame.y + frame.height),
    ),
  };
}
