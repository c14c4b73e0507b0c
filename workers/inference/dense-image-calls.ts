// The segmentation and depth views' calls into the inference worker, kept apart from the service: decode
// an image file or frame here in the worker (downscaled to 2,048 px, as for detection), or take RGBA
// pixels as they are (Node tests), then run the task or its occlusion map.
import type {
  DepthOcclusionRun,
  DepthRun,
  SegmentOcclusionRun,
  SegmentationRun,
} from '../../src/contracts/dense-image.ts';
import type { DepthRegion } from '../../src/lib/explain/depth-region.ts';
import type { SegmentTarget } from '../../src/lib/explain/segment-score.ts';
import type { Backend } from '../../src/lib/runtime/backend.ts';
import type { RgbaImage } from '../../src/lib/tasks/object-detection/letterbox.ts';
import { decodeImage } from '../shared/decode-image.ts';
import type { DepthEstimator } from './tasks/depth-estimator.ts';
import type { ImageSegmenter } from './tasks/image-segmenter.ts';
import type { OcclusionHooks } from './explain/occlusion-loop.ts';
import { depthOcclusionMap, segmentOcclusionMap } from './explain/dense-occlusion.ts';

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

/** The segmentation occlusion map of an image file (decoded here) or RGBA pixels. */
export async function segmentOcclusionOfSource(
  segmenter: ImageSegmenter,
  backend: Backend,
  source: Blob | RgbaImage,
  target: SegmentTarget,
  grid: number,
  hooks: OcclusionHooks,
): Promise<SegmentOcclusionRun> {
  const { image, original } = await pixelsOf(source);
  return segmentOcclusionMap(segmenter, backend, image, original, target, grid, hooks);
}

/** The depth occlusion map of an image file (decoded here) or RGBA pixels. */
export async function depthOcclusionOfSource(
  estimator: DepthEstimator,
  backend: Backend,
  source: Blob | RgbaImage,
  region: DepthRegion,
  grid: number,
  hooks: OcclusionHooks,
): Promise<DepthOcclusionRun> {
  const { image, original } = await pixelsOf(source);
  return depthOcclusionMap(estimator, backend, image, original, region, grid, hooks);
}
