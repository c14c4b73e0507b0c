// Owns the text-generation worker: a WorkerClient for the generation service (its own worker, so a long
// generation never queues behind another view's runs, and Stop's last resort ends only this worker).
import type { GlassboxError } from '../../lib/errors.ts';
import type { GenerationApi } from '../../../workers/generation/generation.worker.ts';
import { WorkerClient } from '../workbench/worker-client.ts';
import { installGenerationTransfer } from '../../contracts/generation-transfer.ts';

// Results and token batches cross packed (generation-transfer.ts says why); the worker installs the same.
installGenerationTransfer();

export class GenerationClient extends WorkerClient<GenerationApi> {
  constructor(onEnded: (error: GlassboxError) => void = () => {}) {
    super({
      spawn: () =>
        new Worker(new URL('../../../workers/generation/generation.worker.ts', import.meta.url), {
          type: 'module',
          name: 'glassbox-generation',
        }),
      label: 'text-generation',
      crashRemedy: 'Glassbox started a new worker; the model loads again when you generate.',
      onEnded,
    });
  }
}
