// Pan, zoom, fit and the culling region of the inspector canvas, on a chain of 100 boxes.
import { describe, expect, it } from 'vitest';
import { itemsInRegion, edgeRegions } from '../../../src/app/inspector/inspector-culling.ts';
import { InspectorViewport } from '../../../src/app/inspector/inspector-viewport.svelte.ts';
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
    width: 100,
    height: 30,
  };
}

/** A vertical chain of 100 boxes, 100 px apart. */
function chainView(): GraphView {
  const nodes = Array.from({ length: 100 }, (_, i) => box(`n${i}`, 0, i * 100));
  const edges = nodes.slice(1).map((node, i) => ({
    id: `e${i}`,
    source: `n${i}`,
    target: node.id,
    points: [
      { x: 50, y: i * 100 + 30 },
      { x: 50, y: (i + 1) * 100 },
    ],
    label: null,
    tooltip: '',
  }));
  return {
    inspectedId: 1,
    expanded: [],
    constantsShown: false,
    foldableConstants: 0,
    nodes,
    edges,
    frames: [],
    bounds: { x: 0, y: 0, width: 100, height: 9930 },
    engine: 'dagre',
    layoutMs: 0,
  };
}

describe('the inspector viewport', () => {
  it('zooms around the pointer and fits a box', () => {
    const viewport = new InspectorViewport();
    viewport.setSize(800, 600);
    viewport.zoomAt(2, 100, 100);
    expect([viewport.x, viewport.y, viewport.scale]).toEqual([-100, -100, 2]);
    viewport.fit({ x: 0, y: 0, width: 1000, height: 500 });
    expect(viewport.scale).toBeCloseTo(0.752);
    expect(viewport.x + 500 * viewport.scale).toBeCloseTo(400);
  });

  it('waits for a size before fitting', () => {
    const viewport = new InspectorViewport();
    viewport.show({ x: 0, y: 0, width: 100, height: 10_000 });
    expect(viewport.scale).toBe(1);
    viewport.setSize(800, 600);
    // A tall graph opens at its top at a readable scale, not fitted into a thin line.
    expect(viewport.scale).toBe(0.8);
    expect(viewport.y).toBe(24);
  });

  it('culls to the region around the screen, which changes only in coarse steps', () => {
    const viewport = new InspectorViewport();
    viewport.setSize(800, 600);
    const view = chainView();
    const regions = edgeRegions(view);
    const drawn = itemsInRegion(view, regions, viewport.region);
    expect(drawn.nodes.length).toBeGreaterThan(6);
    expect(drawn.nodes.length).toBeLessThan(30);
    expect(drawn.edges.length).toBe(drawn.nodes.length - 1);
    const before = viewport.region;
    viewport.panBy(0, -10);
    expect(viewport.region).toEqual(before);
    viewport.panBy(0, -2000);
    expect(viewport.region).not.toEqual(before);
    // Whatever is on screen is drawn.
    const top = -viewport.y / viewport.scale;
    const onScreen = view.nodes.filter((n) => n.y + n.height >= top && n.y <= top + 600 / viewport.scale);
    const drawnIds = new Set(itemsInRegion(view, regions, viewport.region).nodes.map((n) => n.id));
    expect(onScreen.every((n) => drawnIds.has(n.id))).toBe(true);
    expect(itemsInRegion(view, regions, null).nodes).toHaveLength(100);
  });
});
