// State and actions of the text-classification playground: which model and backend, load progress, runs.
// The only place this UI's state lives; components read it and call its methods.
import type { CatalogEntry } from '../lib/catalog/model-catalog.ts';
import { toErrorData, type ErrorData } from '../lib/errors.ts';
import type { LoadProgress } from '../lib/progress.ts';
import type { Backend } from '../lib/runtime/backend.ts';
import { splitInputLines } from '../lib/tasks/text-classification/input-lines.ts';
import type {
  ClassificationRun,
  LoadedTextClassifier,
  RuntimeCapabilities,
} from '../../workers/inference-service.ts';
import { InferenceClient } from './inference-client.ts';

export type ModelStatus =
  | { kind: 'idle' }
  | { kind: 'loading'; backend: Backend; progress: LoadProgress | null }
  | { kind: 'ready'; loaded: LoadedTextClassifier }
  | { kind: 'failed'; backend: Backend; error: ErrorData };

export type RunStatus =
  | { kind: 'none' }
  | { kind: 'running' }
  | { kind: 'done'; run: ClassificationRun; droppedLines: number; clippedLines: number }
  | { kind: 'hint'; message: string }
  | { kind: 'failed'; error: ErrorData };

export const EXAMPLE_TEXT = [
  'I absolutely loved this phone, the battery lasts for days.',
  'The food was cold and the waiter was rude.',
  'Not bad at all, I would come back.',
].join('\n');

export class TextPlayground {
  capabilities = $state<RuntimeCapabilities | null>(null);
  capabilitiesError = $state<ErrorData | null>(null);
  backend = $state<Backend>('wasm');
  model = $state<CatalogEntry>();
  text = $state(EXAMPLE_TEXT);
  status = $state<ModelStatus>({ kind: 'idle' });
  runStatus = $state<RunStatus>({ kind: 'none' });
  /** Set after the worker crashed and was replaced; cleared by the next successful load. */
  crashNotice = $state<ErrorData | null>(null);

  private readonly client: InferenceClient;
  private loadToken = 0;

  constructor(model: CatalogEntry) {
    this.model = model;
    this.client = new InferenceClient((error) => this.recoverFromCrash(error));
  }

  get loaded(): LoadedTextClassifier | null {
    return this.status.kind === 'ready' ? this.status.loaded : null;
  }

  get webGpuUnavailableReason(): string | null {
    const webgpu = this.capabilities?.webgpu;
    return webgpu && !webgpu.available ? webgpu.reason : null;
  }

  async start(): Promise<void> {
    try {
      this.capabilities = await this.client.call((service) => service.capabilities());
    } catch (error) {
      this.capabilitiesError = toErrorData(error);
    }
    await this.load();
  }

  async selectBackend(backend: Backend): Promise<void> {
    if (backend === this.backend && this.status.kind === 'ready') return;
    this.backend = backend;
    await this.load();
  }

  /** Loads the current model on the current backend; a newer load supersedes an older one. */
  async load(): Promise<void> {
    const model = this.model;
    if (!model) return;
    const token = ++this.loadToken;
    const backend = this.backend;
    this.status = { kind: 'loading', backend, progress: null };
    const onProgress = InferenceClient.callback((progress: LoadProgress) => {
      if (token === this.loadToken) this.status = { kind: 'loading', backend, progress };
    });
    // The worker resolves relative URLs against its own script URL, so send an absolute folder URL.
    const folder = new URL(model.folder, document.baseURI).href; // eslint-disable-line svelte/prefer-svelte-reactivity -- a one-off value, not state
    try {
      const loaded = await this.client.call((service) =>
        service.loadTextClassifier({ id: model.id, folder }, backend, onProgress),
      );
      if (token !== this.loadToken) return;
      this.status = { kind: 'ready', loaded };
      this.crashNotice = null;
    } catch (error) {
      if (token !== this.loadToken) return;
      this.status = { kind: 'failed', backend, error: toErrorData(error) };
    }
  }

  async run(): Promise<void> {
    const { lines, droppedLines } = splitInputLines(this.text);
    if (lines.length === 0) {
      this.runStatus = { kind: 'hint', message: 'Type a sentence to classify — one per line for a batch.' };
      return;
    }
    if (this.status.kind !== 'ready' || this.runStatus.kind === 'running') return;
    const backend = this.status.loaded.backend;
    this.runStatus = { kind: 'running' };
    try {
      const texts = lines.map((line) => line.text);
      const run = await this.client.call((service) => service.classify(backend, texts));
      const clippedLines = lines.filter((line) => line.clipped).length;
      this.runStatus = { kind: 'done', run, droppedLines, clippedLines };
    } catch (error) {
      this.runStatus = { kind: 'failed', error: toErrorData(error) };
    }
  }

  simulateCrash(): void {
    this.client.simulateCrash();
  }

  private recoverFromCrash(error: Error): void {
    this.crashNotice = toErrorData(error);
    if (this.runStatus.kind === 'running') this.runStatus = { kind: 'failed', error: toErrorData(error) };
    // The new worker has nothing loaded: load again so the page stays usable.
    void this.load();
  }
}
