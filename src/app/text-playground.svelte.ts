// State and actions of the text-classification view: the model slot (backend, loading) and the runs.
import { toErrorData, type ErrorData } from '../lib/errors.ts';
import { splitInputLines } from '../lib/tasks/text-classification/input-lines.ts';
import type { ClassificationRun, LoadedTextClassifier } from '../../workers/inference-service.ts';
import { ModelSlot, type LoadModel } from './model-slot.svelte.ts';
import type { RunTarget } from './run-capture.svelte.ts';
import type { ShownModel } from './shown-model.ts';
import type { Workbench } from './workbench.svelte.ts';

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
  text = $state(EXAMPLE_TEXT);
  runStatus = $state<RunStatus>({ kind: 'none' });
  /** Raw state: the location crosses to the worker by structured clone, which a proxy cannot. */
  model: ShownModel;
  readonly slot: ModelSlot<LoadedTextClassifier>;

  constructor(
    private readonly workbench: Workbench,
    model: ShownModel,
  ) {
    this.model = $state.raw(model);
    this.slot = new ModelSlot(this.loaderFor(model));
    workbench.onCrash(() => {
      if (this.runStatus.kind === 'running' && workbench.crashNotice) {
        this.runStatus = { kind: 'failed', error: workbench.crashNotice };
      }
      void this.slot.load().then(() => {
        if (this.slot.status.kind === 'ready') workbench.crashNotice = null;
      });
    });
  }

  /** The last run, for Look inside; null until the view has run the model. */
  get runTarget(): RunTarget | null {
    const loaded = this.slot.loaded;
    if (this.runStatus.kind !== 'done' || !loaded) return null;
    return {
      task: 'text-classification',
      model: this.model,
      backend: loaded.backend,
      viewLabel: 'Classify text',
    };
  }

  private loaderFor(model: ShownModel): LoadModel<LoadedTextClassifier> {
    const location = model.location;
    return (backend, onProgress) =>
      this.workbench.client.call((service) => service.loadTextClassifier(location, backend, onProgress));
  }

  /** Shows another model; the one before is released in the worker. */
  async open(model: ShownModel): Promise<void> {
    const previous = this.model;
    this.model = model;
    this.runStatus = { kind: 'none' };
    if (previous && previous.location.key !== model.location.key) {
      this.workbench.release('text-classification', previous.location.key);
    }
    await this.slot.replaceLoader(this.loaderFor(model));
  }

  async run(): Promise<void> {
    const { lines, droppedLines } = splitInputLines(this.text);
    if (lines.length === 0) {
      this.runStatus = { kind: 'hint', message: 'Type a sentence to classify — one per line for a batch.' };
      return;
    }
    const loaded = this.slot.loaded;
    if (!loaded || this.runStatus.kind === 'running') return;
    this.runStatus = { kind: 'running' };
    try {
      const texts = lines.map((line) => line.text);
      const run = await this.workbench.client.call((service) =>
        service.classify(loaded.info.modelId, loaded.backend, texts),
      );
      const clippedLines = lines.filter((line) => line.clipped).length;
      this.runStatus = { kind: 'done', run, droppedLines, clippedLines };
    } catch (error) {
      this.runStatus = { kind: 'failed', error: toErrorData(error) };
    }
  }
}
