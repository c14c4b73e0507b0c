// Colours of a model diff painted on the graph: one per kind of change, distinct in hue and in lightness
// (removed darkest) so they read without colour too; the legend shows the same swatches. SVG presentation
// attributes, so an exported SVG shows the diff as the screen does.
import type { ChangeKind } from '../../lib/diff/diff-types.ts';
import type { OverlayColors } from './overlay-colors.ts';

export const DIFF_COLORS: Readonly<Record<ChangeKind, OverlayColors>> = {
  removed: { fill: '#b42318', stroke: '#7a271a', ink: '#ffffff', hasData: true },
  changed: { fill: '#fdb022', stroke: '#93370d', ink: '#1d232b', hasData: true },
  added: { fill: '#a6f4c5', stroke: '#05603a', ink: '#1d232b', hasData: true },
};

export const DIFF_LABELS: Readonly<Record<ChangeKind, string>> = {
  removed: 'removed in the other model',
  changed: 'changed (op, attributes, wiring or weights)',
  added: 'nodes added next to it',
};
