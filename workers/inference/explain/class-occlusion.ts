// An occlusion map for one class of an image classifier: paint each patch of a grid grey in the model's
// input pixels (after resize and crop, so any channel layout or normalisation follows), run the
// classifier on every painted copy (batched when the batch axis allows), and record how much the chosen
// class's probability drops. The patch geometry and arithmetic are the detection map's (image-occlusion.ts).
import type { ClassOcclusionRun } from '../../../src/contracts/inference.ts';
import { GlassboxError } from '../../../src/lib/errors.ts';
import {
  OCCLUSION_GREY,
  occlusionPatches,
  scoreDrops,
  type OcclusionPatch,
} from '../../../src/lib/explain/image-occlusion.ts';
import type { Backend } from '../../../src/lib/runtime/backend.ts';
import type { RgbaImage } from '../../../src/lib/tasks/object-detection/letterbox.ts';
import { modelInputPixels, pixelsToTensor } from '../../../src/lib/tasks/image-classification/preprocess.ts';
import { toProbabilities } from '../../../src/lib/tasks/image-classification/top-classes.ts';
import type { ImageClassifier } from '../tasks/image-classifier.ts';
import type { OcclusionHooks } from './detection-occlusion.ts';

const GREY_LEVEL = Math.round(OCCLUSION_GREY * 255);

/** The input pixels with one patch painted grey (alpha untouched). */
function occluded(pixels: RgbaImage, patch: OcclusionPatch): RgbaImage {
  const data = new Uint8ClampedArray(pixels.data);
  for (let y = patch.y; y < patch.y + patch.height; y++) {
    for (let x = patch.x; x < patch.x + patch.width; x++) {
      const at = (y * pixels.width + x) * 4;
      data[at] = GREY_LEVEL;
      data[at + 1] = GREY_LEVEL;
      data[at + 2] = GREY_LEVEL;
    }
  }
  return { width: pixels.width, height: pixels.height, data };
}

export async function classOcclusionMap(
  classifier: ImageClassifier,
  backend: Backend,
  image: RgbaImage,
  classIndex: number,
  grid: number,
  hooks: OcclusionHooks,
): Promise<ClassOcclusionRun> {
  const started = performance.now();
  const settings = classifier.info.preprocessing;
  if (!settings) {
    throw new GlassboxError({
      code: 'no-model-loaded',
      message: 'The classifier has no session yet.',
      remedy: 'Wait for the model to finish loading.',
    });
  }
  const { pixels } = modelInputPixels(image, settings);
  const size = { width: pixels.width, height: pixels.height };
  const patches = occlusionPatches(size, grid);
  const probability = (row: Float32Array): number => toProbabilities(row).probabilities[classIndex] ?? 0;
  const base = await classifier.logits(backend, pixelsToTensor(pixels, settings), 1);
  const baseline = probability(base.rows[0] ?? new Float32Array());
  const batchSize = Math.min(classifier.batchLimit(backend), patches.length);
  const plane = size.width * size.height * 3;
  const scores: number[] = [];
  let modelRuns = 1;
  hooks.onProgress(0, patches.length);
  for (let start = 0; start < patches.length; start += batchSize) {
    // A model run resolves through microtasks only; yield to the event loop so a Cancel message lands.
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (hooks.isCancelled()) {
      throw new GlassboxError({
        code: 'explain-cancelled',
        message: `The occlusion map was cancelled after ${start} of ${patches.length} patches.`,
        remedy: 'Start it again when you want the map; a coarser grid takes fewer runs.',
      });
    }
    const chunk = patches.slice(start, start + batchSize);
    const batch = new Float32Array(plane * chunk.length);
    chunk.forEach((patch, i) => batch.set(pixelsToTensor(occluded(pixels, patch), settings), i * plane));
    const { rows } = await classifier.logits(backend, batch, chunk.length);
    modelRuns++;
    for (const row of rows) scores.push(probability(row));
    hooks.onProgress(scores.length, patches.length);
  }
  return {
    grid,
    classIndex,
    patches,
    baseline,
    scores,
    drops: scoreDrops(baseline, scores),
    inputWidth: size.width,
    inputHeight: size.height,
    modelRuns,
    batchSize,
    totalMs: performance.now() - started,
  };
}
