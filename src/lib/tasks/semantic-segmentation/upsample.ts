// Upsampling a dense output (logits of a segmenter, a depth map) to the image, as Hugging Face's
// post-processing does it: torch.nn.functional.interpolate(mode="bilinear", align_corners=False). Each
// output pixel's centre is mapped back to the input grid, (o + 0.5) · in/out − 0.5, clamped at 0, and
// weighs its two neighbours on each axis. Pure; the goldens in tests/unit come from PyTorch.

/** For each output index along one axis: the two input indices it reads and the weight of the second. */
export interface AxisWeights {
  low: Int32Array;
  high: Int32Array;
  weight: Float64Array;
}

export function axisWeights(inSize: number, outSize: number): AxisWeights {
  const low = new Int32Array(outSize);
  const high = new Int32Array(outSize);
  const weight = new Float64Array(outSize);
  const scale = inSize / outSize;
  for (let o = 0; o < outSize; o++) {
    const source = Math.max(0, (o + 0.5) * scale - 0.5);
    const i0 = Math.min(Math.floor(source), inSize - 1);
    low[o] = i0;
    high[o] = Math.min(i0 + 1, inSize - 1);
    weight[o] = source - i0;
  }
  return { low, high, weight };
}

/** A [channels, height, width] tensor, row-major, as a model gives it (batch dropped). */
export interface Planes {
  data: ArrayLike<number>;
  channels: number;
  height: number;
  width: number;
}

/** Every channel upsampled to outHeight × outWidth: [channels, outHeight, outWidth] float32. */
export function upsampleBilinear(planes: Planes, outHeight: number, outWidth: number): Float32Array {
  const { data, channels, height, width } = planes;
  const ys = axisWeights(height, outHeight);
  const xs = axisWeights(width, outWidth);
  const out = new Float32Array(channels * outHeight * outWidth);
  for (let c = 0; c < channels; c++) {
    const base = c * height * width;
    for (let y = 0; y < outHeight; y++) {
      const r0 = base + (ys.low[y] as number) * width;
      const r1 = base + (ys.high[y] as number) * width;
      const wy = ys.weight[y] as number;
      const row = (c * outHeight + y) * outWidth;
      for (let x = 0; x < outWidth; x++) {
        const x0 = xs.low[x] as number;
        const x1 = xs.high[x] as number;
        const wx = xs.weight[x] as number;
        const top = (data[r0 + x0] as number) * (1 - wx) + (data[r0 + x1] as number) * wx;
        const bottom = (data[r1 + x0] as number) * (1 - wx) + (data[r1 + x1] as number) * wx;
        out[row + x] = top * (1 - wy) + bottom * wy;
      }
    }
  }
  return out;
}

/** The channels' values at one output pixel (x, y) of an outHeight × outWidth upsampling. */
export function valuesAt(
  planes: Planes,
  outHeight: number,
  outWidth: number,
  x: number,
  y: number,
): number[] {
  const { data, channels, height, width } = planes;
  const sy = Math.max(0, (y + 0.5) * (height / outHeight) - 0.5);
  const sx = Math.max(0, (x + 0.5) * (width / outWidth) - 0.5);
  const y0 = Math.min(Math.floor(sy), height - 1);
  const x0 = Math.min(Math.floor(sx), width - 1);
  const y1 = Math.min(y0 + 1, height - 1);
  const x1 = Math.min(x0 + 1, width - 1);
  const wy = sy - y0;
  const wx = sx - x0;
  const values: number[] = [];
  for (let c = 0; c < channels; c++) {
    const base = c * height * width;
    const at = (yy: number, xx: number): number => data[base + yy * width + xx] as number;
    const top = at(y0, x0) * (1 - wx) + at(y0, x1) * wx;
    const bottom = at(y1, x0) * (1 - wx) + at(y1, x1) * wx;
    values.push(top * (1 - wy) + bottom * wy);
  }
  return values;
}

/** The long side a result map is computed at, at most: a 2,048 px photo's map at this size is plenty to see. */
export const MAX_MAP_SIDE = 1024;

/** The size of the map for an image: the image's own, scaled down to MAX_MAP_SIDE on its long side. */
export function mapSize(
  width: number,
  height: number,
  maxSide = MAX_MAP_SIDE,
): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}
