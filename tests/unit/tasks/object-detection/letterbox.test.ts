import { describe, expect, it } from 'vitest';
import { GlassboxError } from '../../../../src/lib/errors.ts';
import {
  downscaleToFit,
  fitWithin,
  letterbox,
  letterboxTransform,
  letterboxedPreview,
  resizeBilinear,
  roundHalfToEven,
  toClippedSourceBox,
  toInputBox,
  toSourceBox,
  type RgbaImage,
} from '../../../../src/lib/tasks/object-detection/letterbox.ts';

/** An image from [r, g, b] pixels, row-major, fully opaque. */
function image(width: number, height: number, pixels: Array<[number, number, number]>): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  pixels.forEach(([r, g, b], i) => data.set([r, g, b, 255], i * 4));
  return { width, height, data };
}

function uniform(width: number, height: number, rgb: [number, number, number]): RgbaImage {
  return image(
    width,
    height,
    Array.from({ length: width * height }, () => rgb),
  );
}

/** Channel c of the [1, 3, H, W] tensor at (x, y), back in 0..255. */
function level(tensor: Float32Array, width: number, height: number, c: number, x: number, y: number): number {
  return Math.round((tensor[c * width * height + y * width + x] ?? NaN) * 255);
}

describe('letterbox', () => {
  it('pads a 4×2 image into 4×4 with one grey row above and below (scale 1)', () => {
    const pixels: Array<[number, number, number]> = [
      [10, 20, 30],
      [40, 50, 60],
      [70, 80, 90],
      [100, 110, 120],
      [130, 140, 150],
      [160, 170, 180],
      [190, 200, 210],
      [220, 230, 240],
    ];
    const { tensor, transform } = letterbox(image(4, 2, pixels), { width: 4, height: 4 });
    expect(transform).toEqual({
      scale: 1,
      padX: 0,
      padY: 1,
      resizedWidth: 4,
      resizedHeight: 2,
      sourceWidth: 4,
      sourceHeight: 2,
      targetWidth: 4,
      targetHeight: 4,
    });
    expect(tensor).toHaveLength(3 * 4 * 4);
    for (let x = 0; x < 4; x++) {
      for (const y of [0, 3]) {
        for (let c = 0; c < 3; c++) expect(tensor[c * 16 + y * 4 + x]).toBeCloseTo(114 / 255, 7);
      }
    }
    // Source pixel (x, y) is at input (x, y + 1), each channel in its own plane, divided by 255.
    pixels.forEach((rgb, i) => {
      const x = i % 4;
      const y = Math.floor(i / 4) + 1;
      rgb.forEach((value, c) => expect(tensor[c * 16 + y * 4 + x]).toBeCloseTo(value / 255, 7));
    });
  });

  it('fits a 200×100 image into 416×416: scale 2.08, 416×208, 104 rows of padding each side', () => {
    const { tensor, transform } = letterbox(uniform(200, 100, [255, 0, 51]), { width: 416, height: 416 });
    expect(transform.scale).toBeCloseTo(2.08, 12);
    expect(transform).toMatchObject({ padX: 0, padY: 104, resizedWidth: 416, resizedHeight: 208 });
    expect(tensor).toHaveLength(3 * 416 * 416);
    for (const x of [0, 207, 415]) {
      expect(level(tensor, 416, 416, 0, x, 103)).toBe(114);
      expect([0, 1, 2].map((c) => level(tensor, 416, 416, c, x, 104))).toEqual([255, 0, 51]);
      expect([0, 1, 2].map((c) => level(tensor, 416, 416, c, x, 311))).toEqual([255, 0, 51]);
      expect(level(tensor, 416, 416, 2, x, 312)).toBe(114);
    }
  });

  it('puts the odd leftover row of padding at the bottom, as Ultralytics does', () => {
    // 3×1 into 4×4: scale 4/3, resized 4×1, 3 rows of padding: 1 above, 2 below.
    const { tensor, transform } = letterbox(uniform(3, 1, [0, 0, 0]), { width: 4, height: 4 });
    expect(transform).toMatchObject({ padX: 0, padY: 1, resizedWidth: 4, resizedHeight: 1 });
    expect([0, 1, 2, 3].map((y) => level(tensor, 4, 4, 0, 0, y))).toEqual([114, 0, 114, 114]);
  });

  it('rounds the resized size half to even like Python', () => {
    // 10×5 into 5×5: scale 0.5, height 2.5 → 2 (not 3), padding 3 → 1 above, 2 below.
    expect(letterboxTransform({ width: 10, height: 5 }, { width: 5, height: 5 })).toMatchObject({
      resizedWidth: 5,
      resizedHeight: 2,
      padY: 1,
    });
    expect([0.5, 1.5, 2.5, 2.4, 2.6, 3].map(roundHalfToEven)).toEqual([0, 2, 2, 2, 3, 3]);
  });

  it('pads with a chosen grey', () => {
    const { tensor } = letterbox(uniform(2, 1, [9, 9, 9]), { width: 2, height: 2 }, { padValue: 0 });
    expect(tensor[2]).toBe(0);
    expect(() => letterbox(uniform(2, 1, [9, 9, 9]), { width: 2, height: 2 }, { padValue: 300 })).toThrow(
      RangeError,
    );
  });

  it('rejects an empty image with a typed error and a malformed one as a bug', () => {
    const empty = { width: 0, height: 0, data: new Uint8ClampedArray(0) };
    expect(() => letterbox(empty, { width: 4, height: 4 })).toThrow(GlassboxError);
    const short = { width: 2, height: 2, data: new Uint8ClampedArray(8) };
    expect(() => letterbox(short, { width: 4, height: 4 })).toThrow(/2×2 RGBA image has 16 bytes/);
  });
});

describe('resizeBilinear', () => {
  it('samples at half-pixel centres with edge clamping, like cv2.INTER_LINEAR', () => {
    // 2×1 [0, 255] → 4×1 samples source x = -0.25 (clamped), 0.25, 0.75, 1.25 (clamped).
    const resized = resizeBilinear(
      image(2, 1, [
        [0, 0, 0],
        [255, 255, 255],
      ]),
      { width: 4, height: 1 },
    );
    expect([0, 1, 2, 3].map((x) => resized.data[x * 4])).toEqual([0, 64, 191, 255]);
    expect(resized.data[3]).toBe(255);
  });

  it('returns the same pixels at the same size', () => {
    const source = image(2, 1, [
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(resizeBilinear(source, { width: 2, height: 1 }).data).toEqual(source.data);
  });
});

describe('box mapping', () => {
  const transform = letterboxTransform({ width: 200, height: 100 }, { width: 416, height: 416 });

  it('maps the whole source image onto the unpadded part of the input', () => {
    const input = toInputBox({ x1: 0, y1: 0, x2: 200, y2: 100 }, transform);
    expect(input.x1).toBe(0);
    expect(input.y1).toBe(104);
    expect(input.x2).toBeCloseTo(416, 9);
    expect(input.y2).toBeCloseTo(312, 9);
  });

  it('round-trips source → input → source within 1e-9', () => {
    const source = { x1: 10.25, y1: 20.5, x2: 150.75, y2: 99 };
    const back = toSourceBox(toInputBox(source, transform), transform);
    expect(Math.abs(back.x1 - source.x1)).toBeLessThan(1e-9);
    expect(Math.abs(back.y1 - source.y1)).toBeLessThan(1e-9);
    expect(Math.abs(back.x2 - source.x2)).toBeLessThan(1e-9);
    expect(Math.abs(back.y2 - source.y2)).toBeLessThan(1e-9);
  });

  it('inverts a padded transform with horizontal padding too', () => {
    const tall = letterboxTransform({ width: 30, height: 60 }, { width: 64, height: 64 });
    expect(tall).toMatchObject({ scale: 64 / 60, resizedWidth: 32, resizedHeight: 64, padX: 16, padY: 0 });
    const source = toSourceBox({ x1: 16, y1: 0, x2: 48, y2: 64 }, tall);
    expect(source.x1).toBe(0);
    expect(source.y1).toBe(0);
    expect(source.x2).toBeCloseTo(30, 9);
    expect(source.y2).toBeCloseTo(60, 9);
  });

  it('clips boxes that reach into the padding or past the image to the source borders', () => {
    const clipped = toClippedSourceBox({ x1: -10, y1: 100, x2: 430, y2: 320 }, transform);
    expect(clipped).toEqual({ x1: 0, y1: 0, x2: 200, y2: 100 });
    const inside = toClippedSourceBox({ x1: 20.8, y1: 124.8, x2: 41.6, y2: 145.6 }, transform);
    expect(inside.x1).toBeCloseTo(10, 9);
    expect(inside.y1).toBeCloseTo(10, 9);
    expect(inside.x2).toBeCloseTo(20, 9);
    expect(inside.y2).toBeCloseTo(20, 9);
  });
});

describe('letterboxedPreview', () => {
  it('shows exactly the pixels the model received, opaque', () => {
    const source = image(2, 1, [
      [10, 20, 30],
      [200, 100, 0],
    ]);
    const { tensor } = letterbox(source, { width: 2, height: 2 });
    const preview = letterboxedPreview(tensor, 2, 2);
    expect(preview.width).toBe(2);
    expect(Array.from(preview.data)).toEqual([
      10, 20, 30, 255, 200, 100, 0, 255, 114, 114, 114, 255, 114, 114, 114, 255,
    ]);
  });

  it('rejects a tensor of the wrong length', () => {
    expect(() => letterboxedPreview(new Float32Array(5), 2, 2)).toThrow(
      /\[1, 3, 2, 2\] tensor has 12 values/,
    );
  });
});

describe('downscaleToFit', () => {
  it('returns the image itself when it already fits', () => {
    const small = uniform(3, 2, [1, 2, 3]);
    expect(downscaleToFit(small, 3)).toBe(small);
  });

  it('averages 2×2 blocks when halving', () => {
    const source = image(4, 2, [
      [0, 0, 0],
      [100, 0, 0],
      [10, 10, 10],
      [10, 10, 10],
      [0, 0, 0],
      [100, 0, 0],
      [10, 10, 10],
      [50, 10, 10],
    ]);
    const small = downscaleToFit(source, 2);
    expect(small.width).toBe(2);
    expect(small.height).toBe(1);
    expect(Array.from(small.data)).toEqual([50, 0, 0, 255, 20, 10, 10, 255]);
  });

  it('weights source pixels by the fraction each output pixel covers', () => {
    // 3 → 2: output 0 covers source [0, 1.5): 2/3 of pixel 0 and 1/3 of pixel 1.
    const small = downscaleToFit(
      image(3, 1, [
        [0, 0, 0],
        [90, 90, 90],
        [180, 180, 180],
      ]),
      2,
    );
    expect([small.width, small.height]).toEqual([2, 1]);
    expect([small.data[0], small.data[4]]).toEqual([30, 150]);
  });

  it('sizes the longer side to maxSide, keeping the aspect ratio', () => {
    expect(fitWithin({ width: 4000, height: 3000 }, 1024)).toEqual({ width: 1024, height: 768 });
    expect(fitWithin({ width: 10000, height: 1 }, 100)).toEqual({ width: 100, height: 1 });
    expect(fitWithin({ width: 20, height: 30 }, 100)).toEqual({ width: 20, height: 30 });
  });
});
