// What the entities and answer views' controllers share: the model shown (none until the user opens one
// of the view's task: no such model is embedded), its slot on this view's own worker with its thread plan,
// one run at a time with the newest input winning, a run target for Look inside, and one attribution at
// a time for a chosen result.
import { GlassboxError, toErrorData, type ErrorData } from '../../lib/errors.ts';
import type { LoadProgress } from '../../lib/progress.ts';
import type { Backend } from '../../lib/runtime/backend.ts';
import type { Loaded, LoadedInfo } from '../../contracts/inference.ts';
import { loadTask } from './inference-client.ts';
import { ModelSlot } from './model-slot.svelte.ts';
import type { RunTarget } from '../inspector/run-capture.svelte.ts';
import { isStoppedRun } from './run-watchdog.ts';
import type { ShownModel } from './shown-model.ts';
import { ThreadPlan } from './thread-plan.svelte.ts';
import type { ViewRuntime } from './view-runtime.svelte.ts';
import type { Workbench } from './workbench.svelte.ts';

export type HeadTask = 'token-classification' | 'question-answering';

export type HeadRunStatus<Run> =
  | { kind: 'none' }
  | { kind: 'running' }
  | { kind: 'done'; run: Run }
  | { kind: 'hint'; message: string }
  | { kind: 'failed'; error: ErrorData };

/** An attribution of one result (an entity, an answer), named by key so the view marks which. */
export type AttributionStatus<Attribution> =
  | { kind: 'none' }
  | { kind: 'running'; key: string }
  | { kind: 'done'; key: string; run: Attribution }
  | { kind: 'failed'; key: string; error: ErrorData };

export abstract class HeadPlayground<Task extends HeadTask, Run, Attribution> {
  /** Raw state: the location crosses to the worker by structured clone, which a proxy cannot. */
  model = $state.raw<ShownModel | null>(null);
  runStatus = $state.raw<HeadRunStatus<Run>>({ kind: 'none' });
  attribution = $state.raw<AttributionStatus<Attribution>>({ kind: 'none' });
  /** Finished runs so far; the results carry it (data-run), so a test can tell a new result from the last. */
  finishedRuns = $state(0);
  readonly slot: ModelSlot<Loaded<LoadedInfo[Task]>>;
  readonly runtime: ViewRuntime;
  readonly threads: ThreadPlan;
  private runToken = 0;

  protected constructor(
    private readonly workbench: Workbench,
    private readonly task: Task,
    private readonly viewLabel: string,
  ) {
    this.runtime = workbench.runtimeFor(task);
    this.threads = new ThreadPlan(this.runtime, task);
    this.slot = new ModelSlot((backend, onProgress) => this.load(backend, onProgress));
    // The worker crashed or was stopped: the run in flight has already failed; load the model again.
    this.runtime.onEnded(async () => {
      if (!this.model) return true;
      await this.slot.load();
      return this.slot.status.kind === 'ready';
    });
  }

  private async load(backend: Backend, onProgress: (progress: LoadProgress) => void) {
    const model = this.model;
    if (!model) {
      throw new GlassboxError({
        code: 'no-model-loaded',
        message: 'No model is open in this view.',
        remedy: 'Open a model of this task from the Open a model tab (the catalog lists one).',
      });
    }
    const location = model.location;
    await this.threads.prepare(location, backend, onProgress);
    return this.runtime.load((service) => loadTask(service, this.task, location, backend, onProgress));
  }

  /** Shows another model (the one before is released in the worker), loads it and runs the input. */
  async open(model: ShownModel): Promise<void> {
    const previous = this.model?.location.key;
    if (previous !== undefined && previous !== model.location.key)
      this.workbench.release(this.task, previous);
    this.model = model;
    this.runToken++;
    this.runStatus = { kind: 'none' };
    this.attribution = { kind: 'none' };
    await this.slot.load();
    if (this.slot.loaded) await this.run();
  }

  async selectBackend(backend: Backend): Promise<void> {
    await this.slot.selectBackend(backend);
    if (this.slot.loaded && this.runStatus.kind === 'done') await this.run();
  }

  async reload(): Promise<void> {
    await this.slot.load();
    if (this.slot.loaded && this.runStatus.kind === 'done') await this.run();
  }

  /** The last run, for Look inside; null until the view has run the model. */
  get runTarget(): RunTarget | null {
    const loaded = this.slot.loaded;
    if (this.runStatus.kind !== 'done' || !loaded || !this.model) return null;
    return { task: this.task, model: this.model, backend: loaded.backend, viewLabel: this.viewLabel };
  }

  /** Why the input cannot run (a sentence), or null. */
  protected abstract inputProblem(): string | null;
  /** One run of the view's input in the worker. */
  protected abstract runOnce(loaded: Loaded<LoadedInfo[Task]>): Promise<Run>;

  /** Runs the input; a newer run makes an older one's answer stale (it is dropped). */
  async run(): Promise<void> {
    const loaded = this.slot.loaded;
    if (!loaded) return;
    const problem = this.inputProblem();
    const token = ++this.runToken;
    if (problem !== null) {
      this.runStatus = { kind: 'hint', message: problem };
      return;
    }
    this.runStatus = { kind: 'running' };
    this.attribution = { kind: 'none' };
    try {
      const run = await this.runOnce(loaded);
      if (token !== this.runToken) return;
      this.runStatus = { kind: 'done', run };
      this.finishedRuns++;
    } catch (error) {
      if (token !== this.runToken) return;
      // A stopped run is told by the view's stop notice, not as a failure.
      this.runStatus = isStoppedRun(error) ? { kind: 'none' } : { kind: 'failed', error: toErrorData(error) };
    }
  }

  /** Runs an attribution of the result named key; one at a time, a newer one replacing an older. */
  protected async attribute(key: string, explain: () => Promise<Attribution>): Promise<void> {
    this.attribution = { kind: 'running', key };
    try {
      const run = await explain();
      if (this.attribution.kind === 'running' && this.attribution.key === key) {
        this.attribution = { kind: 'done', key, run };
      }
    } catch (error) {
      this.attribution = isStoppedRun(error)
        ? { kind: 'none' }
        : { kind: 'failed', key, error: toErrorData(error) };
    }
  }
}
