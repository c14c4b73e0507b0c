// The class map as RGBA pixels, one stable colour per class (the detection view's palette, so a class
// has one colour across the vision views). Pure.
import { classColor } from '../object-detection/class-colors.ts';
import type { ClassIndices } from './class-map.ts';

/** #RRGGBB → [r, g, b]. */
export function rgbOf(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

export function classMapPixels(classes: ClassIndices): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(classes.length * 4);
  const cache = new Map<number, [number, number, number]>();
  for (let i = 0; i < classes.length; i++) {
    const index = classes[i] as number;
    let rgb = cache.get(index);
    if (!rgb) {
      rgb = rgbOf(classColor(index).color);
      cache.set(index, rgb);
    }
    out[i * 4] = rgb[0];
    out[i * 4 + 1] = rgb[1];
    out[i * 4 + 2] = rgb[2];
    out[i * 4 + 3] = 255;
  }
  return out;
}
