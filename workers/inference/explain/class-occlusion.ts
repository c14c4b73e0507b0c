// An occlusion map for one class of an image classifier: paint each patch of a grid grey in the model's
// input pixels (after resize and crop, so any channel layout or normalisation follows), run the
// classifier on every painted copy (batched when the batch axis allows), and record how much the chosen
// class's probability drops. The patch geometry and arithmetic are the detection map's (image-occlusion.ts).
import type { ClassOcclusionRun } from '../../../src/contracts/inference.ts';
import { GlassboxError } from '../../../src/lib/errors.ts';
import { scoreDrops } from '../../../src/lib/explain/image-occlusion.ts';
import type { Backend } from '../../../src/lib/runtime/backend.ts';
import type { RgbaImage } from '../../../src/lib/tasks/object-detection/letterbox.ts';
import { modelInputPixels, pixelsToTensor } from '../../../src/lib/tasks/image-classification/preprocess.ts';
import { toProbabilities } from '../../../src/lib/tasks/image-classification/top-classes.ts';
import type { ImageClassifier } from '../tasks/image-classifier.ts';
import type { OcclusionHooks } from './occlusion-loop.ts';
import { occludedScores } from './pixel-occlusion.ts';

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
  const probability = (row: Float32Array): number => toProbabilities(row).probabilities[classIndex] ?? 0;
  const base = await classifier.logits(backend, pixelsToTensor(pixels, settings), 1);
  const baseline = probability(base.rows[0] ?? new Float32Array());
  const batchSize = Math.min(classifier.batchLimit(backend), grid * grid);
  const { patches, scores, modelRuns } = await occludedScores(
    {
      pixels,
      grid,
      batchSize,
      toTensor: (occluded) => pixelsToTensor(occluded, settings),
      scoreBatch: async (batch, count) =>
        (await classifier.logits(backend, batch, count)).rows.map(probability),
    },
    hooks,
  );
  return {
    grid,
    classIndex,
    patches,
    baseline,
    scores,
    drops: scoreDrops(baseline, scores),
    inputWidth: pixels.width,
    inputHeight: pixels.height,
    modelRuns: modelRuns + 1,
    batchSize,
    totalMs: performance.now() - started,
  };
}
