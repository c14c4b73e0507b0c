// What the zero-shot and embeddings views share: the model shown and its slot in the view's own worker
// (loaded through the task's adapter, with its WASM thread plan), the model loaded again after the worker
// ended, runs one at a time (Look inside waits for the one in flight), and the last input run again after
// a backend switch or a reload, so the result shown is from the backend named above it.
import { GlassboxError } from '../../lib/errors.ts';
import type { LoadProgress } from '../../lib/progress.ts';
import type { Backend } from '../../lib/runtime/backend.ts';
import type { Loaded, LoadedInfo } from '../../contracts/inference.ts';
import { loadTask } from './inference-client.ts';
import { ModelSlot } from './model-slot.svelte.ts';
import type { RunTarget } from '../inspector/run-capture.svelte.ts';
import type { ShownModel } from './shown-model.ts';
import { ThreadPlan } from './thread-plan.svelte.ts';
import type { ViewRuntime } from './view-runtime.svelte.ts';
import type { Workbench } from './workbench.svelte.ts';

export type ViewTask = 'zero-shot' | 'sentence-embeddings';

export abstract class TaskViewModel<Task extends ViewTask> {
  model = $state.raw<ShownModel | null>(null);
  readonly slot: ModelSlot<Loaded<LoadedInfo[Task]>>;
  readonly threads: ThreadPlan;
  private inFlight: Promise<void> | null = null;

  protected constructor(
    protected readonly workbench: Workbench,
    readonly runtime: ViewRuntime,
    private readonly task: Task,
    /** What the view says when asked to load with no model open. */
    private readonly noModel: { message: string; remedy: string },
  ) {
    this.threads = new ThreadPlan(runtime, task);
    this.slot = new ModelSlot((backend, onProgress) => this.load(backend, onProgress));
    // The worker crashed or was stopped: the run in flight has already failed; load the model again.
    runtime.onEnded(async () => {
      if (this.slot.status.kind === 'idle' || !this.model) return true;
      await this.slot.load();
      return this.slot.status.kind === 'ready';
    });
  }

  /** Whether a result is on screen (then a backend switch or reload runs the input again). */
  protected abstract hasResult(): boolean;
  /** Runs the view's input once (called one at a time by run()). */
  protected abstract runOnce(): Promise<void>;
  /** The view's name in sentences ("Zero-shot"). */
  protected abstract readonly viewLabel: string;

  /** The last run, for Look inside; null until the view has run the model. */
  get runTarget(): RunTarget | null {
    const loaded = this.slot.loaded;
    if (!this.hasResult() || !loaded || !this.model) return null;
    return {
      task: this.task,
      model: this.model,
      backend: loaded.backend,
      viewLabel: this.viewLabel,
      settled: () => this.settled(),
    };
  }

  private async load(
    backend: Backend,
    onProgress: (progress: LoadProgress) => void,
  ): Promise<Loaded<LoadedInfo[Task]>> {
    const model = this.model;
    if (!model) throw new GlassboxError({ code: 'no-model-loaded', ...this.noModel });
    // $state objects are proxies, which cannot be posted to the worker.
    const location = $state.snapshot(model.location);
    await this.threads.prepare(location, backend, onProgress);
    return this.runtime.load((service) => loadTask(service, this.task, location, backend, onProgress));
  }

  /** Shows another model; the one before is released in the worker. */
  protected replaceModel(model: ShownModel): void {
    const previous = this.model;
    this.model = model;
    if (previous && previous.location.key !== model.location.key) {
      this.workbench.release(this.task, previous.location.key);
    }
  }

  async selectBackend(backend: Backend): Promise<void> {
    await this.slot.selectBackend(backend);
    if (this.slot.loaded && this.hasResult()) await this.run();
  }

  async reload(): Promise<void> {
    await this.slot.load();
    if (this.slot.loaded && this.hasResult()) await this.run();
  }

  /** Resolves once no run is in flight. */
  async settled(): Promise<void> {
    while (this.inFlight) await this.inFlight.catch(() => undefined);
  }

  /** Runs the view's input after any run in flight. */
  async run(): Promise<void> {
    await this.settled();
    this.inFlight = this.runOnce();
    try {
      await this.inFlight;
    } finally {
      this.inFlight = null;
    }
  }
}
