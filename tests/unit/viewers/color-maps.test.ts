// Colour maps: the right end colours, monotonic lightness for viridis, white at 0 on the diverging map,
// one-pass painting through the lookup table, NaN/Inf in grey, and the legend's numbers.
import { describe, expect, it } from 'vitest';
import {
  colorAt,
  cssGradient,
  finiteRange,
  legendTicks,
  NOT_FINITE_RGB,
  paintValues,
  scaleFor,
  scalePosition,
} from '../../../src/lib/viewers/color-maps.ts';

const luminance = ([r, g, b]: readonly number[]): number => 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;

describe('colour maps', () => {
  it('viridis runs from dark purple to yellow with rising lightness', () => {
    expect(colorAt('viridis', 0)).toEqual([68, 1, 84]);
    expect(colorAt('viridis', 1)).toEqual([253, 231, 37]);
    let previous = -1;
    for (let i = 0; i <= 100; i++) {
      const lightness = luminance(colorAt('viridis', i / 100));
      expect(lightness).toBeGreaterThanOrEqual(previous);
      previous = lightness;
    }
  });

  it('the diverging map is blue below, near-white at the middle, red above', () => {
    const [r0, , b0] = colorAt('diverging', 0);
    const [r1, , b1] = colorAt('diverging', 1);
    expect(b0).toBeGreaterThan(r0);
    expect(r1).toBeGreaterThan(b1);
    expect(colorAt('diverging', 0.5)).toEqual([247, 247, 247]);
    expect(colorAt('diverging', -3)).toEqual(colorAt('diverging', 0));
  });

  it('a diverging scale is symmetric around 0; a sequential one spans the range', () => {
    expect(scaleFor('diverging', { min: -1, max: 4 })).toEqual({ map: 'diverging', min: -4, max: 4 });
    expect(scaleFor('viridis', { min: -1, max: 4 })).toEqual({ map: 'viridis', min: -1, max: 4 });
    expect(scalePosition(scaleFor('diverging', { min: -1, max: 4 }), 0)).toBe(0.5);
    expect(scalePosition({ map: 'viridis', min: 2, max: 2 }, 2)).toBe(0.5);
  });

  it('finds the finite range, skipping NaN and infinities', () => {
    expect(finiteRange([3, Number.NaN, -2, 7])).toEqual({ min: -2, max: 7 });
    expect(finiteRange([Number.NEGATIVE_INFINITY, 1, 5, Number.POSITIVE_INFINITY])).toEqual({
      min: 1,
      max: 5,
    });
    expect(finiteRange([9, 1, 2, 3], 1, 2)).toEqual({ min: 1, max: 2 });
    expect(Number.isNaN(finiteRange([Number.NaN]).min)).toBe(true);
  });

  it('paints values as opaque RGBA through the map, NaN and Inf in grey', () => {
    const out = new Uint8ClampedArray(4 * 4);
    paintValues([0, 10, Number.NaN, 5], 0, 4, { map: 'viridis', min: 0, max: 10 }, out);
    expect(Array.from(out.subarray(0, 4))).toEqual([68, 1, 84, 255]);
    expect(Array.from(out.subarray(4, 8))).toEqual([253, 231, 37, 255]);
    expect(Array.from(out.subarray(8, 11))).toEqual([...NOT_FINITE_RGB]);
    expect(Array.from(out.subarray(12, 15))).toEqual([...colorAt('viridis', 128 / 255)]);
  });

  it('paints from an offset into an offset and clamps values outside the scale', () => {
    const out = new Uint8ClampedArray(12).fill(7);
    paintValues([99, -50, 50], 1, 2, { map: 'diverging', min: -1, max: 1 }, out, 4);
    expect(Array.from(out.subarray(0, 4))).toEqual([7, 7, 7, 7]);
    expect(Array.from(out.subarray(4, 8))).toEqual([...colorAt('diverging', 0), 255]);
    expect(Array.from(out.subarray(8, 12))).toEqual([...colorAt('diverging', 1), 255]);
  });

  it('legend ticks are the scale ends and quarter points; a flat scale has one', () => {
    expect(legendTicks({ map: 'diverging', min: -2, max: 2 })).toEqual([-2, -1, 0, 1, 2]);
    expect(legendTicks({ map: 'viridis', min: 0, max: 1 }, 3)).toEqual([0, 0.5, 1]);
    expect(legendTicks({ map: 'viridis', min: 3, max: 3 })).toEqual([3]);
  });

  it('the legend gradient uses the same colours', () => {
    const gradient = cssGradient('viridis', 3);
    expect(gradient).toBe(
      `linear-gradient(to right, rgb(68 1 84) 0.0%, rgb(${colorAt('viridis', 0.5).join(' ')}) 50.0%, rgb(253 231 37) 100.0%)`,
    );
  });
});
