// The page's CaptureSource with the generation worker added: Look inside a generated token's step is
// captured in the generation worker (which holds the language model and replays the step), every other
// task's run in the inference worker of its view. Calls that name a capture go back to the worker that
// made it, known by its id's prefix.
import { GlassboxError } from '../../lib/errors.ts';
import type { ModelTaskKind } from '../../lib/sources/model-location.ts';
import type { GenerationClient } from './generation-client.ts';
import type { CaptureSource } from '../inspector/run-capture.svelte.ts';

/** The task whose captures the generation worker makes. */
export const GENERATION_TASK: ModelTaskKind = 'text-generation';
/** How the generation worker's capture ids begin (workers/generation/generation-captures.ts). */
const GENERATION_CAPTURE = 'generation-capture-';

export function withGenerationCaptures(base: CaptureSource, generation: GenerationClient): CaptureSource {
  const ours = (captureId: string): boolean => captureId.startsWith(GENERATION_CAPTURE);
  return {
    captureRun: (task, modelKey, backend, options) =>
      task === GENERATION_TASK
        ? generation.call((service) => service.captureRun(task, modelKey, backend, options))
        : base.captureRun(task, modelKey, backend, options),
    capturedTensor: (captureId, name, slice) =>
      ours(captureId)
        ? generation.call((service) => service.capturedTensor(captureId, name, slice))
        : base.capturedTensor(captureId, name, slice),
    compareCaptures: (referenceId, otherId) =>
      ours(referenceId)
        ? generation.call((service) => service.compareCaptures(referenceId, otherId))
        : base.compareCaptures(referenceId, otherId),
    profileRun: (task, modelKey, backend) =>
      task === GENERATION_TASK
        ? generation.call((service) => service.profileRun(task, modelKey, backend))
        : base.profileRun(task, modelKey, backend),
    prepareReport(request) {
      if (ours(request.referenceId) || !base.prepareReport) {
        return Promise.reject(
          new GlassboxError({
            code: 'capture-failed',
            message: 'A report is prepared from the comparison of a task view, not of a generated step.',
            remedy:
              'Compare WASM and WebGPU on a run of the text, image or tensor view, then prepare the report.',
          }),
        );
      }
      return base.prepareReport(request);
    },
    async releaseCapture(captureId) {
      if (ours(captureId)) await generation.call((service) => service.releaseCapture(captureId));
      else await base.releaseCapture(captureId);
    },
    stopRuns(task) {
      if (task !== GENERATION_TASK) return base.stopRuns?.(task);
      generation.stop(
        new GlassboxError({
          code: 'run-stopped',
          message: 'You stopped looking inside the step; the language model loads again when you generate.',
          remedy: 'Generate again, then pick a token.',
        }),
      );
    },
  };
}
