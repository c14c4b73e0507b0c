// What every view shares: one inference worker per view (text, detection, tensors — each started when its
// view first needs it), the runs' time limit, the runtime's capabilities, and crash notices.
import type { GlassboxError } from '../../lib/errors.ts';
import { toErrorData, type ErrorData } from '../../lib/errors.ts';
import type { ModelTaskKind } from '../../lib/sources/model-location.ts';
import { TASK_VIEWS, viewOfTask, type TaskView } from '../../lib/tasks/registry.ts';
import type { RuntimeCapabilities } from '../../contracts/inference.ts';
import { InferenceClient } from './inference-client.ts';
import { readRunLimit, writeRunLimit } from './run-limit-settings.ts';
import { isStoppedRun } from './run-watchdog.ts';
import { ViewRuntime } from './view-runtime.svelte.ts';

/** The views that run models (the task registry's views), each with its own worker. */
export type InferenceView = TaskView;

export class Workbench {
  capabilities = $state<RuntimeCapabilities | null>(null);
  capabilitiesError = $state<ErrorData | null>(null);
  /** Set when a view's worker crashed and was replaced; cleared when that view has reloaded its model. */
  crashNotice = $state<ErrorData | null>(null);
  /** Seconds a run may take before the watchdog stops it (one setting for every view). */
  runLimitSeconds = $state(readRunLimit());
  readonly views: Record<InferenceView, ViewRuntime>;
  /** Saving models for offline use: its own worker, so stopping a view's run never breaks a save. */
  readonly offline = new InferenceClient(() => undefined, 'glassbox-offline');
  private capabilitiesAsked = false;

  constructor() {
    const runtime = (name: InferenceView): ViewRuntime =>
      new ViewRuntime({
        name,
        limitSeconds: () => this.runLimitSeconds,
        onEnded: (error) => this.ended(error),
        onCall: () => void this.start(name),
        onRecovered: (error) => {
          if (error.code === 'worker-crashed') this.crashNotice = null;
        },
      });
    this.views = Object.fromEntries(TASK_VIEWS.map((view) => [view, runtime(view)])) as Record<
      InferenceView,
      ViewRuntime
    >;
  }

  /** The runtime of the view that shows models of task. */
  runtimeFor(task: ModelTaskKind): ViewRuntime {
    return this.views[viewOfTask(task)];
  }

  /** How many inference workers run now (tests check that stopping never leaves one behind). */
  get liveWorkers(): number {
    const views = Object.values(this.views).filter((view) => view.client.started).length;
    return views + (this.offline.started ? 1 : 0);
  }

  /** Sets the time limit from what the user typed; returns the reason when it is refused. */
  setRunLimit(text: string): string | null {
    const result = writeRunLimit(text);
    if (!result.ok) return result.reason;
    this.runLimitSeconds = result.seconds;
    return null;
  }

  /**
   * Frees a model a view no longer shows (sessions and bytes in its worker). Nobody waits for it, and a
   * failure (a worker that crashed took the model with it) changes nothing the user sees.
   */
  release(task: ModelTaskKind, key: string): void {
    this.runtimeFor(task).release(task, key);
  }

  /**
   * Asks the runtime's capabilities (threads, WebGPU) from the first view that loads a model, so a page
   * that never loads one starts no worker.
   */
  async start(view: InferenceView): Promise<void> {
    if (this.capabilitiesAsked) return;
    this.capabilitiesAsked = true;
    try {
      this.capabilities = await this.views[view].call((service) => service.capabilities());
      this.capabilitiesError = null;
    } catch (error) {
      // A stop or crash in the first moments is not a failure to start: ask again with the next load.
      const code = (error as { code?: string }).code;
      if (
        isStoppedRun(error) ||
        code === 'load-stopped' ||
        code === 'worker-crashed' ||
        code === 'worker-restarted'
      ) {
        this.capabilitiesAsked = false;
      } else {
        this.capabilitiesError = toErrorData(error);
      }
    }
  }

  private ended(error: GlassboxError): void {
    if (error.code === 'worker-crashed') this.crashNotice = toErrorData(error);
  }
}
