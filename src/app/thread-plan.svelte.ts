// The WASM thread count of one view's model: chosen before the model loads (the user's choice, else a
// calibration remembered for this model on this device, else the rule from its FLOPs per node), measured
// after its first run (a few interleaved runs at each candidate count, each count in its own worker), and
// remembered in localStorage per model and device. ORT reads the count once per WebAssembly instance, so
// the view's worker is replaced when the count changes (ViewRuntime.useThreads).
import type { LoadProgress } from '../lib/progress.ts';
import type { Backend } from '../lib/runtime/backend.ts';
import type { ModelLocation, ModelTaskKind } from '../lib/sources/model-location.ts';
import {
  chooseFromCalibration,
  maxThreads,
  parseStoredChoice,
  ruleThreads,
  threadCandidates,
  threadChoiceKey,
  type ThreadChoice,
} from '../lib/runtime/thread-choice.ts';
import type { TensorData } from '../lib/tensor.ts';
import type { InferenceApi as InferenceService } from '../../workers/inference.worker.ts';
import { browserStorage } from './browser-storage.ts';
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

/** What afterRun needs of a view to reload its model with a new count. */
export interface ReloadableView {
  slot: { backend: Backend; status: { kind: string }; load(reason?: string | null): Promise<void> };
  busy(): boolean;
}

type Timer = (count: number, feeds: Record<string, TensorData>) => Promise<number[]>;

/** Loads a model of task on WASM in a calibration worker. */
function loadIn(
  service: Remote<InferenceService>,
  task: ModelTaskKind,
  location: ModelLocation,
): Promise<unknown> {
  if (task === 'text-classification') return service.loadTextClassifier(location, 'wasm');
  if (task === 'object-detection') return service.loadDetector(location, 'wasm');
  return service.loadGeneric(location, 'wasm');
}

export class ThreadPlan {
  /** The count for the shown model and why; null before its first load. */
  choice = $state.raw<ThreadChoice | null>(null);
  calibrating = $state(false);
  readonly candidates: number[];
  private modelKey: string | null = null;
  private prepareToken = 0;

  constructor(
    private readonly runtime: ViewRuntime,
    private readonly task: ModelTaskKind,
    private readonly device: ThreadDevice = pageDevice(),
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
   * After a run: on WASM, measures the model's thread counts once per model and device. When another count
   * won, the view's model is loaded again with it — only if the view is still on WASM, ready and not
   * running (a reload restarts the worker, which would end a load or run in flight); otherwise the new
   * count applies at the next load.
   */
  async afterRun(
    location: ModelLocation,
    backend: Backend,
    runMs: number,
    view: ReloadableView,
  ): Promise<void> {
    if (backend !== 'wasm' || !this.needsCalibration(location.key)) return;
    if (!(await this.calibrate(location, runMs)) || this.modelKey !== location.key) return;
    const threads = this.choice?.threads ?? 1;
    if (view.slot.backend === 'wasm' && view.slot.status.kind === 'ready' && !view.busy())
      await view.slot.load(
        `Switching to ${threads} WASM thread${threads === 1 ? '' : 's'}, measured faster here`,
      );
  }

  /**
   * Measures the model on every candidate count after its first run on WASM (lastRunMs: how long that
   * took, to size the plan): the view's own worker times its count, a calibration worker per other
   * count loads the model and times the same feeds, in rotating interleaved rounds. Remembers the
   * fastest; returns true when it differs from the count the view runs with (the view reloads then).
   */
  async calibrate(location: ModelLocation, lastRunMs: number): Promise<boolean> {
    if (!this.needsCalibration(location.key) || !(lastRunMs <= CALIBRATION_MAX_RUN_MS)) return false;
    const current = this.choice?.threads ?? maxThreads(this.device.cores, this.device.crossOriginIsolated);
    const key = location.key;
    const task = this.task;
    this.calibrating = true;
    const helpers: InferenceClient[] = [];
    try {
      const feeds = await this.runtime.call((service) => service.lastFeeds(task, key));
      const timers = new Map<number, Timer>();
      timers.set(current, (count, input) =>
        this.runtime.call((service) => service.timeRuns(task, key, 'wasm', count, input)),
      );
      for (const threads of this.candidates.filter((count) => count !== current)) {
        const helper = new InferenceClient(() => undefined, `glassbox-calibration-${threads}`);
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
      if (this.modelKey === key) this.choice = choice;
      return choice.threads !== current;
    } catch {
      // The view's worker was stopped or replaced meanwhile, or a helper failed: measure another time.
      return false;
    } finally {
      for (const helper of helpers) helper.dispose();
      this.calibrating = false;
    }
  }
}
