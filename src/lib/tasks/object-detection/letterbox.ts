// Image → YOLO input tensor the way Ultralytics prepares it (resize keeping the aspect ratio, pad to the
// input size), the exact inverse for boxes, and the pure resampling it needs. No DOM: images are RGBA arrays.
import { GlassboxError } from '../../errors.ts';
import { clipBox, type Box } from './boxes.ts';

/** Pixels like ImageData: row-major RGBA, 4 bytes per pixel, not premultiplied; ImageData fits this type. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

export interface Size {
  width: number;
  height: number;
}

/** How source pixels were placed in the model input: input = source × scale + pad, on each axis. */
export interface LetterboxTransform {
  /**
   * Input pixels per source pixel, the same on both axes:
   * min(targetWidth / sourceWidth, targetHeight / sourceHeight).
   */
  scale: number;
  /** Columns of padding left of the image, in input pixels (an integer). */
  padX: number;
  /** Rows of padding above the image, in input pixels (an integer). */
  padY: number;
  /** Size of the resized image inside the padding, in input pixels. */
  resizedWidth: number;
  resizedHeight: number;
  sourceWidth: number;
  sourceHeight: number;
  targetWidth: number;
  targetHeight: number;
}

export interface LetterboxOptions {
  /** Grey level of the padding, 0..255 on all three channels; Ultralytics pads with 114. */
  padValue?: number;
}

export interface LetterboxResult {
  /** [1, 3, targetHeight, targetWidth] float32, RGB planes (CHW), values in 0..1. */
  tensor: Float32Array;
  transform: LetterboxTransform;
}

export const DEFAULT_PAD_VALUE = 114;

/**
 * Where a source image of this size lands in the target, without touching pixels (the main thread can
 * compute it for a canvas-drawn image). Matches Ultralytics' LetterBox (auto=False, scaleup=True,
 * center=True), which resizes to round(source × scale) with Python's round (half to even) and splits the
 * padding d as top = round(d/2 - 0.1), bottom = round(d/2 + 0.1): for an integer d that is floor(d/2)
 * before and ceil(d/2) after, so an odd leftover pixel goes to the bottom / right.
 */
export function letterboxTransform(source: Size, target: Size): LetterboxTransform {
  assertPositiveSize(source, 'source image');
  assertPositiveSize(target, 'model input');
  const scale = Math.min(target.width / source.width, target.height / source.height);
  // A 10000×1 strip would round to 0 rows, which no resize can produce; keep at least one.
  const resizedWidth = Math.max(1, Math.min(target.width, roundHalfToEven(source.width * scale)));
  const resizedHeight = Math.max(1, Math.min(target.height, roundHalfToEven(source.height * scale)));
  return {
    scale,
    padX: Math.floor((target.width - resizedWidth) / 2),
    padY: Math.floor((target.height - resizedHeight) / 2),
    resizedWidth,
    resizedHeight,
    sourceWidth: source.width,
    sourceHeight: source.height,
    targetWidth: target.width,
    targetHeight: target.height,
  };
}

/**
 * RGBA image → the tensor a YOLO model takes: bilinear resize (see resizeBilinear) to fit the target,
 * centred on padValue grey, RGB planes divided by 255. Alpha is ignored, as when OpenCV reads a PNG as
 * BGR. Resized values are rounded to whole 0..255 levels before dividing, as the uint8 image that
 * Ultralytics resizes is, so letterboxedPreview shows exactly what the model received.
 */
export function letterbox(image: RgbaImage, target: Size, options: LetterboxOptions = {}): LetterboxResult {
  assertRgbaImage(image);
  const padValue = options.padValue ?? DEFAULT_PAD_VALUE;
  if (!Number.isInteger(padValue) || padValue < 0 || padValue > 255) {
    throw new RangeError(`padValue must be an integer in 0..255, got ${padValue}.`);
  }
  const transform = letterboxTransform(image, target);
  const { resizedWidth, resizedHeight, padX, padY, targetWidth, targetHeight } = transform;
  const resized =
    resizedWidth === image.width && resizedHeight === image.height
      ? image
      : resizeBilinear(image, { width: resizedWidth, height: resizedHeight });

  const plane = targetWidth * targetHeight;
  const tensor = new Float32Array(3 * plane).fill(padValue / 255);
  const pixels = resized.data;
  for (let y = 0; y < resizedHeight; y++) {
    const rowStart = (y + padY) * targetWidth + padX;
    for (let x = 0; x < resizedWidth; x++) {
      const from = (y * resizedWidth + x) * 4;
      const to = rowStart + x;
      tensor[to] = (pixels[from] ?? 0) / 255;
      tensor[plane + to] = (pixels[from + 1] ?? 0) / 255;
      tensor[2 * plane + to] = (pixels[from + 2] ?? 0) / 255;
    }
  }
  return { tensor, transform };
}

/** A box in source pixels → model input pixels (the forward mapping letterbox applied). */
export function toInputBox(box: Box, transform: LetterboxTransform): Box {
  const { scale, padX, padY } = transform;
  return {
    x1: box.x1 * scale + padX,
    y1: box.y1 * scale + padY,
    x2: box.x2 * scale + padX,
    y2: box.y2 * scale + padY,
  };
}

/**
 * A box in model input pixels → source pixels, the exact inverse of toInputBox (not clipped: see
 * toSourceDetections). Ultralytics' scale_boxes recomputes the pad from the unrounded resized size and
 * can land one input pixel away when the padding is odd; this uses the pad that letterbox really applied.
 */
export function toSourceBox(box: Box, transform: LetterboxTransform): Box {
  const { scale, padX, padY } = transform;
  return {
    x1: (box.x1 - padX) / scale,
    y1: (box.y1 - padY) / scale,
    x2: (box.x2 - padX) / scale,
    y2: (box.y2 - padY) / scale,
  };
}

/** toSourceBox, then clipped to the source image, since boxes may extend past the image or into padding. */
export function toClippedSourceBox(box: Box, transform: LetterboxTransform): Box {
  return clipBox(toSourceBox(box, transform), transform.sourceWidth, transform.sourceHeight);
}

/**
 * The model's input back as an opaque RGBA image, so the UI can show what the model received.
 * tensor: [1, 3, height, width] RGB planes in 0..1 (values outside are clamped).
 */
export function letterboxedPreview(tensor: Float32Array, width: number, height: number): RgbaImage {
  assertPositiveSize({ width, height }, 'preview');
  const plane = width * height;
  if (tensor.length !== 3 * plane) {
    throw new RangeError(
      `A [1, 3, ${height}, ${width}] tensor has ${3 * plane} values, but this one has ${tensor.length}.`,
    );
  }
  const data = new Uint8ClampedArray(plane * 4);
  for (let i = 0; i < plane; i++) {
    data[i * 4] = toByte(tensor[i] ?? 0);
    data[i * 4 + 1] = toByte(tensor[plane + i] ?? 0);
    data[i * 4 + 2] = toByte(tensor[2 * plane + i] ?? 0);
    data[i * 4 + 3] = 255;
  }
  return { width, height, data };
}

/**
 * Bilinear resize with OpenCV's INTER_LINEAR convention: pixel centres at half-integers, so output pixel x
 * samples source x' = (x + 0.5) × sourceWidth / width - 0.5, clamped to the edge pixels. All four channels
 * are resampled and rounded to whole levels. Like cv2 (and unlike an area filter) it aliases when shrinking
 * by more than 2×; shrink huge images with downscaleToFit first.
 */
export function resizeBilinear(image: RgbaImage, size: Size): RgbaImage {
  assertRgbaImage(image);
  assertPositiveSize(size, 'resized image');
  const xs = linearTaps(image.width, size.width);
  const ys = linearTaps(image.height, size.height);
  const source = image.data;
  const rowBytes = image.width * 4;
  const data = new Uint8ClampedArray(size.width * size.height * 4);
  for (let y = 0; y < size.height; y++) {
    const row0 = (ys.index0[y] ?? 0) * rowBytes;
    const row1 = (ys.index1[y] ?? 0) * rowBytes;
    const wy = ys.weight1[y] ?? 0;
    for (let x = 0; x < size.width; x++) {
      const col0 = (xs.index0[x] ?? 0) * 4;
      const col1 = (xs.index1[x] ?? 0) * 4;
      const wx = xs.weight1[x] ?? 0;
      const to = (y * size.width + x) * 4;
      for (let c = 0; c < 4; c++) {
        const top = (source[row0 + col0 + c] ?? 0) * (1 - wx) + (source[row0 + col1 + c] ?? 0) * wx;
        const bottom = (source[row1 + col0 + c] ?? 0) * (1 - wx) + (source[row1 + col1 + c] ?? 0) * wx;
        data[to + c] = Math.round(top * (1 - wy) + bottom * wy);
      }
    }
  }
  return { width: size.width, height: size.height, data };
}

/**
 * The size an image takes when its longer side is cut to maxSide, keeping the aspect ratio (each side at
 * least 1 pixel); unchanged when it already fits. The main thread uses it to size its canvas.
 */
export function fitWithin(size: Size, maxSide: number): Size {
  assertPositiveSize(size, 'image');
  if (!Number.isInteger(maxSide) || maxSide < 1) {
    throw new RangeError(`maxSide must be a positive integer, got ${maxSide}.`);
  }
  const longer = Math.max(size.width, size.height);
  if (longer <= maxSide) return { width: size.width, height: size.height };
  const factor = maxSide / longer;
  return {
    width: Math.max(1, Math.min(maxSide, Math.round(size.width * factor))),
    height: Math.max(1, Math.min(maxSide, Math.round(size.height * factor))),
  };
}

/**
 * Shrinks an image whose longer side exceeds maxSide to fitWithin's size by area averaging (each output
 * pixel is the coverage-weighted mean of the source pixels under it, like cv2.INTER_AREA), which does not
 * alias however large the factor. Returns the same image when it already fits. Memory stays at one output
 * row of accumulators besides the result.
 */
export function downscaleToFit(image: RgbaImage, maxSide: number): RgbaImage {
  assertRgbaImage(image);
  const size = fitWithin(image, maxSide);
  if (size.width === image.width && size.height === image.height) return image;
  const xs = areaTaps(image.width, size.width);
  const ys = areaTaps(image.height, size.height);
  const source = image.data;
  const data = new Uint8ClampedArray(size.width * size.height * 4);
  const accumulator = new Float64Array(size.width * 4);
  for (let y = 0; y < size.height; y++) {
    accumulator.fill(0);
    const rowTapEnd = ys.offset[y + 1] ?? 0;
    for (let rowTap = ys.offset[y] ?? 0; rowTap < rowTapEnd; rowTap++) {
      const wy = ys.weight[rowTap] ?? 0;
      const rowStart = (ys.index[rowTap] ?? 0) * image.width * 4;
      for (let x = 0; x < size.width; x++) {
        const columnTapEnd = xs.offset[x + 1] ?? 0;
        for (let columnTap = xs.offset[x] ?? 0; columnTap < columnTapEnd; columnTap++) {
          const from = rowStart + (xs.index[columnTap] ?? 0) * 4;
          const weight = (xs.weight[columnTap] ?? 0) * wy;
          for (let c = 0; c < 4; c++) {
            accumulator[x * 4 + c] = (accumulator[x * 4 + c] ?? 0) + (source[from + c] ?? 0) * weight;
          }
        }
      }
    }
    const rowOut = y * size.width * 4;
    for (let i = 0; i < accumulator.length; i++) data[rowOut + i] = Math.round(accumulator[i] ?? 0);
  }
  return { width: size.width, height: size.height, data };
}

/** Python's round(): halves go to the even neighbour (round(2.5) = 2), which Ultralytics' sizes rely on. */
export function roundHalfToEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

interface LinearTaps {
  index0: Int32Array;
  index1: Int32Array;
  /** Weight of index1; index0 gets 1 - weight1. */
  weight1: Float64Array;
}

/** Per output position along one axis, the two source pixels and weights of cv2's INTER_LINEAR. */
function linearTaps(sourceLength: number, targetLength: number): LinearTaps {
  const ratio = sourceLength / targetLength;
  const taps: LinearTaps = {
    index0: new Int32Array(targetLength),
    index1: new Int32Array(targetLength),
    weight1: new Float64Array(targetLength),
  };
  for (let i = 0; i < targetLength; i++) {
    const position = (i + 0.5) * ratio - 0.5;
    let index = Math.floor(position);
    let weight = position - index;
    if (index < 0) {
      index = 0;
      weight = 0;
    }
    if (index >= sourceLength - 1) {
      index = sourceLength - 1;
      weight = 0;
    }
    taps.index0[i] = index;
    taps.index1[i] = Math.min(index + 1, sourceLength - 1);
    taps.weight1[i] = weight;
  }
  return taps;
}

/**
 * Sparse weights for shrinking one axis: output i is the sum of source index[k] × weight[k] over
 * offset[i] ≤ k < offset[i + 1].
 */
interface AreaTaps {
  offset: Int32Array;
  index: Int32Array;
  /** Fraction of the output pixel each source pixel covers; they sum to 1 per output pixel. */
  weight: Float64Array;
}

/**
 * Coverage weights for shrinking one axis. Measured in 1/targetLength of a source pixel, output i spans
 * [i × sourceLength, (i + 1) × sourceLength) and source j spans [j × targetLength, (j + 1) ×
 * targetLength), so the overlaps are exact integers.
 */
function areaTaps(sourceLength: number, targetLength: number): AreaTaps {
  const offset = new Int32Array(targetLength + 1);
  const index: number[] = [];
  const weight: number[] = [];
  for (let i = 0; i < targetLength; i++) {
    const low = i * sourceLength;
    const high = (i + 1) * sourceLength;
    const end = Math.ceil(high / targetLength);
    for (let j = Math.floor(low / targetLength); j < end; j++) {
      const overlap = Math.min(high, (j + 1) * targetLength) - Math.max(low, j * targetLength);
      if (overlap <= 0) continue;
      index.push(j);
      weight.push(overlap / sourceLength);
    }
    offset[i + 1] = index.length;
  }
  return { offset, index: Int32Array.from(index), weight: Float64Array.from(weight) };
}

function toByte(value: number): number {
  return Math.round(Math.min(1, Math.max(0, value)) * 255);
}

function assertPositiveSize(size: Size, what: string): void {
  if (!Number.isInteger(size.width) || !Number.isInteger(size.height) || size.width < 0 || size.height < 0) {
    throw new RangeError(`The ${what} size must be whole pixels, got ${size.width}×${size.height}.`);
  }
  if (size.width === 0 || size.height === 0) {
    throw new GlassboxError({
      code: 'image-invalid',
      message: `The ${what} is ${size.width}×${size.height} pixels, so there is nothing to detect in.`,
      remedy: 'Choose an image that is at least 1 pixel wide and high.',
    });
  }
}

function assertRgbaImage(image: RgbaImage): void {
  assertPositiveSize(image, 'image');
  const expected = image.width * image.height * 4;
  if (image.data.length !== expected) {
    throw new RangeError(
      `A ${image.width}×${image.height} RGBA image has ${expected} bytes, but this one has ${image.data.length}.`,
    );
  }
}
