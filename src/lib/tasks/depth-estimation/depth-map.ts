// A depth model's output → what the view shows: its range, each pixel's relative nearness (0 = farthest in
// the image, 1 = nearest), and a perceptually uniform colour scale (viridis). DPT and Depth Anything give
// relative inverse depth (larger is nearer); a model whose config.json says depth_estimation_type "metric"
// gives distances (larger is farther). Pure.

export interface DepthRange {
  min: number;
  max: number;
  /** Pixels whose value is not finite (left out of the range, drawn as the far end). */
  nonFinite: number;
}

export function depthRange(values: ArrayLike<number>): DepthRange {
  let min = Infinity;
  let max = -Infinity;
  let nonFinite = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) {
      nonFinite++;
      continue;
    }
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === Infinity) return { min: 0, max: 0, nonFinite };
  return { min, max, nonFinite };
}

/** Whether the model's larger values are nearer (relative inverse depth) or farther (metric depth). */
export function largerIsNearer(config: Record<string, unknown> | null): boolean {
  return config?.depth_estimation_type !== 'metric';
}

/**
 * A value's nearness, 0 (farthest in this image) to 1 (nearest), by min–max over the image; a flat map
 * (max = min) is 0.5 everywhere, and a value that is not finite counts as farthest.
 */
export function nearness(value: number, range: DepthRange, nearerIsLarger: boolean): number {
  if (!Number.isFinite(value)) return 0;
  const span = range.max - range.min;
  if (span <= 0) return 0.5;
  const t = Math.min(1, Math.max(0, (value - range.min) / span));
  return nearerIsLarger ? t : 1 - t;
}

/**
 * Viridis (matplotlib's perceptually uniform map, CC0) as a degree-6 polynomial fit per channel (mattz's
 * fit, within one level of the 256-entry table): t in 0..1 → [r, g, b] in 0..255.
 */
const VIRIDIS: ReadonlyArray<readonly [number, number, number]> = [
  [0.2777273272234177, 0.005407344544966578, 0.3340998053353061],
  [0.1050930431085774, 1.404613529898575, 1.384590162594685],
  [-0.3308618287255563, 0.214847559468213, 0.09509516302823659],
  [-4.634230498983486, -5.799100973351585, -19.33244095627987],
  [6.228269936347081, 14.17993336680509, 56.69055260068105],
  [4.776384997670288, -13.74514537774601, -65.35303263337234],
  [-5.435455855934631, 4.645852612178535, 26.3124352495832],
];

export function viridis(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, t));
  const rgb: [number, number, number] = [0, 0, 0];
  for (let channel = 0; channel < 3; channel++) {
    let value = 0;
    for (let k = VIRIDIS.length - 1; k >= 0; k--) value = value * x + (VIRIDIS[k]?.[channel] ?? 0);
    rgb[channel] = Math.round(Math.min(1, Math.max(0, value)) * 255);
  }
  return rgb;
}

/** 256 colours of the scale, index = round(nearness · 255): the map paints through it. */
export const VIRIDIS_TABLE: ReadonlyArray<readonly [number, number, number]> = Array.from(
  { length: 256 },
  (_, i) => viridis(i / 255),
);

/** The map as RGBA pixels: near is yellow, far is dark violet. */
export function depthColours(
  values: ArrayLike<number>,
  range: DepthRange,
  nearerIsLarger: boolean,
): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(values.length * 4);
  for (let i = 0; i < values.length; i++) {
    const colour = VIRIDIS_TABLE[Math.round(nearness(values[i] as number, range, nearerIsLarger) * 255)] ?? [
      0, 0, 0,
    ];
    out[i * 4] = colour[0];
    out[i * 4 + 1] = colour[1];
    out[i * 4 + 2] = colour[2];
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** The CSS gradient of the legend, far (left) to near (right). */
export function legendGradient(stops = 8): string {
  const colours = Array.from({ length: stops + 1 }, (_, i) => {
    const [r, g, b] = viridis(i / stops);
    return `rgb(${r} ${g} ${b})`;
  });
  return `linear-gradient(to right, ${colours.join(', ')})`;
}
