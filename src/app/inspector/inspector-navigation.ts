// Keyboard moves through a laid-out graph view: up and down follow edges to producers and consumers (the
// one nearest horizontally first), left and right switch between the alternatives of the last step, or
// to the nearest box in the same row. Pure.
import type { GraphView, ViewNode } from '../../contracts/inspector.ts';

export type MoveDirection = 'up' | 'down' | 'left' | 'right';

export interface Neighbours {
  /** Nodes with an edge into this one. */
  up: string[];
  /** Nodes this one has an edge to. */
  down: string[];
}

/** The last up/down step: left/right then cycle through the other nodes it could have reached. */
export interface Step {
  from: string;
  direction: 'up' | 'down';
}

export function neighbourMap(view: GraphView): Map<string, Neighbours> {
  const byId = new Map<string, Neighbours>(view.nodes.map((node) => [node.id, { up: [], down: [] }]));
  for (const edge of view.edges) {
    byId.get(edge.source)?.down.push(edge.target);
    byId.get(edge.target)?.up.push(edge.source);
  }
  return byId;
}

/** Where a key press moves the selection from `current`, and the step to remember; null if nowhere. */
export function nextNode(
  view: GraphView,
  neighbours: ReadonlyMap<string, Neighbours>,
  current: ViewNode,
  direction: MoveDirection,
  lastStep: Step | null,
): { id: string; step: Step | null } | null {
  if (direction === 'up' || direction === 'down') {
    const id = nearestHorizontally(view, current, neighbours.get(current.id)?.[direction] ?? []);
    return id === undefined ? null : { id, step: { from: current.id, direction } };
  }
  const alternatives = lastStep ? (neighbours.get(lastStep.from)?.[lastStep.direction] ?? []) : [];
  if (alternatives.length > 1 && alternatives.includes(current.id)) {
    const sorted = sortByX(view, alternatives);
    const index = sorted.indexOf(current.id) + (direction === 'right' ? 1 : -1);
    const id = sorted[(index + sorted.length) % sorted.length];
    return id === undefined ? null : { id, step: lastStep };
  }
  const id = sameRowNeighbour(view, current, direction);
  return id === undefined ? null : { id, step: null };
}

function centreX(node: ViewNode): number {
  return node.x + node.width / 2;
}

function sortByX(view: GraphView, ids: readonly string[]): string[] {
  const x = new Map(view.nodes.map((node) => [node.id, centreX(node)]));
  return [...ids].sort((a, b) => (x.get(a) ?? 0) - (x.get(b) ?? 0));
}

function nearestHorizontally(view: GraphView, from: ViewNode, ids: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const id of ids) {
    const node = view.nodes.find((candidate) => candidate.id === id);
    if (!node) continue;
    const distance = Math.abs(centreX(node) - centreX(from));
    if (distance < bestDistance) {
      best = id;
      bestDistance = distance;
    }
  }
  return best;
}

/** The closest node to the left or right whose box overlaps this one's row. */
function sameRowNeighbour(view: GraphView, from: ViewNode, direction: 'left' | 'right'): string | undefined {
  const middle = from.y + from.height / 2;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const node of view.nodes) {
    if (node.id === from.id || middle < node.y || middle > node.y + node.height) continue;
    const offset = centreX(node) - centreX(from);
    if (direction === 'right' ? offset <= 0 : offset >= 0) continue;
    if (Math.abs(offset) < bestDistance) {
      best = node.id;
      bestDistance = Math.abs(offset);
    }
  }
  return best;
}
