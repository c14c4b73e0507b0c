// The Generate view's thread count: remembered per model and device under its own key, the worker's rule
// before anything is measured, and a calibration on decode speed (each count in its own worker) that
// keeps the fastest, says when it differs from the count in use, and skips models too slow to measure.
import { describe, expect, it } from 'vitest';
import {
  CALIBRATION_MAX_STEP_MS,
  CALIBRATION_ROUNDS,
  GenerationThreads,
  type OpenDecodeTimer,
} from '../../../src/app/generate/generation-threads.svelte.ts';
import type { LoadedGenerator } from '../../../src/contracts/generation.ts';
import type { ModelLocation } from '../../../src/lib/sources/model-location.ts';
import { threadChoiceKey } from '../../../src/lib/runtime/thread-choice.ts';

const LOCATION: ModelLocation = {
  key: 'embedded:tiny-bible-gpt',
  label: 'tiny-bible-gpt',
  origin: 'embedded',
  files: { model: 'http://localhost/models/tiny-bible-gpt/onnx/model.onnx' },
  externalData: {},
  cache: false,
};
const KEY = threadChoiceKey(`generate:${LOCATION.key}`, 2);

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  };
}

/** Decode timers whose ms per token at a count is msAt(count); records which counts were opened and stopped. */
function timers(msAt: (threads: number) => number) {
  const opened: number[] = [];
  const stopped: number[] = [];
  let runs = 0;
  const open: OpenDecodeTimer = async (_location, threads) => {
    opened.push(threads);
    return {
      msPerToken: async () => {
        runs++;
        return msAt(threads);
      },
      stop: () => void stopped.push(threads),
    };
  };
  return { open, opened, stopped, runs: () => runs };
}

function loaded(wasmThreads: number, decodeFlopsPerNode: number | null = 6400): LoadedGenerator {
  return {
    backend: 'wasm',
    wasmThreads,
    decodeFlopsPerNode,
    fetchMs: 1,
    createSessionMs: 1,
    info: {
      key: LOCATION.key,
      label: LOCATION.label,
      reason: '',
      cache: 'kv',
      layers: 4,
      kvHeads: 4,
      headDim: 32,
      contextLength: 256,
      weightsBytes: 6_000_000,
      hasChatTemplate: false,
    },
  };
}

const isolated = { cores: 2, crossOriginIsolated: true };

describe('GenerationThreads', () => {
  it('asks for nothing before a measurement (the worker applies the rule), 1 where 1 is all there is', () => {
    const storage = memoryStorage();
    expect(
      new GenerationThreads(isolated, timers(() => 1).open, () => storage).asked(LOCATION.key),
    ).toBeNull();
    const single = new GenerationThreads(
      { cores: 8, crossOriginIsolated: false },
      timers(() => 1).open,
      () => storage,
    );
    expect(single.asked(LOCATION.key)).toBe(1);
    single.loaded(loaded(1));
    expect(single.choice).toEqual({ threads: 1, source: 'single' });
    expect(single.needsCalibration(LOCATION.key)).toBe(false);
  });

  it('says the rule chose the loaded count, with the decode step’s FLOPs per node', () => {
    const threads = new GenerationThreads(isolated, timers(() => 1).open, memoryStorage);
    threads.loaded(loaded(1, 6400));
    expect(threads.choice).toEqual({ threads: 1, source: 'rule', flopsPerNode: 6400 });
  });

  it('measures every count in interleaved rounds, remembers the fastest and keeps a tie on the count in use', async () => {
    const storage = memoryStorage();
    const slowerOnTwo = timers((count) => (count === 1 ? 2 : 4));
    const threads = new GenerationThreads(isolated, slowerOnTwo.open, () => storage);
    threads.loaded(loaded(1));
    expect(await threads.calibrate(LOCATION, 'In the beginning', 1, 2)).toBe(false);
    expect(slowerOnTwo.opened).toEqual([1, 2]);
    expect(slowerOnTwo.stopped.sort()).toEqual([1, 2]);
    expect(slowerOnTwo.runs()).toBe(2 * CALIBRATION_ROUNDS);
    expect(threads.choice).toMatchObject({ threads: 1, source: 'measured', medians: { 1: 2, 2: 4 } });
    expect(JSON.parse(storage.getItem(KEY) ?? 'null')).toMatchObject({ threads: 1, source: 'measured' });
    // Measured once per model and device: the next load asks for it, and nothing is measured again.
    expect(threads.asked(LOCATION.key)).toBe(1);
    expect(threads.needsCalibration(LOCATION.key)).toBe(false);
    expect(await threads.calibrate(LOCATION, 'In the beginning', 1, 2)).toBe(false);
    expect(slowerOnTwo.runs()).toBe(2 * CALIBRATION_ROUNDS);
  });

  it('a faster count is remembered and offered for the next generation, not forced on the worker in use', async () => {
    const storage = memoryStorage();
    const fasterOnTwo = timers((count) => (count === 1 ? 4 : 2));
    const threads = new GenerationThreads(isolated, fasterOnTwo.open, () => storage);
    threads.loaded(loaded(1));
    expect(await threads.calibrate(LOCATION, 'In the beginning', 1, 2)).toBe(true);
    expect(threads.choice).toMatchObject({ threads: 1, source: 'rule' });
    expect(threads.next).toMatchObject({ threads: 2, source: 'measured' });
    expect(threads.asked(LOCATION.key)).toBe(2);
    // The view's next load with 2 threads: the measured choice is the one in use, nothing pending.
    threads.loaded(loaded(2));
    expect(threads.choice).toMatchObject({ threads: 2, source: 'measured' });
    expect(threads.next).toBeNull();
  });

  it('skips models whose decode step is too slow to measure, and survives a helper that fails', async () => {
    const never = timers(() => 1);
    const threads = new GenerationThreads(isolated, never.open, memoryStorage);
    expect(await threads.calibrate(LOCATION, 'x', 1, CALIBRATION_MAX_STEP_MS + 1)).toBe(false);
    expect(never.opened).toEqual([]);
    const failing = new GenerationThreads(
      isolated,
      async () => {
        throw new Error('out of memory');
      },
      memoryStorage,
    );
    expect(await failing.calibrate(LOCATION, 'x', 1, 1)).toBe(false);
    expect(failing.calibrating).toBe(false);
    expect(failing.needsCalibration(LOCATION.key)).toBe(true);
  });

  it('reads a corrupt stored value as none', () => {
    const storage = memoryStorage();
    storage.setItem(KEY, '{"threads": 64, "source": "measured"}');
    const threads = new GenerationThreads(isolated, timers(() => 1).open, () => storage);
    expect(threads.asked(LOCATION.key)).toBeNull();
  });
});

describe('GenerationThreads deadline', () => {
  it('gives up a calibration whose generation never ends, ending every worker it opened', async () => {
    const stopped: number[] = [];
    const hanging: OpenDecodeTimer = async (_location, threads) => ({
      msPerToken: () => new Promise<number>(() => {}),
      stop: () => void stopped.push(threads),
    });
    const threads = new GenerationThreads(isolated, hanging, memoryStorage, 50);
    expect(await threads.calibrate(LOCATION, 'x', 1, 1)).toBe(false);
    expect(stopped.sort()).toEqual([1, 2]);
    expect(threads.calibrating).toBe(false);
  });
});

describe('GenerationThreads deadline while a worker loads', () => {
  it('ends a worker that finishes loading after the calibration gave up', async () => {
    const stopped: number[] = [];
    let open: (() => void) | null = null;
    const slowToOpen: OpenDecodeTimer = (_location, threads) =>
      new Promise((resolve) => {
        open = () => resolve({ msPerToken: async () => 1, stop: () => void stopped.push(threads) });
      });
    const threads = new GenerationThreads(isolated, slowToOpen, memoryStorage, 20);
    expect(await threads.calibrate(LOCATION, 'x', 1, 1)).toBe(false);
    expect(stopped).toEqual([]);
    (open as unknown as () => void)();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(stopped).toEqual([1]);
  });
});
