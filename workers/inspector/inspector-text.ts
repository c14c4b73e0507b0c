// Display text for the inspector: names from untrusted files made visible and clipped, shapes and counts.
// Control and directional characters are made visible by src/lib/visible-text.ts, shared with the UI.
import type { IRDim } from '../../src/lib/graph/index.ts';
import { visibleText } from '../../src/lib/visible-text.ts';

/** "batch×3×416×416"; "scalar" for []; "?" for an unknown rank or dimension. */
export function formatDims(shape: readonly IRDim[] | undefined): string {
  if (shape === undefined) return '?';
  if (shape.length === 0) return 'scalar';
  return shape
    .map((dim) => (dim === null ? '?' : typeof dim === 'string' ? visibleText(dim) : dim))
    .join('×');
}

/** 950, 12.3K, 4.5M, 1.2B: parameter counts at a glance. */
export function formatCompactCount(count: number): string {
  const units: [number, string][] = [
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [size, suffix] of units) {
    if (count >= size) return `${(count / size).toFixed(count / size < 10 ? 1 : 0)}${suffix}`;
  }
  return String(count);
}
