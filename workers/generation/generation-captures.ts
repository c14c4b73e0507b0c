// Look inside one step of a generation, in the generation worker (where the model and its session are):
// a decode step replayed as a capture source, then the same capture engine, comparison and profiler as
// the inference worker's Look inside (workers/capture). The attention of a generated token is a capture of
// its step's attention probabilities only, found by structure.
import type {
  BackendComparison,
  CapturedTensor,
  CaptureOptions,
  CaptureResult,
  NodeTiming,
  TensorSlice,
} from '../../src/lib/capture/capture-types.ts';
import { GlassboxError } from '../../src/lib/errors.ts';
import { visibleText } from '../../src/lib/visible-text.ts';
import type { Backend } from '../../src/lib/runtime/backend.ts';
import type { StepPlan } from '../../src/lib/tasks/text-generation/step-replay.ts';
import type { StepAttentionAnswer, StepFacts } from '../../src/contracts/generation.ts';
import { CaptureEngine } from '../inference/capture/capture-engine.ts';
import { compareCaptures } from '../inference/capture/compare-captures.ts';
import type { CaptureSource } from '../inference/capture/last-run.ts';
import { profileRun } from '../inference/capture/profile-run.ts';
import type { TextGenerator } from './text-generator.ts';

/** Capture ids of this worker start with it (the page routes a capture's calls back by it). */
export const GENERATION_CAPTURE_PREFIX = 'generation-capture';

export class GenerationCaptures {
  private readonly engine = new CaptureEngine(GENERATION_CAPTURE_PREFIX);
  /** The step chosen for Look inside: what captureRun and profileRun run on. */
  private step: { modelKey: string; source: CaptureSource } | null = null;

  /** Replays the step of a plan and keeps it as the one Look inside captures. */
  async prepare(model: TextGenerator, backend: Backend, plan: StepPlan): Promise<StepFacts> {
    const { source, step } = await model.stepSource(backend, plan);
    if (this.step && this.step.modelKey !== model.info.key) this.engine.releaseModel(this.step.modelKey);
    this.step = { modelKey: model.info.key, source };
    return step;
  }

  private sourceFor(modelKey: string): CaptureSource {
    if (!this.step || this.step.modelKey !== modelKey) {
      throw new GlassboxError({
        code: 'no-run-yet',
        message: 'No step of this model was chosen to look inside.',
        remedy: 'Generate, pick a token, then choose Look inside this step.',
      });
    }
    return this.step.source;
  }

  capture(modelKey: string, backend: Backend, options: CaptureOptions): Promise<CaptureResult> {
    return this.engine.capture(modelKey, this.sourceFor(modelKey), backend, options);
  }

  tensor(captureId: string, name: string, slice?: TensorSlice): Promise<CapturedTensor> {
    return this.engine.tensor(captureId, name, slice);
  }

  compare(referenceId: string, otherId: string): Promise<BackendComparison> {
    return compareCaptures(this.engine, referenceId, otherId);
  }

  profile(modelKey: string, backend: Backend): Promise<NodeTiming[]> {
    return profileRun(this.sourceFor(modelKey), backend);
  }

  release(captureId: string): boolean {
    return this.engine.release(captureId);
  }

  /**
   * The attention probabilities of a plan's step: replayed, captured (those values only) on backend, sent
   * whole (one step's are small: heads × queries × keys per layer) and released here at once.
   */
  async attention(model: TextGenerator, backend: Backend, plan: StepPlan): Promise<StepAttentionAnswer> {
    const started = performance.now();
    const { source, step } = await model.stepSource(backend, plan);
    const capture = await this.engine.capture(model.info.key, source, backend, { attentionOnly: true });
    try {
      if (capture.attention.length === 0) {
        return {
          ok: false,
          reason: `No attention was found in ${visibleText(model.info.label)}: Glassbox looks for a softmax over the product of two projections of the same tokens (Q·Kᵀ), and this model has none it can see (it may compute attention inside one fused operator, such as GroupQueryAttention).`,
        };
      }
      const layers = [];
      for (const site of capture.attention) {
        layers.push({ site, tensor: await this.engine.tensor(capture.captureId, site.value) });
      }
      return { ok: true, backend, step, layers, captureMs: performance.now() - started };
    } finally {
      this.engine.release(capture.captureId);
    }
  }
}
