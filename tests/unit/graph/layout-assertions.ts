// Geometry checks shared by the layout tests.

import type { LaidOutNode } from '../../../src/lib/graph/index.ts';

/** Pairs of boxes whose interiors intersect (touching edges is fine), by sweeping along x. */
export function overlappingPairs(nodes: readonly LaidOutNode[]): [string, string][] {
  const sorted = [...nodes].sort((a, b) => a.x - b.x);
  const pairs: [string, string][] = [];
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i];
    if (!a) continue;
    for (let j = i + 1; j < sorted.length; j++) {
      const b = sorted[j];
      if (!b || b.x >= a.x + a.width) break;
      if (a.y < b.y + b.height && b.y < a.y + a.height) pairs.push([a.id, b.id]);
    }
  }
  return pairs;
}
