// Colours of a run painted on the graph: a sequential scale (light = low, dark = high) in a fixed number of
// steps, a neutral box for nodes without data, and marks for the first divergent node and CPU fallbacks.
// SVG presentation attributes, so an exported SVG shows the overlay as the screen does.
import { overlayStep, type OverlayPaint } from '../../lib/capture/run-overlay.ts';
import type { NodeColors } from './graph-colors.ts';

/** ColorBrewer YlOrRd, one colour per step (OVERLAY_STEPS): ordered, colour-blind safe, printable. */
export const OVERLAY_PALETTE: readonly string[] = [
  '#ffffcc',
  '#ffeda0',
  '#fed976',
  '#feb24c',
  '#fd8d3c',
  '#fc4e2a',
  '#e31a1c',
  '#bd0026',
  '#800026',
];

export interface OverlayColors extends NodeColors {
  /** Text on the box: dark on light steps, white on the dark ones. */
  ink: string;
  /** False for boxes the run has no value for. */
  hasData: boolean;
}

const STROKE = '#7a2e0e';
const DARK_INK = '#1d232b';
const LIGHT_INK = '#ffffff';
/** Boxes the run has no value for: grey, so they read as "no data", not as "low". */
export const NO_DATA_COLORS: OverlayColors = {
  fill: '#f3f4f6',
  stroke: '#b8bec7',
  ink: '#5c6672',
  hasData: false,
};
export const DIVERGENT_MARK = '#b42318';
export const FALLBACK_MARK = '#6b4fc8';
/** Time per node: a box ONNX Runtime fused into a kernel whose time is on another box (white text: 7:1). */
export const FUSED_MARK = '#3f4a56';

export function overlayColors(paint: OverlayPaint, nodeId: string): OverlayColors {
  const value = paint.values[nodeId];
  if (value === undefined || !paint.range) return NO_DATA_COLORS;
  const step = overlayStep(value, paint.range, paint.scale);
  return {
    fill: OVERLAY_PALETTE[step] ?? NO_DATA_COLORS.fill,
    stroke: STROKE,
    ink: step >= 6 ? LIGHT_INK : DARK_INK,
    hasData: true,
  };
}
