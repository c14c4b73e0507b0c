// Owns the inference worker (ONNX Runtime): a WorkerClient for the inference service, plus the hook that
// crashes the worker on purpose so tests can exercise crash recovery.
import type { GlassboxError } from '../../lib/errors.ts';
import type { InferenceApi as InferenceService } from '../../../workers/inference/inference.worker.ts';
import type { Remote } from 'comlink';
import { CRASH_FOR_TEST, type Loaded, type LoadedInfo } from '../../contracts/inference.ts';
import type { LoadProgress } from '../../lib/progress.ts';
import type { Backend } from '../../lib/runtime/backend.ts';
import type { ModelLocation, ModelTaskKind } from '../../lib/sources/model-location.ts';
import { WorkerClient } from './worker-client.ts';

function spawnInferenceWorker(name: string): Worker {
  return new Worker(new URL('../../../workers/inference/inference.worker.ts', import.meta.url), {
    type: 'module',
    name,
  });
}

/** Workers started before the app's own code ran (see start-early.ts), by name, until a client takes one. */
const earlyWorkers = new Map<string, Worker>();

/**
 * Starts the inference worker called name now, so that its script loads (and the runtime and the model
 * start downloading) while the page's own code still runs; the first client of that name takes it over.
 */
export function startInferenceWorkerEarly(name: string): void {
  if (!earlyWorkers.has(name)) earlyWorkers.set(name, spawnInferenceWorker(name));
}

function takeInferenceWorker(name: string): Worker {
  const early = earlyWorkers.get(name);
  earlyWorkers.delete(name);
  return early ?? spawnInferenceWorker(name);
}

export class InferenceClient extends WorkerClient<InferenceService> {
  /**
   * onEnded: told once per crash or stop, after in-flight calls have been rejected. name: the worker's
   * name in the browser's task list and developer tools.
   */
  constructor(onEnded: (error: GlassboxError) => void = () => {}, name = 'glassbox-inference') {
    super({
      spawn: () => takeInferenceWorker(name),
      label: 'inference',
      crashRemedy:
        'Glassbox started a new worker; load the model again (it happens automatically) and retry.',
      onEnded,
    });
  }

  /** Makes the worker throw an uncaught error (used by tests of the crash path). */
  simulateCrash(): void {
    this.post(CRASH_FOR_TEST);
  }
}

/**
 * service.load with its answer typed by the task: comlink's Remote drops a method's type parameter, so
 * the answer would otherwise be any task's Loaded.
 */
export function loadTask<Task extends ModelTaskKind>(
  service: Remote<InferenceService>,
  task: Task,
  location: ModelLocation,
  backend: Backend,
  onProgress?: (progress: LoadProgress) => void,
): Promise<Loaded<LoadedInfo[Task]>> {
  return service.load(task, location, backend, onProgress) as Promise<Loaded<LoadedInfo[Task]>>;
}
