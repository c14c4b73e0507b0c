// An occlusion map for one detection: paint each patch of a grid grey in the letterboxed input, run the
// detector on every painted copy (several per run when the batch axis allows, else one by one), and record
// how much the score of the box matching the selected one drops. Cancellable between runs, with progress.
import type { OcclusionTarget, OcclusionMapRun } from '../../../src/contracts/inference.ts';
import {
  matchedScore,
  occlusionPatches,
  scoreDrops,
  writeOccluded,
} from '../../../src/lib/explain/image-occlusion.ts';
import type { Backend } from '../../../src/lib/runtime/backend.ts';
import { letterbox, type RgbaImage } from '../../../src/lib/tasks/object-detection/letterbox.ts';
import type { ObjectDetector } from '../tasks/object-detector.ts';
import { scorePatchChunks, type OcclusionHooks } from './occlusion-loop.ts';

/** Candidates this weak still count when matching: an occluded object's score may fall far. */
const MATCH_FLOOR = 0.001;

export async function detectionOcclusionMap(
  detector: ObjectDetector,
  backend: Backend,
  image: RgbaImage,
  target: OcclusionTarget,
  grid: number,
  hooks: OcclusionHooks,
): Promise<OcclusionMapRun> {
  const started = performance.now();
  const size = detector.info.inputSize;
  const patches = occlusionPatches(size, grid);
  const { tensor, transform } = letterbox(image, size);
  const batchSize = Math.min(detector.batchLimit(backend), patches.length);
  const base = await detector.candidates(backend, tensor, 1, MATCH_FLOOR);
  const baseline = matchedScore(base.perImage[0] ?? [], target);
  const chunked = await scorePatchChunks(patches, batchSize, hooks, async (chunk) => {
    const batch = new Float32Array(tensor.length * chunk.length);
    chunk.forEach((patch, i) => writeOccluded(tensor, size, patch, batch, i * tensor.length));
    const { perImage } = await detector.candidates(backend, batch, chunk.length, MATCH_FLOOR);
    return perImage.map((candidates) => matchedScore(candidates, target));
  });
  const { scores } = chunked;
  // The unoccluded run above is one more.
  const modelRuns = chunked.modelRuns + 1;
  return {
    grid,
    patches,
    baseline,
    scores,
    drops: scoreDrops(baseline, scores),
    transform,
    modelRuns,
    batchSize,
    totalMs: performance.now() - started,
  };
}
