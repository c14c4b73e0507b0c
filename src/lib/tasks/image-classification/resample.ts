// Image resizing the way Hugging Face's image processors do it: they hand the uint8 image to Pillow's
// Image.resize, which filters separably (a horizontal pass, rounded to whole 0..255 levels, then a
// vertical one) with the filter stretched by the shrink factor, so shrinking averages instead of
// aliasing. Pure: RGBA arrays in and out. Matches Pillow within one level (Pillow's weights are fixed-point).
import type { RgbaImage, Size } from '../object-detection/letterbox.ts';

/** Pillow's resample codes, as preprocessor_config.json's "resample" holds them. */
export type ResampleFilter = 'nearest' | 'box' | 'bilinear' | 'hamming' | 'bicubic' | 'lanczos';

export const RESAMPLE_CODES: Readonly<Record<number, ResampleFilter>> = {
  0: 'nearest',
  1: 'lanczos',
  2: 'bilinear',
  3: 'bicubic',
  4: 'box',
  5: 'hamming',
};

interface Filter {
  support: number;
  weight: (x: number) => number;
}

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = Math.PI * x;
  return Math.sin(px) / px;
}

/** Pillow's filters (libImaging/Resample.c): support in source pixels at scale 1, and the kernel. */
const FILTERS: Record<Exclude<ResampleFilter, 'nearest'>, Filter> = {
  box: { support: 0.5, weight: (x) => (x > -0.5 && x <= 0.5 ? 1 : 0) },
  bilinear: { support: 1, weight: (x) => Math.max(0, 1 - Math.abs(x)) },
  hamming: {
    support: 1,
    weight: (x) => {
      const a = Math.abs(x);
      if (a === 0) return 1;
      if (a >= 1) return 0;
      return sinc(a) * (0.54 + 0.46 * Math.cos(Math.PI * a));
    },
  },
  bicubic: {
    support: 2,
    weight: (x) => {
      const a = -0.5;
      const t = Math.abs(x);
      if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
      if (t < 2) return (((t - 5) * t + 8) * t - 4) * a;
      return 0;
    },
  },
  lanczos: { support: 3, weight: (x) => (Math.abs(x) < 3 ? sinc(x) * sinc(x / 3) : 0) },
};

interface Taps {
  start: Int32Array;
  count: Int32Array;
  /** count[i] weights per output position, packed at i × stride. */
  weights: Float64Array;
  stride: number;
}

/** Pillow's precompute_coeffs: per output pixel the first source pixel, how many, and their weights. */
function taps(inSize: number, outSize: number, filter: Filter): Taps {
  const scale = inSize / outSize;
  const filterScale = Math.max(1, scale);
  const support = filter.support * filterScale;
  const stride = Math.ceil(support) * 2 + 1;
  const result: Taps = {
    start: new Int32Array(outSize),
    count: new Int32Array(outSize),
    weights: new Float64Array(outSize * stride),
    stride,
  };
  for (let i = 0; i < outSize; i++) {
    const center = (i + 0.5) * scale;
    const xmin = Math.max(Math.trunc(center - support + 0.5), 0);
    const xmax = Math.min(Math.trunc(center + support + 0.5), inSize) - xmin;
    let total = 0;
    for (let x = 0; x < xmax; x++) {
      const w = filter.weight((x + xmin - center + 0.5) / filterScale);
      result.weights[i * stride + x] = w;
      total += w;
    }
    if (total !== 0) for (let x = 0; x < xmax; x++) result.weights[i * stride + x]! /= total;
    result.start[i] = xmin;
    result.count[i] = xmax;
  }
  return result;
}

function clampLevel(value: number): number {
  // Pillow adds half a level before truncating (round half up), then clips.
  return Math.min(255, Math.max(0, Math.floor(value + 0.5)));
}

/**
 * One separable pass over RGBA: along x (horizontal) or y. Four running sums per output pixel (one per
 * channel) over its taps, so each source byte is read once per tap: a 2048 px photo to 224 px stays well
 * under a second on a busy 2-core machine.
 */
function pass(image: RgbaImage, size: Size, horizontal: boolean, filter: Filter): RgbaImage {
  const out = new Uint8ClampedArray(size.width * size.height * 4);
  const t = horizontal ? taps(image.width, size.width, filter) : taps(image.height, size.height, filter);
  const { start, count, weights, stride } = t;
  const source = image.data;
  // Bytes between one tap's pixel and the next: the next column, or the next row.
  const step = horizontal ? 4 : image.width * 4;
  for (let y = 0; y < size.height; y++) {
    for (let x = 0; x < size.width; x++) {
      const i = horizontal ? x : y;
      const first = start[i] as number;
      const taken = count[i] as number;
      let at = horizontal ? (y * image.width + first) * 4 : (first * image.width + x) * 4;
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      const base = i * stride;
      for (let k = 0; k < taken; k++, at += step) {
        const w = weights[base + k] as number;
        r += (source[at] as number) * w;
        g += (source[at + 1] as number) * w;
        b += (source[at + 2] as number) * w;
        a += (source[at + 3] as number) * w;
      }
      const to = (y * size.width + x) * 4;
      out[to] = clampLevel(r);
      out[to + 1] = clampLevel(g);
      out[to + 2] = clampLevel(b);
      out[to + 3] = clampLevel(a);
    }
  }
  return { width: size.width, height: size.height, data: out };
}

/** Pillow's NEAREST: source pixel floor((i + 0.5) × scale). */
function resizeNearest(image: RgbaImage, size: Size): RgbaImage {
  const out = new Uint8ClampedArray(size.width * size.height * 4);
  for (let y = 0; y < size.height; y++) {
    const sy = Math.min(image.height - 1, Math.floor(((y + 0.5) * image.height) / size.height));
    for (let x = 0; x < size.width; x++) {
      const sx = Math.min(image.width - 1, Math.floor(((x + 0.5) * image.width) / size.width));
      out.set(
        image.data.subarray((sy * image.width + sx) * 4, (sy * image.width + sx) * 4 + 4),
        (y * size.width + x) * 4,
      );
    }
  }
  return { width: size.width, height: size.height, data: out };
}

/** Image.resize(size, resample) as Pillow computes it (horizontal pass first, each pass rounded). */
export function resizeLikePillow(image: RgbaImage, size: Size, filterName: ResampleFilter): RgbaImage {
  if (size.width === image.width && size.height === image.height) return image;
  if (filterName === 'nearest') return resizeNearest(image, size);
  const filter = FILTERS[filterName];
  const wide =
    size.width === image.width
      ? image
      : pass(image, { width: size.width, height: image.height }, true, filter);
  return size.height === image.height ? wide : pass(wide, size, false, filter);
}
