// A segmenter's logits → the class of every pixel of the image (bilinear upsampling, then argmax, as
// Hugging Face's post_process_semantic_segmentation), the legend of the classes present with their share
// of the image, and the top classes at one pixel. Pure.
import { toProbabilities } from '../image-classification/top-classes.ts';
import { axisWeights, valuesAt, type Planes } from './upsample.ts';

/** The class of every map pixel, row-major; Uint8 for up to 256 classes, else Uint16. */
export type ClassIndices = Uint8Array | Uint16Array;

/**
 * The argmax of the upsampled logits per pixel, without holding the upsampled tensor: one row of
 * vertically interpolated logits at a time (channels × width numbers), then each pixel's classes.
 */
export function upsampledArgmax(logits: Planes, outHeight: number, outWidth: number): ClassIndices {
  const { data, channels, height, width } = logits;
  const out = channels <= 256 ? new Uint8Array(outHeight * outWidth) : new Uint16Array(outHeight * outWidth);
  const ys = axisWeights(height, outHeight);
  const xs = axisWeights(width, outWidth);
  const row = new Float64Array(channels * width);
  const plane = height * width;
  for (let y = 0; y < outHeight; y++) {
    const r0 = (ys.low[y] as number) * width;
    const r1 = (ys.high[y] as number) * width;
    const wy = ys.weight[y] as number;
    for (let c = 0; c < channels; c++) {
      for (let x = 0; x < width; x++) {
        const a = data[c * plane + r0 + x] as number;
        const b = data[c * plane + r1 + x] as number;
        row[c * width + x] = a * (1 - wy) + b * wy;
      }
    }
    for (let x = 0; x < outWidth; x++) {
      const x0 = xs.low[x] as number;
      const x1 = xs.high[x] as number;
      const wx = xs.weight[x] as number;
      let best = 0;
      let bestValue = -Infinity;
      for (let c = 0; c < channels; c++) {
        const value = (row[c * width + x0] as number) * (1 - wx) + (row[c * width + x1] as number) * wx;
        // NaN never wins; ties keep the lower class, as torch.argmax does.
        if (value > bestValue) {
          bestValue = value;
          best = c;
        }
      }
      out[y * outWidth + x] = best;
    }
  }
  return out;
}

export interface LegendEntry {
  index: number;
  label: string;
  /** The fraction of the map's pixels of this class, 0..1. */
  share: number;
  pixels: number;
}

/** The classes present in the map, largest share first (ties keep class order). */
export function legendOf(classes: ClassIndices, labels: readonly string[]): LegendEntry[] {
  const counts = new Map<number, number>();
  for (const index of classes) counts.set(index, (counts.get(index) ?? 0) + 1);
  const total = classes.length || 1;
  return [...counts]
    .map(([index, pixels]) => ({
      index,
      pixels,
      share: pixels / total,
      label: labels[index] ?? `class ${index}`,
    }))
    .sort((a, b) => b.pixels - a.pixels || a.index - b.index);
}

export interface PixelClass {
  index: number;
  label: string;
  probability: number;
}

/** The k most probable classes at map pixel (x, y): softmax of the upsampled logits there. */
export function classesAtPixel(
  logits: Planes,
  mapWidth: number,
  mapHeight: number,
  x: number,
  y: number,
  labels: readonly string[],
  k = 3,
): PixelClass[] {
  const { probabilities } = toProbabilities(valuesAt(logits, mapHeight, mapWidth, x, y));
  return probabilities
    .map((probability, index) => ({ index, probability, label: labels[index] ?? `class ${index}` }))
    .sort((a, b) => b.probability - a.probability || a.index - b.index)
    .slice(0, k);
}
