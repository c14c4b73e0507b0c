// One decode step of a generation, rebuilt for a capture: the feeds it ran with (input_ids, the mask, the
// positions, the cache as it was), which the capture engine (workers/capture) then runs in a variant
// session of its own, as it does a classification's last run.
//
// Why a replay and not feeds kept from the generation: each step's past is the whole text before it, so
// keeping every step's feeds costs memory that grows with the square of the text's length (and on WebGPU
// the cache lives in GPU buffers, freed as the next step replaces them); and the generation drops its
// cache when it ends. Replaying the steps the generation ran, in the same order, on the same session and
// backend runs the same operations on the same shapes, so it rebuilds the same cache — bit for bit on
// WASM (the integration test compares the step's logits with the generation's) — for the cost of one
// prefill and one step per token before the chosen one: milliseconds on the embedded model.
import { GlassboxError } from '../../src/lib/errors.ts';
import type { DecoderSession } from '../../src/lib/runtime/ort/decoder-session.ts';
import type { DecoderLayout } from '../../src/lib/tasks/text-generation/decoder-layout.ts';
import {
  pastLength,
  stepInputs,
  stepKeys,
  type StepPlan,
} from '../../src/lib/tasks/text-generation/step-replay.ts';
import { emptyPast, stepFeeds } from '../../src/lib/tasks/text-generation/step-feeds.ts';
import type { TensorData } from '../../src/lib/tensor.ts';

/** The feeds of the step a plan names, the cache rebuilt by replaying the steps before it on session. */
export async function replayStepFeeds(
  session: DecoderSession,
  layout: DecoderLayout,
  plan: StepPlan,
): Promise<Record<string, TensorData>> {
  // Without a cache every step read the whole text: the step is one run on the prefix and its fed token.
  if (layout.cache === 'none') return stepFeeds(layout, stepKeys(plan), 0);
  if (layout.cacheType !== 'float32') {
    throw new GlassboxError({
      code: 'output-layout-unsupported',
      message: `A step can be looked inside only with a float32 key/value cache; this model's is ${layout.cacheType}.`,
      remedy: 'Use the model’s float32 (fp32) files to look inside its steps.',
    });
  }
  if (plan.fed === null) {
    const feeds: Record<string, TensorData> = stepFeeds(layout, plan.prefill, 0);
    for (const past of emptyPast(layout)) {
      feeds[past.name] = { type: 'float32', dims: [...past.dims], data: new Float32Array(0) };
    }
    return feeds;
  }
  session.resetCache();
  try {
    await session.step(stepFeeds(layout, plan.prefill, 0), true);
    let past = plan.prefill.length;
    for (const id of plan.between) await session.step(stepFeeds(layout, [id], past++), true);
    const cache = await session.readCache();
    return { ...stepFeeds(layout, stepInputs(plan), pastLength(plan)), ...cache };
  } finally {
    session.resetCache();
  }
}
