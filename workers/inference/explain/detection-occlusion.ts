// An occlusion map for one detection: paint each patch of a grid grey in the letterboxed input, run the
// detector on every painted copy (several per run when the batch axis allows, else one by one), and record
// how much the score of the box matching the selected one drops. Cancellable between runs, with progress.
import type { OcclusionTarget, OcclusionMapRun } from '../../../src/contracts/inference.ts';
import { GlassboxError } from '../../../src/lib/errors.ts';
import {
  matchedScore,
  occlusionPatches,
  scoreDrops,
  writeOccluded,
} from '../../../src/lib/explain/image-occlusion.ts';
import type { Backend } from '../../../src/lib/runtime/backend.ts';
import { letterbox, type RgbaImage } from '../../../src/lib/tasks/object-detection/letterbox.ts';
import type { ObjectDetector } from '../tasks/object-detector.ts';

/** Candidates this weak still count when matching: an occluded object's score may fall far. */
const MATCH_FLOOR = 0.001;

export interface OcclusionHooks {
  onProgress: (done: number, total: number) => void;
  isCancelled: () => boolean;
}

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
  let modelRuns = 1;
  const scores: number[] = [];
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
    const batch = new Float32Array(tensor.length * chunk.length);
    chunk.forEach((patch, i) => writeOccluded(tensor, size, patch, batch, i * tensor.length));
    const { perImage } = await detector.candidates(backend, batch, chunk.length, MATCH_FLOOR);
    modelRuns++;
    for (const candidates of perImage) scores.push(matchedScore(candidates, target));
    hooks.onProgress(scores.length, patches.length);
  }
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
