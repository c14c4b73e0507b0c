// The WASM thread count of the Generate view's model: the same per-model rule and calibration as the other
// views (src/lib/runtime/thread-choice.ts), on the work that matters for generation, the decode step.
// Before anything is measured, the worker applies the rule to a decode step's FLOPs per node (one token
// after 64 cached: about 1/128 of a full pass's work per node, so even models whose full pass is worth
// threads start on 1). After the first generation on WASM, a calibration times greedy decoding at each
// candidate count, each in a worker of its own, in rotating interleaved rounds, and remembers the fastest
// per model and device. The view applies a measured count at its next generation (a fresh worker: ORT
// reads the count once per worker).
import { browserStorage } from '../shell/browser-storage.ts';
import type { LoadedGenerator } from '../../contracts/generation.ts';
import type { ModelLocation } from '../../lib/sources/model-location.ts';
import {
  chooseFromCalibration,
  parseStoredChoice,
  threadCandidates,
  threadChoiceKey,
  type ThreadChoice,
} from '../../lib/runtime/thread-choice.ts';
import { GenerationBench } from './generation-bench.ts';

/** A model whose decode step took longer is not calibrated: 2–3 more copies of it would load. */
export const CALIBRATION_MAX_STEP_MS = 40;
/** Greedy tokens per timed generation of a calibration, and rounds (every count once per round). */
export const CALIBRATION_TOKENS = 16;
export const CALIBRATION_ROUNDS = 5;
/** A calibration still running after this long is given up (its workers ended): a step that hangs. */
export const CALIBRATION_DEADLINE_MS = 30_000;

export interface GenerationThreadDevice {
  cores: number;
  crossOriginIsolated: boolean;
}

/** One count under calibration: a generation's ms per decode token, and the end of its worker. */
export interface DecodeTimer {
  msPerToken(): Promise<number>;
  stop(): void;
}

export type OpenDecodeTimer = (
  location: ModelLocation,
  threads: number,
  prompt: string,
) => Promise<DecodeTimer>;

function pageDevice(): GenerationThreadDevice {
  return {
    cores: globalThis.navigator?.hardwareConcurrency ?? 1,
    crossOriginIsolated: globalThis.crossOriginIsolated ?? false,
  };
}

/** A fresh generation worker at threads (the benchmark's, so calibration times what the bench times). */
const benchTimer: OpenDecodeTimer = async (location, threads, prompt) => {
  const bench = new GenerationBench();
  const opened = await bench.start({
    model: { location },
    backend: 'wasm',
    threads,
    prompt,
    maxNewTokens: CALIBRATION_TOKENS,
  });
  return {
    async msPerToken() {
      const run = await bench.run(opened.id);
      return run.decodeTokensPerSecond ? 1000 / run.decodeTokensPerSecond : Number.NaN;
    },
    stop: () => bench.stop(opened.id),
  };
};

export class GenerationThreads {
  /** The count of the loaded model and why; null before a load on WASM. */
  choice = $state.raw<ThreadChoice | null>(null);
  /** A count measured faster than the one in use: the view uses it from its next generation. */
  next = $state.raw<ThreadChoice | null>(null);
  calibrating = $state(false);
  readonly candidates: number[];

  constructor(
    private readonly device: GenerationThreadDevice = pageDevice(),
    private readonly openTimer: OpenDecodeTimer = benchTimer,
    private readonly storage: () => Storage | null = browserStorage,
    private readonly deadlineMs = CALIBRATION_DEADLINE_MS,
  ) {
    this.candidates = threadCandidates(device.cores, device.crossOriginIsolated);
  }

  private storageKey(modelKey: string): string {
    // Its own key: a decode step's best count need not be a full pass's (the tensor view's, same model).
    return threadChoiceKey(`generate:${modelKey}`, this.device.cores);
  }

  /** The remembered choice for a model; a corrupt or unusable stored value counts as none. */
  stored(modelKey: string): ThreadChoice | null {
    return parseStoredChoice(this.storage()?.getItem(this.storageKey(modelKey)) ?? null, this.candidates);
  }

  /** The count to ask the worker for before a load: 1 where only 1 exists, a remembered one, else null (the rule). */
  asked(modelKey: string): number | null {
    if (this.candidates.length === 1) return 1;
    return this.stored(modelKey)?.threads ?? null;
  }

  /** After a load on WASM: the count the worker runs with, and where it came from. */
  loaded(loaded: LoadedGenerator): void {
    if (loaded.backend !== 'wasm' || loaded.wasmThreads === null) return;
    this.next = null;
    const stored = this.stored(loaded.info.key);
    if (this.candidates.length === 1) this.choice = { threads: 1, source: 'single' };
    else if (stored && stored.threads === loaded.wasmThreads) this.choice = stored;
    else {
      this.choice = { threads: loaded.wasmThreads, source: 'rule' };
      if (loaded.decodeFlopsPerNode !== null) this.choice.flopsPerNode = loaded.decodeFlopsPerNode;
    }
  }

  /** Not measured on this device yet, more than one count to choose from, and not measuring now. */
  needsCalibration(modelKey: string): boolean {
    if (this.candidates.length < 2 || this.calibrating) return false;
    const source = this.stored(modelKey)?.source;
    return source !== 'measured' && source !== 'user';
  }

  /**
   * After a generation on WASM whose decode steps took stepMs each: measures every candidate count (a
   * worker each, rotating interleaved rounds of greedy generations from prompt), remembers the fastest.
   * Returns true when it differs from current (the view uses it from its next generation).
   */
  async calibrate(
    location: ModelLocation,
    prompt: string,
    current: number,
    stepMs: number,
  ): Promise<boolean> {
    if (!this.needsCalibration(location.key) || !(stepMs <= CALIBRATION_MAX_STEP_MS)) return false;
    this.calibrating = true;
    const timers = new Map<number, DecodeTimer>();
    const deadline = performance.now() + this.deadlineMs;
    let ended = false;
    const inTime = <T>(work: Promise<T>): Promise<T> =>
      new Promise<T>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error('calibration past its deadline')),
          Math.max(0, deadline - performance.now()),
        );
        work.then(resolve, reject).finally(() => clearTimeout(timer));
      });
    try {
      for (const threads of this.candidates) {
        const opening = this.openTimer(location, threads, prompt);
        // One that opens after the deadline gave up is ended at once (its worker holds a model copy).
        opening.then(
          (timer) => !timers.has(threads) && ended && timer.stop(),
          () => undefined,
        );
        timers.set(threads, await inTime(opening));
      }
      const times: Record<number, number[]> = {};
      const order = [...timers.keys()];
      for (let round = 0; round < CALIBRATION_ROUNDS; round++) {
        for (let i = 0; i < order.length; i++) {
          const threads = order[(round + i) % order.length] as number;
          (times[threads] ??= []).push(await inTime((timers.get(threads) as DecodeTimer).msPerToken()));
        }
      }
      const choice = chooseFromCalibration(times, current);
      if (!choice || this.stored(location.key)?.source === 'user') return false;
      try {
        this.storage()?.setItem(this.storageKey(location.key), JSON.stringify(choice));
      } catch {
        // Storage full or blocked: the choice holds for this page only (as the other views' counts).
      }
      if (choice.threads === current) this.choice = choice;
      else this.next = choice;
      return choice.threads !== current;
    } catch {
      // A helper failed to load or run (memory, a worker crash) or the deadline passed: measure another time.
      return false;
    } finally {
      ended = true;
      for (const timer of timers.values()) timer.stop();
      this.calibrating = false;
    }
  }
}
