// Keyboard moves along the edges of a laid-out view: a diamond a → (b, c) → d.
import { describe, expect, it } from 'vitest';
import { neighbourMap, nextNode, type Step } from '../../../src/app/inspector/inspector-navigation.ts';
import type { GraphView, ViewNode } from '../../../src/contracts/inspector.ts';

function box(id: string, x: number, y: number): ViewNode {
  return {
    id,
    kind: 'op',
    title: id,
    subtitle: '',
    tooltip: id,
    scopePath: '',
    weightCount: 0,
    x,
    y,
    width: 80,
    height: 30,
  };
}

const nodes = [box('a', 100, 0), box('b', 0, 100), box('c', 200, 100), box('d', 100, 200)];
const edge = (source: string, target: string) => ({
  id: `${source}${target}`,
  source,
  target,
  points: [],
  label: null,
  tooltip: '',
});
const view: GraphView = {
  inspectedId: 1,
  expanded: [],
  constantsShown: false,
  foldableConstants: 0,
  nodes,
  edges: [edge('a', 'b'), edge('a', 'c'), edge('b', 'd'), edge('c', 'd')],
  frames: [],
  bounds: { x: 0, y: 0, width: 280, height: 230 },
  engine: 'dagre',
  layoutMs: 0,
};
const neighbours = neighbourMap(view);
const node = (id: string) => nodes.find((n) => n.id === id) ?? nodes[0]!;

describe('keyboard moves along edges', () => {
  it('goes down to a consumer and up to a producer', () => {
    const down = nextNode(view, neighbours, node('a'), 'down', null);
    expect(down?.id).toBe('b');
    expect(down?.step).toEqual({ from: 'a', direction: 'down' });
    expect(nextNode(view, neighbours, node('d'), 'up', null)?.id).toBe('b');
    expect(nextNode(view, neighbours, node('a'), 'up', null)).toBeNull();
  });

  it('switches between the alternatives of the last step with left and right, wrapping around', () => {
    const step: Step = { from: 'a', direction: 'down' };
    expect(nextNode(view, neighbours, node('b'), 'right', step)).toEqual({ id: 'c', step });
    expect(nextNode(view, neighbours, node('c'), 'right', step)).toEqual({ id: 'b', step });
  });

  it('without a step to repeat, moves to the nearest box in the same row', () => {
    expect(nextNode(view, neighbours, node('b'), 'right', null)).toEqual({ id: 'c', step: null });
    expect(nextNode(view, neighbours, node('b'), 'left', null)).toBeNull();
  });
});
