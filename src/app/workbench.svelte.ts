// What every view shares: the one inference worker, the runtime's capabilities, and crash notices.
import { toErrorData, type ErrorData } from '../lib/errors.ts';
import type { ModelTaskKind } from '../lib/sources/model-location.ts';
import type { RuntimeCapabilities } from '../../workers/inference-service.ts';
import { InferenceClient } from './inference-client.ts';

export class Workbench {
  capabilities = $state<RuntimeCapabilities | null>(null);
  capabilitiesError = $state<ErrorData | null>(null);
  /** Set when the worker crashed and was replaced; cleared when a view has reloaded its model. */
  crashNotice = $state<ErrorData | null>(null);
  readonly client: InferenceClient;
  private readonly crashListeners: Array<() => void> = [];

  constructor() {
    this.client = new InferenceClient((error) => {
      this.crashNotice = toErrorData(error);
      for (const listener of this.crashListeners) listener();
    });
  }

  /** listener: reload what the view had loaded (the new worker starts empty). */
  onCrash(listener: () => void): void {
    this.crashListeners.push(listener);
  }

  /**
   * Frees a model a view no longer shows (sessions and bytes in the worker). Nobody waits for it, and a
   * failure (a worker that crashed took the model with it) changes nothing the user sees.
   */
  release(task: ModelTaskKind, key: string): void {
    this.client.call((service) => service.releaseModel(task, key)).catch(() => undefined);
  }

  async start(): Promise<void> {
    try {
      this.capabilities = await this.client.call((service) => service.capabilities());
    } catch (error) {
      this.capabilitiesError = toErrorData(error);
    }
  }
}
