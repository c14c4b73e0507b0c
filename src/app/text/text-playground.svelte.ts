// State and actions of the text-classification view: the model slot (backend, loading) and the runs.
import { toErrorData, type ErrorData } from '../../lib/errors.ts';
import type { Backend } from '../../lib/runtime/backend.ts';
import { splitInputLines } from '../../lib/tasks/text-classification/input-lines.ts';
import type { ClassificationRun, Loaded, TextClassifierInfo } from '../../contracts/inference.ts';
import { DelayedFlag } from '../workbench/delayed-flag.svelte.ts';
import { ModelSlot, type LoadModel } from '../workbench/model-slot.svelte.ts';
import type { RunTarget } from '../inspector/run-capture.svelte.ts';
import { isStoppedRun } from '../workbench/run-watchdog.ts';
import { ThreadPlan } from '../workbench/thread-plan.svelte.ts';
import type { ShownModel } from '../workbench/shown-model.ts';
import type { ViewRuntime } from '../workbench/view-runtime.svelte.ts';
import { loadTask } from '../workbench/inference-client.ts';
import type { Workbench } from '../workbench/workbench.svelte.ts';

/** A User Timing mark at each classification's answer (see classifyOnce). */
export const ANSWER_MARK = 'glassbox:text-answer';
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
  /** Raw state: a run's result is replaced whole, never changed in place, so it needs no deep proxy. */
  runStatus = $state.raw<RunStatus>({ kind: 'none' });
  /**
   * The last finished run, kept on screen while the next one runs: the page updates the results in place
   * instead of tearing them down and building them again for every run.
   */
  lastDone = $state.raw<Extract<RunStatus, { kind: 'done' }> | null>(null);
  /** Whether the page shows the run in flight (Running…, Stop, dimmed results): only once it is slow. */
  readonly busy = new DelayedFlag();
  /** Finished runs so far; the results carry it (data-run), so a test can tell a new result from the last. */
  finishedRuns = $state(0);
  /** The run in flight (with the ones asked for meanwhile), for Look inside to wait on. */
  private inFlight: Promise<void> | null = null;
  /** Raw state: the location crosses to the worker by structured clone, which a proxy cannot. */
  model: ShownModel;
  readonly slot: ModelSlot<Loaded<TextClassifierInfo>>;
  /** This view's own inference worker. */
  readonly runtime: ViewRuntime;
  /** The model's WASM thread count: chosen, measured, remembered, overridable. */
  readonly threads: ThreadPlan;
  /** A run was asked for while one was under way (e.g. the automatic first run). */
  private runAgain = false;

  constructor(
    private readonly workbench: Workbench,
    model: ShownModel,
  ) {
    this.model = $state.raw(model);
    this.runtime = workbench.views.text;
    this.threads = new ThreadPlan(this.runtime, 'text-classification');
    this.slot = new ModelSlot(this.loaderFor(model));
    // The worker crashed or was stopped: the run in flight has already failed; load the model again.
    this.runtime.onEnded(async () => {
      if (this.slot.status.kind === 'idle') return true; // the view was never shown: nothing to reload
      await this.slot.load();
      return this.slot.status.kind === 'ready';
    });
  }

  /** The last run, for Look inside; null until the view has run the model. */
  get runTarget(): RunTarget | null {
    const loaded = this.slot.loaded;
    // The last finished run: a fast next run keeps it (the page does not flash), a slow one hides it.
    if (!this.lastDone || this.busy.on || !loaded) return null;
    return {
      task: 'text-classification',
      model: this.model,
      backend: loaded.backend,
      viewLabel: 'Classify text',
      settled: () => this.settled(),
    };
  }

  private loaderFor(model: ShownModel): LoadModel<Loaded<TextClassifierInfo>> {
    const location = model.location;
    return async (backend, onProgress) => {
      await this.threads.prepare(location, backend, onProgress);
      return this.runtime.load((service) =>
        loadTask(service, 'text-classification', location, backend, onProgress),
      );
    };
  }

  /** Shows another model; the one before is released in the worker. */
  async open(model: ShownModel): Promise<void> {
    const previous = this.model;
    this.model = model;
    this.runStatus = { kind: 'none' };
    this.lastDone = null;
    if (previous && previous.location.key !== model.location.key) {
      this.workbench.release('text-classification', previous.location.key);
    }
    await this.slot.replaceLoader(this.loaderFor(model));
  }

  /**
   * Loads the model, then classifies the text in the box unless something ran already: the first result
   * comes without a click.
   */
  async loadAndRun(): Promise<void> {
    await this.slot.load();
    if (this.slot.loaded && this.runStatus.kind === 'none') await this.run();
  }

  /**
   * Loads the model on backend, then classifies the text again if a result was shown: the result under
   * "Ready on WebGPU" is WebGPU's, not the last backend's.
   */
  async selectBackend(backend: Backend): Promise<void> {
    await this.slot.selectBackend(backend);
    await this.runAgainIfShown();
  }

  /** Loads the model again (a thread count the user chose), and classifies the text again if one was shown. */
  async reload(): Promise<void> {
    await this.slot.load();
    await this.runAgainIfShown();
  }

  private async runAgainIfShown(): Promise<void> {
    if (this.slot.loaded && this.lastDone) await this.run();
  }

  /** Classifies the text; asked again while a run is under way, it classifies the newest text after it. */
  async run(): Promise<void> {
    if (this.runStatus.kind === 'running') {
      this.runAgain = true;
      return;
    }
    this.inFlight = this.runAll();
    try {
      await this.inFlight;
    } finally {
      this.inFlight = null;
    }
  }

  /** Resolves once no run is in flight. */
  async settled(): Promise<void> {
    while (this.inFlight) await this.inFlight.catch(() => undefined);
  }

  private async runAll(): Promise<void> {
    const before = this.runStatus;
    let outcome: RunStatus;
    this.busy.start();
    try {
      do {
        this.runAgain = false;
        outcome = await this.classifyOnce(before);
      } while (this.runAgain);
    } finally {
      this.busy.stop();
    }
    this.runStatus = outcome;
    this.lastDone = outcome.kind === 'done' ? outcome : outcome.kind === 'none' ? this.lastDone : null;
    if (outcome.kind === 'done') {
      this.finishedRuns++;
      const { backend, inferenceMs } = outcome.run;
      void this.threads.afterRun(this.model.location, backend, inferenceMs);
    }
  }

  private async classifyOnce(before: RunStatus): Promise<RunStatus> {
    const { lines, droppedLines } = splitInputLines(this.text);
    if (lines.length === 0) {
      return { kind: 'hint', message: 'Type a sentence to classify — one per line for a batch.' };
    }
    const loaded = this.slot.loaded;
    if (!loaded) return before;
    this.runStatus = { kind: 'running' };
    try {
      const texts = lines.map((line) => line.text);
      const run = await this.runtime.run((service) =>
        service.classify(loaded.info.modelKey, loaded.backend, texts),
      );
      // When the worker's answer reached the page: DevTools' Timings track and measure-overhead.ts read it
      // to tell the worker's part of click → result from the page's (one entry, replaced each run).
      performance.clearMarks(ANSWER_MARK);
      performance.mark(ANSWER_MARK);
      const clippedLines = lines.filter((line) => line.clipped).length;
      return { kind: 'done', run, droppedLines, clippedLines };
    } catch (error) {
      // A stopped run is told by the view's stop notice, not as a failure.
      return isStoppedRun(error) ? { kind: 'none' } : { kind: 'failed', error: toErrorData(error) };
    }
  }
}
