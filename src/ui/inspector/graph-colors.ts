// Colours of the graph drawing: one hue per op category, and the kinds of node that are not ops. Used as
// SVG presentation attributes so an exported SVG looks like the screen.
import type { OpCategory } from '../../lib/graph/op-categories.ts';
import type { ViewNode } from '../../contracts/inspector.ts';

export interface NodeColors {
  fill: string;
  stroke: string;
}

export const CATEGORY_COLORS: Readonly<Record<OpCategory, NodeColors>> = {
  conv: { fill: '#dbe8fb', stroke: '#2f6fde' },
  linear: { fill: '#e3dcf7', stroke: '#6b4fc8' },
  recurrent: { fill: '#f6dcef', stroke: '#b0408f' },
  normalization: { fill: '#d9f0e6', stroke: '#23865b' },
  activation: { fill: '#fde8cf', stroke: '#c26a00' },
  attention: { fill: '#f9dada', stroke: '#c0392b' },
  pooling: { fill: '#d8eff5', stroke: '#1f7f99' },
  elementwise: { fill: '#eceff2', stroke: '#6b7785' },
  reduction: { fill: '#e9f3d6', stroke: '#5b8a1c' },
  shape: { fill: '#f3efe3', stroke: '#8a7a4d' },
  quantization: { fill: '#e0e7ef', stroke: '#3e5a78' },
  'control-flow': { fill: '#fff3c4', stroke: '#a07c00' },
  other: { fill: '#f1f1f1', stroke: '#8b8b8b' },
};

const GROUP: NodeColors = { fill: '#f4f6fa', stroke: '#4a5563' };
const INPUT: NodeColors = { fill: '#e6f4ea', stroke: '#1e7b34' };
const OUTPUT: NodeColors = { fill: '#fde7ee', stroke: '#a3244f' };

export function nodeColors(node: Pick<ViewNode, 'kind' | 'category'>): NodeColors {
  switch (node.kind) {
    case 'group':
      return GROUP;
    case 'input':
      return INPUT;
    case 'output':
      return OUTPUT;
    case 'op':
      return CATEGORY_COLORS[node.category ?? 'other'];
  }
}

/** Distinct accents for the repeated-block groups (block ×12, bottleneck ×3, …). */
const REPEAT_ACCENTS = ['#7a4fd6', '#0f8b8d', '#c2410c', '#2563eb', '#b91c1c', '#4d7c0f'];

export function repeatAccent(group: number): string {
  return REPEAT_ACCENTS[group % REPEAT_ACCENTS.length] ?? '#7a4fd6';
}

/**
 * The drawing is a light "sheet" in both colour schemes: it is exported as a standalone SVG/PNG, so its
 * colours are presentation attributes, not CSS variables. Every text colour here passes 4.5:1 on every fill.
 */
export const GRAPH_INK = {
  canvas: '#fcfcfb',
  title: '#1d232b',
  subtitle: '#4a5563',
  edgeLabel: '#5c6672',
  halo: '#ffffff',
  onAccent: '#ffffff',
  frameEven: '#f3f5f9',
  frameOdd: '#fafbfc',
  frameStroke: '#a3acb9',
} as const;

export const SELECTED_STROKE = '#f59e0b';
export const MATCH_STROKE = '#d946ef';
export const EDGE_STROKE = '#8a94a3';
export const FONT_FAMILY = 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif';
