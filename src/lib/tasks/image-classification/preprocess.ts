// An image → the tensor an image classifier takes, as Hugging Face's image processors make it: resize
// (Pillow's filters, resample.ts), centre crop, rescale, normalise, channels first or last. Also where the
// model's input lies in the source image, so maps over the input (CAM, occlusion) can be drawn on it.
import type { RgbaImage, Size } from '../object-detection/letterbox.ts';
import type { ImagePreprocessing } from './preprocessor-config.ts';
import { resizeLikePillow } from './resample.ts';

/** A rectangle in source-image pixels (it may reach past the image when the crop pads). */
export interface SourceRegion {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PreprocessedImage {
  /** [1, 3, H, W] or [1, H, W, 3] float32, as settings.layout says. */
  tensor: Float32Array;
  /** The model's input as an image (after resize and crop, before rescaling): what the model saw. */
  pixels: RgbaImage;
  /** Where the input's pixels come from in the source image. */
  region: SourceRegion;
}

/** Hugging Face's get_resize_output_image_size(default_to_square=False): the short side becomes edge. */
export function shortestEdgeSize(source: Size, edge: number): Size {
  const portrait = source.height > source.width;
  const short = portrait ? source.width : source.height;
  const long = portrait ? source.height : source.width;
  const newLong = Math.max(1, Math.trunc((edge * long) / short));
  return portrait ? { width: edge, height: newLong } : { width: newLong, height: edge };
}

/** The centre crop of Hugging Face's image_transforms.center_crop: offsets floor((size - crop) / 2), zero padding. */
export function centerCrop(image: RgbaImage, crop: Size): { image: RgbaImage; left: number; top: number } {
  const top = Math.floor((image.height - crop.height) / 2);
  const left = Math.floor((image.width - crop.width) / 2);
  if (top === 0 && left === 0 && crop.width === image.width && crop.height === image.height) {
    return { image, left, top };
  }
  const data = new Uint8ClampedArray(crop.width * crop.height * 4);
  for (let y = 0; y < crop.height; y++) {
    const sy = y + top;
    if (sy < 0 || sy >= image.height) continue;
    for (let x = 0; x < crop.width; x++) {
      const sx = x + left;
      if (sx < 0 || sx >= image.width) continue;
      const from = (sy * image.width + sx) * 4;
      data.set(image.data.subarray(from, from + 4), (y * crop.width + x) * 4);
    }
  }
  return { image: { width: crop.width, height: crop.height, data }, left, top };
}

/** Resize and crop: the model's input as pixels, and where it lies in the source. */
export function modelInputPixels(
  image: RgbaImage,
  settings: ImagePreprocessing,
): { pixels: RgbaImage; region: SourceRegion } {
  const target =
    settings.resize.mode === 'exact'
      ? { width: settings.resize.width, height: settings.resize.height }
      : shortestEdgeSize(image, settings.resize.edge);
  const resized = resizeLikePillow(image, target, settings.resample);
  const {
    image: pixels,
    left,
    top,
  } = settings.crop ? centerCrop(resized, settings.crop) : { image: resized, left: 0, top: 0 };
  const sx = target.width / image.width;
  const sy = target.height / image.height;
  return {
    pixels,
    region: { x: left / sx, y: top / sy, width: pixels.width / sx, height: pixels.height / sy },
  };
}

/** Model-input pixels → the tensor: rescale, normalise (mean and std in RGB order), channel order and layout. */
export function pixelsToTensor(pixels: RgbaImage, settings: ImagePreprocessing): Float32Array {
  const plane = pixels.width * pixels.height;
  const tensor = new Float32Array(plane * 3);
  const order = settings.channelOrder === 'bgr' ? [2, 1, 0] : [0, 1, 2];
  const scale = settings.rescale ?? 1;
  for (let c = 0; c < 3; c++) {
    const source = order[c] ?? c;
    const mean = settings.mean?.[source] ?? 0;
    const std = settings.std?.[source] ?? 1;
    for (let i = 0; i < plane; i++) {
      const value = ((pixels.data[i * 4 + source] ?? 0) * scale - mean) / std;
      tensor[settings.layout === 'channels-first' ? c * plane + i : i * 3 + c] = value;
    }
  }
  return tensor;
}

export function preprocessImage(image: RgbaImage, settings: ImagePreprocessing): PreprocessedImage {
  const { pixels, region } = modelInputPixels(image, settings);
  return { tensor: pixelsToTensor(pixels, settings), pixels, region };
}

/** The tensor's dims for a batch of count images. */
export function inputDims(settings: ImagePreprocessing, count = 1): number[] {
  const { inputWidth: w, inputHeight: h } = settings;
  return settings.layout === 'channels-first' ? [count, 3, h, w] : [count, h, w, 3];
}
