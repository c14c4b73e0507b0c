// Colour maps for tensor values: viridis (perceptually uniform, sequential) and a blue-white-red diverging
// map centred on 0; value scales, 256-entry lookup tables, one-pass painting into RGBA pixels, and the
// numbers a legend prints.

export type ColorMapName = 'viridis' | 'diverging';
export type Rgb = readonly [number, number, number];

/** matplotlib's viridis at 0, 0.1, …, 1. */
const VIRIDIS_STOPS: readonly Rgb[] = [
  [68, 1, 84],
  [72, 36, 117],
  [65, 68, 135],
  [53, 95, 141],
  [42, 120, 142],
  [33, 145, 140],
  [34, 168, 132],
  [68, 191, 112],
  [122, 209, 81],
  [189, 223, 38],
  [253, 231, 37],
];

/** ColorBrewer RdBu (reversed): blue for negative, white at 0, red for positive. */
const DIVERGING_STOPS: readonly Rgb[] = [
  [33, 102, 172],
  [103, 169, 207],
  [209, 229, 240],
  [247, 247, 247],
  [253, 219, 199],
  [239, 138, 98],
  [178, 24, 43],
];

/** NaN and ±Inf are painted in this grey, outside both maps. */
export const NOT_FINITE_RGB: Rgb = [128, 128, 128];

const LUT_SIZE = 256;

function interpolate(stops: readonly Rgb[], t: number): Rgb {
  const clamped = Math.min(1, Math.max(0, t));
  const position = clamped * (stops.length - 1);
  const index = Math.min(stops.length - 2, Math.floor(position));
  const fraction = position - index;
  const from = stops[index] as Rgb;
  const to = stops[index + 1] as Rgb;
  return [
    Math.round(from[0] + (to[0] - from[0]) * fraction),
    Math.round(from[1] + (to[1] - from[1]) * fraction),
    Math.round(from[2] + (to[2] - from[2]) * fraction),
  ];
}

/** The map's colour at t ∈ [0, 1] (clamped). */
export function colorAt(map: ColorMapName, t: number): Rgb {
  return interpolate(map === 'viridis' ? VIRIDIS_STOPS : DIVERGING_STOPS, t);
}

const lutCache = new Map<ColorMapName, Uint8Array>();

/** 256 RGB triplets, built once per map. */
export function colorLut(map: ColorMapName): Uint8Array {
  let lut = lutCache.get(map);
  if (!lut) {
    lut = new Uint8Array(LUT_SIZE * 3);
    for (let i = 0; i < LUT_SIZE; i++) lut.set(colorAt(map, i / (LUT_SIZE - 1)), i * 3);
    lutCache.set(map, lut);
  }
  return lut;
}

/** How values map to [0, 1]: linearly over [min, max]; a diverging scale is symmetric around 0. */
export interface ValueScale {
  map: ColorMapName;
  min: number;
  max: number;
}

export interface ValueRange {
  min: number;
  max: number;
}

/** Min and max of the finite values in data[offset, offset + length); {NaN, NaN} when none is finite. */
export function finiteRange(data: ArrayLike<number>, offset = 0, length = data.length - offset): ValueRange {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = offset; i < offset + length; i++) {
    const value = data[i] as number;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  // Comparisons with NaN are false, so NaN never lands in min/max; ±Inf can, and is dropped here.
  if (min === Number.NEGATIVE_INFINITY || max === Number.POSITIVE_INFINITY) {
    return finiteRangeSlow(data, offset, length);
  }
  if (min > max) return { min: Number.NaN, max: Number.NaN };
  return { min, max };
}

function finiteRangeSlow(data: ArrayLike<number>, offset: number, length: number): ValueRange {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = offset; i < offset + length; i++) {
    const value = data[i] as number;
    if (!Number.isFinite(value)) continue;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return min > max ? { min: Number.NaN, max: Number.NaN } : { min, max };
}

/** The scale for a range: a diverging map spans ±max|x| so that 0 is white. */
export function scaleFor(map: ColorMapName, range: ValueRange): ValueScale {
  if (Number.isNaN(range.min)) return { map, min: 0, max: 0 };
  if (map === 'diverging') {
    const extent = Math.max(Math.abs(range.min), Math.abs(range.max));
    return { map, min: -extent, max: extent };
  }
  return { map, min: range.min, max: range.max };
}

/** Position of a value on the scale, 0…1; a flat scale (min = max) puts everything in the middle. */
export function scalePosition(scale: ValueScale, value: number): number {
  const span = scale.max - scale.min;
  if (!(span > 0)) return 0.5;
  return Math.min(1, Math.max(0, (value - scale.min) / span));
}

/**
 * Paints `length` values from data[offset] as opaque RGBA into out[outOffset…] in one pass (a lookup
 * table, no allocation): the way a channel map or heatmap is drawn without stalling the page.
 */
export function paintValues(
  data: ArrayLike<number>,
  offset: number,
  length: number,
  scale: ValueScale,
  out: Uint8ClampedArray,
  outOffset = 0,
): void {
  const lut = colorLut(scale.map);
  const span = scale.max - scale.min;
  const factor = span > 0 ? (LUT_SIZE - 1) / span : 0;
  const flat = span > 0 ? -1 : (LUT_SIZE - 1) >> 1;
  const [grayR, grayG, grayB] = NOT_FINITE_RGB;
  for (let i = 0; i < length; i++) {
    const value = data[offset + i] as number;
    const o = outOffset + i * 4;
    if (!Number.isFinite(value)) {
      out[o] = grayR;
      out[o + 1] = grayG;
      out[o + 2] = grayB;
    } else {
      let index = flat >= 0 ? flat : Math.round((value - scale.min) * factor);
      if (index < 0) index = 0;
      else if (index > LUT_SIZE - 1) index = LUT_SIZE - 1;
      const l = index * 3;
      out[o] = lut[l] as number;
      out[o + 1] = lut[l + 1] as number;
      out[o + 2] = lut[l + 2] as number;
    }
    out[o + 3] = 255;
  }
}

/** The numbers a legend prints: min, quarter points and max (0 sits in the middle of a diverging scale). */
export function legendTicks(scale: ValueScale, count = 5): number[] {
  if (!(scale.max > scale.min)) return [scale.min];
  return Array.from({ length: count }, (_, i) => scale.min + ((scale.max - scale.min) * i) / (count - 1));
}

/** CSS gradient stops for a legend bar, computed from the same map the pixels use. */
export function cssGradient(map: ColorMapName, steps = 11): string {
  const stops = Array.from({ length: steps }, (_, i) => {
    const [r, g, b] = colorAt(map, i / (steps - 1));
    return `rgb(${r} ${g} ${b}) ${((i / (steps - 1)) * 100).toFixed(1)}%`;
  });
  return `linear-gradient(to right, ${stops.join(', ')})`;
}
