// The WASM thread count of one view's model: chosen before the model loads (the user's choice, else a
// calibration remembered for this model on this device, else the rule from its FLOPs per node), measured
// after its first run (a few interleaved runs at each candidate count, each count in its own worker), and
// remembered in localStorage per model and device. ORT reads the count once per WebAssembly instance, so
// the view's worker is replaced when the count changes (ViewRuntime.useThreads) — only ever when a model
// loads: a count measured after a run applies at the model's next load, never under the view's worker,
// which holds the last run a capture, an explanation or a lesson step replays (docs/architecture.md).
import type { LoadProgress } from '../../lib/progress.ts';
import type { Backend } from '../../lib/runtime/backend.ts';
import type { ModelLocation, ModelTaskKind } from '../../lib/sources/model-location.ts';
import {
  chooseFromCalibration,
  maxThreads,
  parseStoredChoice,
  ruleThreads,
  threadCandidates,
  threadChoiceKey,
  type ThreadChoice,
} from '../../lib/runtime/thread-choice.ts';
import type { TensorData } from '../../lib/tensor.ts';
import type { InferenceApi as InferenceService } from '../../../workers/inference/inference.worker.ts';
import { browserStorage } from '../shell/browser-storage.ts';
import { InferenceClient } from './inference-client.ts';
import type { ViewRuntime } from './view-runtime.svelte.ts';
import type { Remote } from 'comlink';

/** Timed runs of a calibration, all counts together, when one run takes the time the first one did. */
export const CALIBRATION_BUDGET_MS = 1500;
/** A model whose run takes longer is not calibrated (it would take many seconds): the rule stands. */
export const CALIBRATION_MAX_RUN_MS = 400;
const MIN_ROUNDS = 3;
const MAX_ROUNDS = 15;

export interface ThreadDevice {
  cores: number;
  crossOriginIsolated: boolean;
}

function pageDevice(): ThreadDevice {
  return {
    cores: globalThis.navigator?.hardwareConcurrency ?? 1,
    crossOriginIsolated: globalThis.crossOriginIsolated ?? false,
  };
}

type Timer = (count: number, feeds: Record<string, TensorData>) => Promise<number[]>;

/** A calibration worker: loads the model at one thread count and times it (an InferenceClient). */
export interface CalibrationHelper {
  call<T>(task: (service: Remote<InferenceService>) => Promise<T>): Promise<T>;
  dispose(): void;
}

function calibrationWorker(threads: number): CalibrationHelper {
  return new InferenceClient(() => undefined, `glassbox-calibration-${threads}`);
}

/** Loads a model of task on WASM in a calibration worker. */
function loadIn(
  service: Remote<InferenceService>,
  task: ModelTaskKind,
  location: ModelLocation,
): Promise<unknown> {
  return service.load(task, location, 'wasm');
}

export class ThreadPlan {
  /** The count for the shown model and why; null before its first load. */
  choice = $state.raw<ThreadChoice | null>(null);
  /**
   * A count measured faster than the one in use, for the shown model: it applies at the model's next
   * load (a backend switch back to WASM, reopening it, the next visit), not by restarting the worker now.
   */
  nextLoad = $state.raw<ThreadChoice | null>(null);
  calibrating = $state(false);
  readonly candidates: number[];
  private modelKey: string | null = null;
  private prepareToken = 0;

  constructor(
    private readonly runtime: ViewRuntime,
    private readonly task: ModelTaskKind,
    private readonly device: ThreadDevice = pageDevice(),
    private readonly createHelper: (threads: number) => CalibrationHelper = calibrationWorker,
  ) {
    this.candidates = threadCandidates(device.cores, device.crossOriginIsolated);
  }

  private storageKey(modelKey: string): string {
    return threadChoiceKey(modelKey, this.device.cores);
  }

  /** The remembered choice for a model; a corrupt or unusable stored value counts as none. */
  stored(modelKey: string): ThreadChoice | null {
    return parseStoredChoice(browserStorage()?.getItem(this.storageKey(modelKey)) ?? null, this.candidates);
  }

  private remember(modelKey: string, choice: ThreadChoice | null): void {
    const storage = browserStorage();
    try {
      if (choice) storage?.setItem(this.storageKey(modelKey), JSON.stringify(choice));
      else storage?.removeItem(this.storageKey(modelKey));
    } catch {
      // Storage full or blocked: the choice holds for this page only.
    }
  }

  /**
   * Before a model loads in the view: decides its count and, on WASM, makes the view's worker use it (a
   * fresh worker when the count changes). The rule needs the model's FLOPs, which its download brings.
   */
  async prepare(
    location: ModelLocation,
    backend: Backend,
    onProgress: (progress: LoadProgress) => void,
  ): Promise<void> {
    const token = ++this.prepareToken;
    let choice: ThreadChoice;
    if (this.candidates.length === 1) {
      choice = { threads: 1, source: 'single' };
    } else {
      const stored = this.stored(location.key);
      if (stored) {
        choice = stored;
      } else {
        const flopsPerNode = await this.runtime.load((service) => service.flopsPerNode(location, onProgress));
        const { cores, crossOriginIsolated } = this.device;
        choice = { threads: ruleThreads(flopsPerNode ?? 0, cores, crossOriginIsolated), source: 'rule' };
        if (flopsPerNode !== null) choice.flopsPerNode = flopsPerNode;
      }
    }
    if (token === this.prepareToken) {
      this.choice = choice;
      this.nextLoad = null;
      this.modelKey = location.key;
    }
    // WebGPU runs on whatever count the worker has: restarting it would drop its WASM session for nothing.
    if (backend === 'wasm') await this.runtime.useThreads(choice.threads);
  }

  /**
   * The user's count for the shown model, or null: automatic, chosen anew (a stored measurement is
   * forgotten too, so the next run measures again — say, after one made under heavy load). The view
   * reloads its model after.
   */
  override(threads: number | null): void {
    if (!this.modelKey) return;
    if (threads === null) {
      this.remember(this.modelKey, null);
      return;
    }
    if (!this.candidates.includes(threads)) return;
    this.remember(this.modelKey, { threads, source: 'user' });
  }

  /** Whether the shown model still needs measuring: automatic, not measured on this device yet. */
  needsCalibration(modelKey: string): boolean {
    if (this.candidates.length < 2 || this.calibrating) return false;
    const stored = this.stored(modelKey);
    return stored?.source !== 'measured' && stored?.source !== 'user';
  }

  /**
   * After a run: on WASM, measures the model's thread counts once per model and device (in calibration
   * workers, and between the view's own calls in its worker). It never restarts the view's worker: that
   * worker holds the run just shown, which Look inside, an explanation or a lesson step may replay any
   * moment now. A faster count is remembered and used from the model's next load (nextLoad says so).
   */
  async afterRun(location: ModelLocation, backend: Backend, runMs: number): Promise<void> {
    if (backend !== 'wasm' || !this.needsCalibration(location.key)) return;
    await this.calibrate(location, runMs);
  }

  /**
   * Measures the model on every candidate count after its first run on WASM (lastRunMs: how long that
   * took, to size the plan): the view's own worker times its count, a calibration worker per other
   * count loads the model and times the same feeds, in rotating interleaved rounds. Remembers the
   * fastest; returns true when it differs from the count the view runs with (it applies at the next load).
   */
  async calibrate(location: ModelLocation, lastRunMs: number): Promise<boolean> {
    if (!this.needsCalibration(location.key) || !(lastRunMs <= CALIBRATION_MAX_RUN_MS)) return false;
    const current = this.choice?.threads ?? maxThreads(this.device.cores, this.device.crossOriginIsolated);
    const key = location.key;
    const task = this.task;
    this.calibrating = true;
    const helpers: CalibrationHelper[] = [];
    try {
      const feeds = await this.runtime.call((service) => service.lastFeeds(task, key));
      const timers = new Map<number, Timer>();
      timers.set(current, (count, input) =>
        this.runtime.call((service) => service.timeRuns(task, key, 'wasm', count, input)),
      );
      for (const threads of this.candidates.filter((count) => count !== current)) {
        const helper = this.createHelper(threads);
        helpers.push(helper);
        await helper.call((service) => service.setWasmThreads(threads));
        await helper.call((service) => loadIn(service, task, location));
        timers.set(threads, (count, input) =>
          helper.call((service) => service.timeRuns(task, key, 'wasm', count, input)),
        );
      }
      // One untimed run each (the helpers' first run after their warm-up), then the rounds.
      let slowest = 0;
      for (const timer of timers.values()) slowest = Math.max(slowest, ...(await timer(1, feeds)));
      const rounds = Math.max(
        MIN_ROUNDS,
        Math.min(MAX_ROUNDS, Math.floor(CALIBRATION_BUDGET_MS / (Math.max(slowest, 0.1) * timers.size))),
      );
      const times: Record<number, number[]> = {};
      const order = [...timers.keys()];
      for (let round = 0; round < rounds; round++) {
        // Rotating order: no count always runs right after another (caches, the other worker's tail).
        for (let i = 0; i < order.length; i++) {
          const threads = order[(round + i) % order.length] as number;
          const timer = timers.get(threads) as Timer;
          (times[threads] ??= []).push(...(await timer(1, feeds)));
        }
      }
      const choice = chooseFromCalibration(times, current);
      if (!choice || this.stored(key)?.source === 'user') return false;
      this.remember(key, choice);
      const differs = choice.threads !== current;
      if (this.modelKey === key) {
        if (differs) this.nextLoad = choice;
        else this.choice = choice;
      }
      return differs;
    } catch {
      // The view's worker was stopped or replaced meanwhile, or a helper failed: measure another time.
      return false;
    } finally {
      for (const helper of helpers) helper.dispose();
      this.calibrating = false;
    }
  }
}
