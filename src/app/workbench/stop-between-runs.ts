// Stop for a job of many runs in a view's worker (an occlusion map, a batch of embeddings): the worker is
// asked to stop between runs; a run that does not give it back in time (a patch the model loops on) is
// ended with the worker, which reloads the model.
import type { ViewRuntime } from './view-runtime.svelte.ts';

/** How long Stop waits for the worker to stop between runs before ending it. */
export const STOP_GRACE_MS = 1000;

/** running: whether the job still runs (it ends on its own call's answer, or with the worker). */
export async function stopBetweenRuns(
  runtime: Pick<ViewRuntime, 'call' | 'stop'>,
  running: () => boolean,
): Promise<void> {
  const grace = setTimeout(() => {
    if (running()) runtime.stop();
  }, STOP_GRACE_MS);
  try {
    await runtime.call((service) => service.cancelExplanations());
  } catch {
    // The worker was ended meanwhile: the job's own call says so.
  } finally {
    if (!running()) clearTimeout(grace);
  }
}
