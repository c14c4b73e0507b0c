// One model on one backend at a time: loading with staged progress, ready, or failed — and switching
// backend. A newer load supersedes an older one still in flight.
import { toErrorData, type ErrorData } from '../../lib/errors.ts';
import { EMPTY_LOAD_STATE, withProgress, type LoadState } from '../../lib/load-stages.ts';
import type { LoadProgress } from '../../lib/progress.ts';
import type { Backend } from '../../lib/runtime/backend.ts';
import { InferenceClient } from './inference-client.ts';

export type ModelStatus<L> =
  | { kind: 'idle' }
  | ({ kind: 'loading'; backend: Backend } & LoadState)
  | { kind: 'ready'; loaded: L }
  | { kind: 'failed'; backend: Backend; error: ErrorData };

export type LoadModel<L> = (backend: Backend, onProgress: (progress: LoadProgress) => void) => Promise<L>;

export class ModelSlot<L extends { backend: Backend }> {
  backend = $state<Backend>('wasm');
  status = $state<ModelStatus<L>>({ kind: 'idle' });
  private loadToken = 0;

  constructor(private loadModel: LoadModel<L>) {}

  get loaded(): L | null {
    return this.status.kind === 'ready' ? this.status.loaded : null;
  }

  /** Loads with a different loader from now on (another model of the same task). */
  replaceLoader(loadModel: LoadModel<L>): Promise<void> {
    this.loadModel = loadModel;
    return this.load();
  }

  async selectBackend(backend: Backend): Promise<void> {
    if (backend === this.backend && this.status.kind === 'ready') return;
    this.backend = backend;
    await this.load();
  }

  /** Loads the model on the selected backend. */
  async load(): Promise<void> {
    const token = ++this.loadToken;
    const backend = this.backend;
    let state = EMPTY_LOAD_STATE;
    this.status = { kind: 'loading', backend, ...state };
    // Progress events travel on their own message port, so the last one can arrive after the load has
    // already settled; it must not turn a finished (or failed) load back into "loading".
    let settled = false;
    const onProgress = InferenceClient.callback((progress: LoadProgress) => {
      if (token !== this.loadToken || settled) return;
      state = withProgress(state, progress);
      this.status = { kind: 'loading', backend, ...state };
    });
    try {
      const loaded = await this.loadModel(backend, onProgress);
      settled = true;
      if (token === this.loadToken) this.status = { kind: 'ready', loaded };
    } catch (error) {
      settled = true;
      if (token === this.loadToken) this.status = { kind: 'failed', backend, error: toErrorData(error) };
    }
  }
}
