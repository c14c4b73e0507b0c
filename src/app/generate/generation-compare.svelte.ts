// State and action of "Compare WASM and WebGPU" in the generate view: the same prompt generated greedily
// on both backends in the view's worker, the stage it is at, and what it found. Stop is the view's own
// (the worker checks it between steps; a capture that outlasts the grace period ends the worker).
import { toErrorData, type ErrorData } from '../../lib/errors.ts';
import type { RuntimeCapabilities } from '../../contracts/inference.ts';
import type {
  CompareGenerationRequest,
  CompareStage,
  GenerationComparisonResult,
} from '../../contracts/generation-compare.ts';
import type { GenerationClient } from './generation-client.ts';
import { WorkerClient } from '../workbench/worker-client.ts';

export type ComparisonState =
  | { kind: 'idle' }
  | { kind: 'working'; stage: CompareStage | null }
  | { kind: 'done'; result: GenerationComparisonResult }
  | { kind: 'stopped'; sentence: string }
  | { kind: 'failed'; error: ErrorData };

const NO_WEBGPU_REMEDY =
  'Open Glassbox in a browser with WebGPU (a recent Chrome or Edge) to compare the backends.';

/** The inspector's wording when one backend is missing (src/app/inspector/run-capture.svelte.ts). */
function unavailable(reason: string): ErrorData {
  return {
    code: 'webgpu-unavailable',
    message: `WASM and WebGPU cannot be compared here: ${reason}`,
    remedy: NO_WEBGPU_REMEDY,
  };
}

export class GenerationComparison {
  state = $state.raw<ComparisonState>({ kind: 'idle' });

  constructor(private readonly client: GenerationClient) {}

  get running(): boolean {
    return this.state.kind === 'working';
  }

  /**
   * Compares the backends on request, once ensureLoaded has the view's model in the worker. Capabilities
   * not probed yet leave the check to the worker, which refuses a missing WebGPU with the same sentence.
   */
  async run(
    request: CompareGenerationRequest,
    capabilities: RuntimeCapabilities | null,
    ensureLoaded: () => Promise<boolean>,
  ): Promise<void> {
    if (this.running) return;
    const webgpu = capabilities?.webgpu;
    if (webgpu && !webgpu.available) {
      this.state = { kind: 'failed', error: unavailable(webgpu.reason) };
      return;
    }
    this.state = { kind: 'working', stage: null };
    if (!(await ensureLoaded())) {
      this.state = {
        kind: 'failed',
        error: {
          code: 'no-model-loaded',
          message: 'The model could not be loaded, so the backends were not compared.',
          remedy: 'The line above the prompt says why; open a model that loads, then compare again.',
        },
      };
      return;
    }
    try {
      const result = await this.client.call((service) =>
        service.compareBackends(
          request,
          WorkerClient.callback((stage: CompareStage) => {
            // A stage posted after the answer belongs to a comparison that is over.
            if (this.state.kind === 'working') this.state = { kind: 'working', stage };
          }),
        ),
      );
      this.state = result.stopped ? { kind: 'stopped', sentence: result.sentence } : { kind: 'done', result };
    } catch (error) {
      const data = toErrorData(error);
      if (data.code === 'run-stopped') this.state = { kind: 'stopped', sentence: data.message };
      else if (data.code === 'webgpu-unavailable')
        this.state = { kind: 'failed', error: unavailable(data.message) };
      else this.state = { kind: 'failed', error: data };
    }
  }
}
