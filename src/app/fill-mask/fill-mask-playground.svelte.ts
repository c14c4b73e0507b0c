// State and actions of the fill-mask view: the model slot (backend, loading), the text with its blanks,
// the fillers of each blank from one run, putting a chosen filler in the text, and inserting the model's
// own mask token at the caret.
import { toErrorData, type ErrorData } from '../../lib/errors.ts';
import type { Backend } from '../../lib/runtime/backend.ts';
import { insertFiller, insertMask, maskOffsets, noMaskHint } from '../../lib/tasks/fill-mask/mask-text.ts';
import type { FillMaskInfo, FillMaskRun, Loaded } from '../../contracts/inference.ts';
import { DelayedFlag } from '../workbench/delayed-flag.svelte.ts';
import { loadTask } from '../workbench/inference-client.ts';
import { ModelSlot, type LoadModel } from '../workbench/model-slot.svelte.ts';
import type { RunTarget } from '../inspector/run-capture.svelte.ts';
import { isStoppedRun } from '../workbench/run-watchdog.ts';
import type { ShownModel } from '../workbench/shown-model.ts';
import { ThreadPlan } from '../workbench/thread-plan.svelte.ts';
import type { ViewRuntime } from '../workbench/view-runtime.svelte.ts';
import type { Workbench } from '../workbench/workbench.svelte.ts';

export type FillStatus =
  | { kind: 'none' }
  | { kind: 'running' }
  | { kind: 'done'; run: FillMaskRun }
  | { kind: 'hint'; message: string }
  | { kind: 'failed'; error: ErrorData };

/** The mask token the example text is written with; a model with another one gets it swapped in. */
const EXAMPLE_MASK = '[MASK]';
export const FILL_MASK_EXAMPLE = 'In the beginning, God created the [MASK] and the earth.';

export class FillMaskPlayground {
  text = $state(FILL_MASK_EXAMPLE);
  /** Raw state: a run's result is replaced whole. */
  runStatus = $state.raw<FillStatus>({ kind: 'none' });
  /** Whether the page shows the run in flight: only once it is slow (see TextPlayground). */
  readonly busy = new DelayedFlag();
  /** Finished runs so far; the results carry it (data-run), so a test can tell a new result from the last. */
  finishedRuns = $state(0);
  model: ShownModel;
  readonly slot: ModelSlot<Loaded<FillMaskInfo>>;
  readonly runtime: ViewRuntime;
  readonly threads: ThreadPlan;
  readonly task = 'fill-mask' as const;
  private inFlight: Promise<void> | null = null;
  private runAgain = false;

  constructor(
    private readonly workbench: Workbench,
    model: ShownModel,
  ) {
    this.model = $state.raw(model);
    this.runtime = workbench.runtimeFor('fill-mask');
    this.threads = new ThreadPlan(this.runtime, 'fill-mask');
    this.slot = new ModelSlot(this.loaderFor(model));
    this.runtime.onEnded(async () => {
      if (this.slot.status.kind === 'idle') return true;
      await this.slot.load();
      return this.slot.status.kind === 'ready';
    });
  }

  /** The loaded model's mask token ([MASK] until one has loaded). */
  get maskToken(): string {
    return this.slot.loaded?.info.maskToken ?? EXAMPLE_MASK;
  }

  /** The finished run on screen, or null. */
  get done(): FillMaskRun | null {
    return this.runStatus.kind === 'done' ? this.runStatus.run : null;
  }

  /** The last run, for Look inside; null until the view has run the model. */
  get runTarget(): RunTarget | null {
    const loaded = this.slot.loaded;
    if (!this.done || this.busy.on || !loaded) return null;
    return {
      task: 'fill-mask',
      model: this.model,
      backend: loaded.backend,
      viewLabel: 'Fill the blank',
      settled: () => this.settled(),
    };
  }

  /** Whether the run on screen is of the text in the box, on the loaded backend. */
  lastRunMatchesText(): boolean {
    const run = this.done;
    return run !== null && run.text === this.text && run.backend === this.slot.loaded?.backend;
  }

  private loaderFor(model: ShownModel): LoadModel<Loaded<FillMaskInfo>> {
    const location = model.location;
    return async (backend, onProgress) => {
      await this.threads.prepare(location, backend, onProgress);
      const loaded = await this.runtime.load((service) =>
        loadTask(service, 'fill-mask', location, backend, onProgress),
      );
      // Text written with another model's mask token gets this model's.
      const mask = loaded.info.maskToken;
      if (mask !== EXAMPLE_MASK && maskOffsets(this.text, mask).length === 0) {
        this.text = this.text.split(EXAMPLE_MASK).join(mask);
      }
      return loaded;
    };
  }

  async open(model: ShownModel): Promise<void> {
    const previous = this.model;
    this.model = model;
    this.runStatus = { kind: 'none' };
    if (previous.location.key !== model.location.key)
      this.workbench.release('fill-mask', previous.location.key);
    await this.slot.replaceLoader(this.loaderFor(model));
  }

  /** Loads the model, then fills the text in the box: the first result comes without a click. */
  async loadAndRun(): Promise<void> {
    await this.slot.load();
    if (this.slot.loaded && this.runStatus.kind === 'none') await this.run();
  }

  async selectBackend(backend: Backend): Promise<void> {
    await this.slot.selectBackend(backend);
    if (this.slot.loaded && this.done) await this.run();
  }

  async reload(): Promise<void> {
    await this.slot.load();
    if (this.slot.loaded && this.done) await this.run();
  }

  /** Puts the mask token at the caret (the end when there is none). */
  insertMask(caret: number = this.text.length): void {
    this.text = insertMask(this.text, this.maskToken, caret);
  }

  /** Puts a filler in place of the index-th blank, then fills the blanks left, if any. */
  async choose(maskIndex: number, token: string): Promise<void> {
    this.text = insertFiller(this.text, this.maskToken, maskIndex, token);
    await this.run();
  }

  /** Fills the text; asked again while a run is under way, it fills the newest text after it. */
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

  async settled(): Promise<void> {
    while (this.inFlight) await this.inFlight.catch(() => undefined);
  }

  private async runAll(): Promise<void> {
    const before = this.runStatus;
    let outcome: FillStatus;
    this.busy.start();
    try {
      do {
        this.runAgain = false;
        outcome = await this.fillOnce(before);
      } while (this.runAgain);
    } finally {
      this.busy.stop();
    }
    this.runStatus = outcome;
    if (outcome.kind === 'done') {
      this.finishedRuns++;
      void this.threads.afterRun(this.model.location, outcome.run.backend, outcome.run.inferenceMs);
    }
  }

  private async fillOnce(before: FillStatus): Promise<FillStatus> {
    const loaded = this.slot.loaded;
    if (!loaded) return before;
    // No blank: one sentence, and no run (the worker would say the same).
    if (maskOffsets(this.text, loaded.info.maskToken).length === 0) {
      return { kind: 'hint', message: noMaskHint(loaded.info.maskToken) };
    }
    this.runStatus = { kind: 'running' };
    const text = this.text;
    try {
      const run = await this.runtime.run((service) =>
        service.fillMask(loaded.info.modelKey, loaded.backend, text),
      );
      return { kind: 'done', run };
    } catch (error) {
      return isStoppedRun(error) ? { kind: 'none' } : { kind: 'failed', error: toErrorData(error) };
    }
  }
}
