// The segmentation and depth views' calls into the inference worker, kept apart from the service: decode
// an image file or frame here in the worker (downscaled to 2,048 px, as for detection), or take RGBA
// pixels as they are (Node tests), then run the task.
import type { DepthRun, SegmentationRun } from '../../src/contracts/dense-image.ts';
import type { Backend } from '../../src/lib/runtime/backend.ts';
import type { RgbaImage } from '../../src/lib/tasks/object-detection/letterbox.ts';
import { decodeImage } from '../shared/decode-image.ts';
import type { DepthEstimator } from './tasks/depth-estimator.ts';
import type { ImageSegmenter } from './tasks/image-segmenter.ts';

function isPixels(source: Blob | ImageBitmap | RgbaImage): source is RgbaImage {
  return 'data' in source && source.data instanceof Uint8ClampedArray;
}

async function pixelsOf(
  source: Blob | ImageBitmap | RgbaImage,
): Promise<{ image: RgbaImage; original: { width: number; height: number }; decodeMs: number }> {
  if (isPixels(source)) return { image: source, original: source, decodeMs: 0 };
  const started = performance.now();
  const decoded = await decodeImage(source);
  return {
    image: decoded.image,
    original: { width: decoded.originalWidth, height: decoded.originalHeight },
    decodeMs: performance.now() - started,
  };
}

export async function segmentImageSource(
  segmenter: ImageSegmenter,
  backend: Backend,
  source: Blob | ImageBitmap | RgbaImage,
): Promise<SegmentationRun> {
  const { image, original, decodeMs } = await pixelsOf(source);
  return { ...(await segmenter.segment(backend, image, original)), decodeMs };
}

export async function depthOfImage(
  estimator: DepthEstimator,
  backend: Backend,
  source: Blob | ImageBitmap | RgbaImage,
): Promise<DepthRun> {
  const { image, original, decodeMs } = await pixelsOf(source);
  return { ...(await estimator.estimate(backend, image, original)), decodeMs };
}
