// Display text for the inspector: names from untrusted files made visible and clipped, shapes and counts.
// Control characters would be invisible on screen and make an exported SVG invalid XML, so they are
// replaced by their visible symbols (U+2400…) or \xNN escapes.
import type { IRDim } from '../src/lib/graph/index.ts';

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

export function visibleText(text: string): string {
  return text.replace(CONTROL, (char) => {
    const code = char.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return `\\x${code.toString(16)}`;
  });
}

/** Clips to maxChars, ending with an ellipsis when something was cut. */
export function clipText(text: string, maxChars: number): string {
  const chars = [...text];
  if (chars.length <= maxChars) return text;
  return `${chars.slice(0, Math.max(1, maxChars - 1)).join('')}…`;
}

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
