// A diverging colour scale for attributions (pure): toward the chosen label in blue, away from it in
// orange (a pair that stays apart for the common colour-vision deficiencies), transparent at zero.

export interface AttributionScale {
  /** The largest magnitude shown at full strength; at least a small floor so noise stays pale. */
  limit: number;
}

/** Full colour at this drop in probability or more, unless larger values are present. */
export const MIN_SCALE_LIMIT = 0.05;

export function attributionScale(values: readonly number[]): AttributionScale {
  const largest = values.reduce((max, value) => Math.max(max, Math.abs(value)), 0);
  return { limit: Math.max(MIN_SCALE_LIMIT, largest) };
}

const TOWARD = [37, 99, 235] as const;
const AWAY = [234, 88, 12] as const;

/** A CSS colour for one attribution: hue by sign, opacity by magnitude (0 → transparent). */
export function attributionColor(value: number, scale: AttributionScale): string {
  if (!Number.isFinite(value) || value === 0) return 'rgba(0, 0, 0, 0)';
  const strength = Math.min(1, Math.abs(value) / scale.limit);
  const [r, g, b] = value > 0 ? TOWARD : AWAY;
  return `rgba(${r}, ${g}, ${b}, ${(0.8 * strength).toFixed(3)})`;
}

/** A signed attribution as text, e.g. "+0.412" or "−0.031" (a true minus sign). */
export function formatAttribution(value: number, digits = 3): string {
  const text = Math.abs(value).toFixed(digits);
  if (Number(text) === 0) return (0).toFixed(digits);
  return `${value > 0 ? '+' : '−'}${text}`;
}
