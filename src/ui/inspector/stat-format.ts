// Number formatting for tensor statistics: short, exact for integers, NaN and infinities spelled out.

export function formatStat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+∞';
  if (value === Number.NEGATIVE_INFINITY) return '−∞';
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e6)) return value.toExponential(3);
  return String(Number(value.toPrecision(5)));
}

/** "[1, 3, 416, 416]"; symbolic dims by name; "?" for an unknown dim or rank; "[]" (scalar) stays. */
export function formatShapeList(shape: readonly (number | string | null)[] | undefined): string {
  if (shape === undefined) return '?';
  return `[${shape.map((dim) => (dim === null ? '?' : String(dim))).join(', ')}]`;
}
