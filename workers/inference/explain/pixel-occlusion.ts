// The loop every occlusion map over a model's input pixels shares (classification, segmentation, depth):
// paint each patch of the grid grey in the resized input (so any normalisation or channel layout follows),
// run the model on the painted copies, several per run where the batch axis allows, and score each copy.
// Cancellable between runs, with progress; the task supplies the run and the score.
import {
  OCCLUSION_GREY,
  occlusionPatches,
  type OcclusionPatch,
} from '../../../src/lib/explain/image-occlusion.ts';
import type { RgbaImage } from '../../../src/lib/tasks/object-detection/letterbox.ts';
import { scorePatchChunks, type OcclusionHooks } from './occlusion-loop.ts';

const GREY_LEVEL = Math.round(OCCLUSION_GREY * 255);

/** The input pixels with one patch painted grey (alpha untouched). */
export function occludedPixels(pixels: RgbaImage, patch: OcclusionPatch): RgbaImage {
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

export interface PixelOcclusion {
  /** The model's input as pixels (resized, not normalised). */
  pixels: RgbaImage;
  grid: number;
  /** Images per run (1 where the batch axis is fixed at 1). */
  batchSize: number;
  /** Pixels → the model's input tensor for one image. */
  toTensor: (pixels: RgbaImage) => Float32Array;
  /** Runs count images (their tensors one after the other) and scores each. */
  scoreBatch: (tensor: Float32Array, count: number) => Promise<number[]>;
}

/** Each patch's score with it painted grey; modelRuns counts the runs made here. */
export async function occludedScores(
  job: PixelOcclusion,
  hooks: OcclusionHooks,
): Promise<{ patches: OcclusionPatch[]; scores: number[]; modelRuns: number }> {
  const { pixels, grid, batchSize } = job;
  const patches = occlusionPatches({ width: pixels.width, height: pixels.height }, grid);
  const plane = pixels.width * pixels.height * 3;
  const { scores, modelRuns } = await scorePatchChunks(patches, batchSize, hooks, (chunk) => {
    const batch = new Float32Array(plane * chunk.length);
    chunk.forEach((patch, i) => batch.set(job.toTensor(occludedPixels(pixels, patch)), i * plane));
    return job.scoreBatch(batch, chunk.length);
  });
  return { patches, scores, modelRuns };
}
