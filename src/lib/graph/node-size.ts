// Box sizes for visible nodes, estimated from label length so layout needs no DOM text measurement.

import type { VisibleNode } from './visible-graph.ts';

export interface Size {
  /** px */
  width: number;
  /** px */
  height: number;
}

/** Average advance of a 12 px UI font; labels are clipped with an ellipsis past MAX_WIDTH. */
const CHAR_WIDTH = 7;
const PADDING_X = 16;
const MIN_WIDTH = 64;
const MAX_WIDTH = 240;

export function estimateNodeSize(node: VisibleNode): Size {
  const text = node.kind === 'group' ? `${node.label} ×${node.nodeCount ?? 0}` : node.label;
  const width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, Math.ceil(text.length * CHAR_WIDTH + PADDING_X * 2)));
  // Groups have a second line (node and parameter counts).
  const height = node.kind === 'group' ? 48 : node.kind === 'op' ? 32 : 28;
  return { width, height };
}
