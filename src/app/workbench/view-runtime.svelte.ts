// One view's own inference worker (text, detection or tensors), so a run in one view never waits behind a
// run in another: its calls, its runs under the watchdog, Stop, and what the view tells the user after
// its worker ended. An ended worker is replaced on the next call; the view reloads its model through the
// same listeners that recover from a crash.
import { GlassboxError, toErrorData, type ErrorData } from '../../lib/errors.ts';
import type { InferenceApi as InferenceService } from '../../../workers/inference/inference.worker.ts';
import { InferenceClient } from './inference-client.ts';
import {
  isStoppedRun,
  loadStoppedError,
  REAL_CLOCK,
  runStoppedError,
  runTimedOutError,
  watchRun,
  type WatchdogClock,
} from './run-watchdog.ts';
import type { Remote } from 'comlink';

/** What the view says after Stop or the time limit ended its worker, until its next run. */
export interface StopNotice {
  error: ErrorData;
  /** reloading: the fresh worker is loading the model again; failed: the reload itself failed. */
  reload: 'reloading' | 'reloaded' | 'failed';
}

/** The part of a worker client a runtime uses (an InferenceClient; a fake in unit tests). */
export interface RuntimeClient {
  readonly started: boolean;
  call<T>(task: (service: Remote<InferenceService>) => Promise<T>): Promise<T>;
  stop(error: GlassboxError): void;
  restart(error: GlassboxError): void;
}

/** Reloads what the view had loaded into the fresh worker; resolves true when its model is ready again. */
export type ReloadListener = () => Promise<boolean>;

export interface ViewRuntimeOptions {
  /** Names the worker in the browser's task list (glassbox-inference-text, …). */
  name: string;
  /** The time limit for the next run, in seconds (read at the start of each run). */
  limitSeconds: () => number;
  /** Told about every ended worker before the view reloads (the page shows crashes at the top). */
  onEnded?: (error: GlassboxError) => void;
  /** Told before every call (the workbench asks the runtime's capabilities with the first one). */
  onCall?: () => void;
  /** Told when the view's model is loaded again after its worker ended. */
  onRecovered?: (error: GlassboxError) => void;
  clock?: WatchdogClock;
  /** Builds the worker client; onEnded must be passed on to it. */
  createClient?: (onEnded: (error: GlassboxError) => void) => RuntimeClient;
}

export class ViewRuntime {
  /** Runs in flight (a run is a call under the watchdog: classify, detect, run the tensors). */
  runsInFlight = $state(0);
  /** Model loads in flight (no time limit, but Stop loading ends them). */
  loadsInFlight = $state(0);
  stopNotice = $state.raw<StopNotice | null>(null);
  readonly client: RuntimeClient;
  private readonly listeners: ReloadListener[] = [];
  private readonly clock: WatchdogClock;
  /** Counts ended workers, so a reload that finishes after a newer stop does not claim success. */
  private endings = 0;

  constructor(private readonly options: ViewRuntimeOptions) {
    this.clock = options.clock ?? REAL_CLOCK;
    const onEnded = (error: GlassboxError): void => void this.ended(error);
    this.client = options.createClient
      ? options.createClient(onEnded)
      : new InferenceClient(onEnded, `glassbox-inference-${options.name}`);
  }

  get running(): boolean {
    return this.runsInFlight > 0;
  }

  /** A call without a time limit: loading (its time depends on the network and the model's size). */
  call<T>(task: (service: Remote<InferenceService>) => Promise<T>): Promise<T> {
    this.options.onCall?.();
    return this.client.call(task);
  }

  /**
   * Loading a model: no time limit, because download and session creation take as long as the network
   * and the model's size make them (minutes for a large model, or for WebGPU shaders on a slow adapter);
   * the view shows their progress, and stopLoading() ends them.
   */
  async load<T>(task: (service: Remote<InferenceService>) => Promise<T>): Promise<T> {
    this.loadsInFlight++;
    try {
      return await this.call(task);
    } finally {
      this.loadsInFlight--;
    }
  }

  /** Ends the loads in flight (the worker is terminated); the view's load fails with load-stopped. */
  stopLoading(): void {
    if (this.loadsInFlight > 0) this.client.stop(loadStoppedError());
  }

  /**
   * A run: a call that Stop and the watchdog may end by terminating the worker. A task made of many model
   * runs (an occlusion map) calls beat() after each: the time limit then holds for each run, not the sum.
   */
  async run<T>(task: (service: Remote<InferenceService>, beat: () => void) => Promise<T>): Promise<T> {
    const limitSeconds = this.options.limitSeconds();
    this.stopNotice = null;
    this.runsInFlight++;
    const expire = (): void => this.client.stop(runTimedOutError(limitSeconds));
    let disarm = watchRun(limitSeconds * 1000, expire, this.clock);
    const beat = (): void => {
      disarm();
      disarm = watchRun(limitSeconds * 1000, expire, this.clock);
    };
    try {
      return await this.call((service) => task(service, beat));
    } finally {
      disarm();
      this.runsInFlight--;
    }
  }

  /** Stops the runs in flight: the worker is terminated, and the view reloads its model in a fresh one. */
  stop(): void {
    if (this.running) this.client.stop(runStoppedError());
  }

  /** listener: reload what the view had loaded (the new worker starts empty). */
  onEnded(listener: ReloadListener): void {
    this.listeners.push(listener);
  }

  /**
   * Makes the view's worker run WASM with threads threads. ONNX Runtime reads the count once per
   * WebAssembly instance, so a worker whose runtime started with another count is replaced by a fresh
   * one (its loaded models go with it: the caller loads the model next).
   */
  async useThreads(threads: number): Promise<void> {
    let result = await this.call((service) => service.setWasmThreads(threads));
    if (result.applied) return;
    this.client.restart(
      new GlassboxError({
        code: 'worker-restarted',
        message: 'The view restarted its worker to change the number of WASM threads.',
        remedy: 'Run again: the model is loaded with the new thread count.',
      }),
    );
    result = await this.call((service) => service.setWasmThreads(threads));
    if (!result.applied) {
      throw new GlassboxError({
        code: 'session-create-failed',
        message: `ONNX Runtime could not be started with ${threads} WASM threads.`,
        remedy: 'Reload the page.',
      });
    }
  }

  /** Frees a model the view no longer shows; nobody waits, and a failure changes nothing visible. */
  release(task: Parameters<InferenceService['releaseModel']>[0], key: string): void {
    if (!this.client.started) return;
    this.client.call((service) => service.releaseModel(task, key)).catch(() => undefined);
  }

  private async ended(error: GlassboxError): Promise<void> {
    const ending = ++this.endings;
    const stopped = isStoppedRun(error);
    if (stopped) this.stopNotice = { error: toErrorData(error), reload: 'reloading' };
    this.options.onEnded?.(error);
    // Stopped while loading: reloading would start the same endless load again; the view offers Try again.
    if (error.code === 'load-stopped') return;
    const results = await Promise.all(this.listeners.map((reload) => reload().catch(() => false)));
    if (ending !== this.endings) return;
    const ok = results.every(Boolean);
    if (stopped && this.stopNotice?.error.code === error.code) {
      this.stopNotice = { error: toErrorData(error), reload: ok ? 'reloaded' : 'failed' };
    }
    if (ok) this.options.onRecovered?.(error);
  }
}

/** The sentence a view shows after Stop or the time limit: what happened and where the model is. */
export function stopNoticeText(notice: StopNotice): string {
  const reload =
    notice.reload === 'reloaded'
      ? 'the model was reloaded.'
      : notice.reload === 'reloading'
        ? 'the model is being reloaded…'
        : 'reloading the model failed (see above).';
  return `${notice.error.message}; ${reload}`;
}
