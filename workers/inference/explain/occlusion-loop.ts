// The loop every occlusion map shares (detection's, and the pixel maps of classification, segmentation and
// depth): the grid's patches in chunks of the batch size, one model run per chunk, cancellable between runs,
// with progress. What a chunk's copies look like and how each is scored is the map's own.
import { GlassboxError } from '../../../src/lib/errors.ts';
import type { OcclusionPatch } from '../../../src/lib/explain/image-occlusion.ts';

export interface OcclusionHooks {
  onProgress: (done: number, total: number) => void;
  isCancelled: () => boolean;
}

/**
 * The loop of every occlusion map: the patches in chunks of batchSize, one model run
 * per chunk (scoreChunk: it paints the chunk's copies, runs them and scores each), yielding between runs so a
 * Cancel message lands, with progress. Returns the scores in patch order and the runs made.
 */
export async function scorePatchChunks(
  patches: readonly OcclusionPatch[],
  batchSize: number,
  hooks: OcclusionHooks,
  scoreChunk: (chunk: readonly OcclusionPatch[]) => Promise<readonly number[]>,
): Promise<{ scores: number[]; modelRuns: number }> {
  const scores: number[] = [];
  let modelRuns = 0;
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
    scores.push(...(await scoreChunk(patches.slice(start, start + batchSize))));
    modelRuns++;
    hooks.onProgress(scores.length, patches.length);
  }
  return { scores, modelRuns };
}
