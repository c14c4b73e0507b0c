// Occlusion maps for the dense image tasks, against each task's own score (pixel-occlusion.ts paints the
// patches): a segmenter's class (its mean probability over the cells it held, or its area), read on the
// model's output grid; a depth model's mean depth inside a region. The grid, patch and grey rules are the
// classification map's.
import type {
  DenseImageInfo,
  DepthOcclusionRun,
  SegmentOcclusionRun,
} from '../../../src/contracts/dense-image.ts';
import { clampRegion, regionMeanDepth, type DepthRegion } from '../../../src/lib/explain/depth-region.ts';
import { scoreDrops } from '../../../src/lib/explain/image-occlusion.ts';
import { classMask, segmentScore, type SegmentTarget } from '../../../src/lib/explain/segment-score.ts';
import { GlassboxError } from '../../../src/lib/errors.ts';
import type { Backend } from '../../../src/lib/runtime/backend.ts';
import { modelInputPixels, pixelsToTensor } from '../../../src/lib/tasks/image-classification/preprocess.ts';
import type { RgbaImage } from '../../../src/lib/tasks/object-detection/letterbox.ts';
import type { Planes } from '../../../src/lib/tasks/semantic-segmentation/upsample.ts';
import type { DenseImageModel } from '../dense-image-model.ts';
import { depthMapSize, type DepthEstimator } from '../tasks/depth-estimator.ts';
import type { ImageSegmenter } from '../tasks/image-segmenter.ts';
import type { OcclusionHooks } from './occlusion-loop.ts';
import { occludedScores } from './pixel-occlusion.ts';

type Size = { width: number; height: number };

/** What both maps share: the baseline run, then every occluded copy scored by the task. */
async function denseOcclusion<Grid>(
  model: Pick<DenseImageModel<DenseImageInfo>, 'inputSettings' | 'batchLimit' | 'runBatch'>,
  backend: Backend,
  image: RgbaImage,
  original: Size,
  grid: number,
  hooks: OcclusionHooks,
  /** Reads the output's layout from the baseline run (throws a typed error for one it cannot score). */
  layoutOf: (dims: number[]) => Grid,
  /** One image's score, from its slice of the output; baseline: the unoccluded image's slice. */
  scorerOf: (layout: Grid, baseline: Float32Array) => (output: Float32Array) => number,
) {
  const started = performance.now();
  const settings = model.inputSettings(original);
  const { pixels } = modelInputPixels(image, settings);
  const base = await model.runBatch(backend, pixelsToTensor(pixels, settings), 1, settings);
  const layout = layoutOf(base.dims);
  const perImage = base.data.length;
  const score = scorerOf(layout, base.data);
  const baseline = score(base.data);
  const batchSize = Math.min(model.batchLimit(backend), grid * grid);
  const { patches, scores, modelRuns } = await occludedScores(
    {
      pixels,
      grid,
      batchSize,
      toTensor: (occluded) => pixelsToTensor(occluded, settings),
      scoreBatch: async (batch, count) => {
        const { data } = await model.runBatch(backend, batch, count, settings);
        return Array.from({ length: count }, (_, i) =>
          score(data.subarray(i * perImage, (i + 1) * perImage)),
        );
      },
    },
    hooks,
  );
  return {
    layout,
    base: base.data,
    map: {
      grid,
      patches,
      baseline,
      scores,
      drops: scoreDrops(baseline, scores),
      inputWidth: pixels.width,
      inputHeight: pixels.height,
      modelRuns: modelRuns + 1,
      batchSize,
      totalMs: 0,
    },
    started,
  };
}

export async function segmentOcclusionMap(
  segmenter: ImageSegmenter,
  backend: Backend,
  image: RgbaImage,
  original: Size,
  target: SegmentTarget,
  grid: number,
  hooks: OcclusionHooks,
): Promise<SegmentOcclusionRun> {
  let mask: Uint8Array = new Uint8Array();
  const { layout, map, started } = await denseOcclusion(
    segmenter,
    backend,
    image,
    original,
    grid,
    hooks,
    (dims) => {
      const [, channels, height, width] = dims;
      if (dims.length !== 4 || !channels || !height || !width) {
        throw new GlassboxError({
          code: 'output-layout-unsupported',
          message: `The model gave logits of shape [${dims.join(', ')}]; a segmenter gives [1, classes, h, w].`,
          remedy: 'Open the model in the tensor view to see its outputs.',
        });
      }
      if (!Number.isInteger(target.classIndex) || target.classIndex < 0 || target.classIndex >= channels) {
        throw new GlassboxError({
          code: 'empty-input',
          message: `Class ${target.classIndex} is not one of the model's ${channels} classes.`,
          remedy: 'Pick a class from the legend.',
        });
      }
      return { channels, height, width };
    },
    (size, baseline) => {
      const planes = (data: Float32Array): Planes => ({ data, ...size });
      // The class's cells in the unoccluded run: the probability is averaged over these in every copy.
      mask = classMask(planes(baseline), target.classIndex);
      return (output) => segmentScore(planes(output), target, mask);
    },
  );
  return {
    ...map,
    target,
    classCells: mask.reduce((sum, on) => sum + on, 0),
    mapWidth: layout.width,
    mapHeight: layout.height,
    totalMs: performance.now() - started,
  };
}

export async function depthOcclusionMap(
  estimator: DepthEstimator,
  backend: Backend,
  image: RgbaImage,
  original: Size,
  asked: DepthRegion,
  grid: number,
  hooks: OcclusionHooks,
): Promise<DepthOcclusionRun> {
  const region = clampRegion(asked);
  const { layout, map, base, started } = await denseOcclusion(
    estimator,
    backend,
    image,
    original,
    grid,
    hooks,
    (dims) => {
      const size = depthMapSize(dims);
      if (!size || size.width < 1 || size.height < 1) {
        throw new GlassboxError({
          code: 'output-layout-unsupported',
          message: `The model gave a map of shape [${dims.join(', ')}]; a depth model gives [1, h, w] or [1, 1, h, w].`,
          remedy: 'Open the model in the tensor view to see its outputs.',
        });
      }
      return size;
    },
    (size) => (output) => regionMeanDepth(output, size.width, size.height, region),
  );
  let low = Infinity;
  let high = -Infinity;
  for (const value of base) {
    if (!Number.isFinite(value)) continue;
    low = Math.min(low, value);
    high = Math.max(high, value);
  }
  return {
    ...map,
    region,
    largerIsNearer: estimator.info.largerIsNearer,
    depthSpan: high > low ? high - low : 0,
    mapWidth: layout.width,
    mapHeight: layout.height,
    totalMs: performance.now() - started,
  };
}
