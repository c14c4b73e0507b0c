// A calibration that finds another count faster never restarts the view's worker (it holds the run shown,
// which Look inside, an explanation or a lesson step replays): the count is remembered and used from the
// model's next load, and the view says so meanwhile.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ThreadPlan, type CalibrationHelper } from '../../../src/app/workbench/thread-plan.svelte.ts';
import type { ViewRuntime } from '../../../src/app/workbench/view-runtime.svelte.ts';
import type { ModelLocation } from '../../../src/lib/sources/model-location.ts';

const LOCATION: ModelLocation = {
  key: 'embedded:tiny-sentiment-bert',
  label: 'Tiny sentiment BERT',
  origin: 'embedded',
  files: { model: 'http://localhost/models/tiny-sentiment-bert/onnx/model.onnx' },
  externalData: {},
  cache: false,
};

/** ms per run at each count: the view's worker runs 1 thread (the rule), a helper 2. */
const MS = { 1: 10, 2: 4 } as const;

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

/** The view's runtime as the plan uses it: FLOPs per node (the rule's 1 thread), feeds, timings. */
function fakeRuntime() {
  const service = {
    flopsPerNode: async () => 0.13e6,
    lastFeeds: async () => ({}),
    timeRuns: async (_task: string, _key: string, _backend: string, count: number) =>
      Array.from({ length: count }, () => MS[1]),
  };
  const runtime = {
    load: vi.fn(async (task: (s: typeof service) => Promise<unknown>) => task(service)),
    call: vi.fn(async (task: (s: typeof service) => Promise<unknown>) => task(service)),
    useThreads: vi.fn(async () => undefined),
  };
  return { runtime, asView: runtime as unknown as ViewRuntime };
}

/** Calibration workers whose runs at a count take msAt(count). */
function helpersTaking(msAt: (threads: number) => number): (threads: number) => CalibrationHelper {
  return (threads) => ({
    call: (task) =>
      task({
        setWasmThreads: async () => ({ threads, applied: true }),
        load: async () => ({}),
        timeRuns: async (_task: string, _key: string, _backend: string, count: number) =>
          Array.from({ length: count }, () => msAt(threads)),
      } as never),
    dispose: () => undefined,
  });
}

/** A plan on 2 cores whose view's worker runs at MS[1] and whose helpers at msAt. */
function planOn(asView: ViewRuntime, msAt: (threads: number) => number): ThreadPlan {
  const device = { cores: 2, crossOriginIsolated: true };
  return new ThreadPlan(asView, 'text-classification', device, helpersTaking(msAt));
}

const MEASURED = (threads: number): number => MS[threads as 1 | 2];

describe('ThreadPlan after a calibration', () => {
  beforeEach(() => vi.stubGlobal('localStorage', memoryStorage()));
  afterEach(() => vi.unstubAllGlobals());

  it('keeps the worker and its count, and says which count the next load uses', async () => {
    const { runtime, asView } = fakeRuntime();
    const plan = planOn(asView, MEASURED);
    await plan.prepare(LOCATION, 'wasm', () => undefined);
    expect(plan.choice).toMatchObject({ threads: 1, source: 'rule' });
    expect(runtime.useThreads).toHaveBeenCalledTimes(1);

    await plan.afterRun(LOCATION, 'wasm', MS[1]);
    // Measured: 2 threads are faster. The view's worker was neither restarted nor given another count.
    expect(runtime.useThreads).toHaveBeenCalledTimes(1);
    expect(plan.choice).toMatchObject({ threads: 1, source: 'rule' });
    expect(plan.nextLoad).toMatchObject({ threads: 2, source: 'measured', medians: { 1: 10, 2: 4 } });
    expect(plan.calibrating).toBe(false);

    // The next load (a backend switch back to WASM, reopening the model, the next visit) uses it.
    await plan.prepare(LOCATION, 'wasm', () => undefined);
    expect(runtime.useThreads).toHaveBeenLastCalledWith(2);
    expect(plan.choice).toMatchObject({ threads: 2, source: 'measured' });
    expect(plan.nextLoad).toBeNull();
    // Measured once per model and device: a later run does not measure again.
    expect(plan.needsCalibration(LOCATION.key)).toBe(false);
  });

  it('shows a measurement that confirms the count in use as the choice, with nothing pending', async () => {
    const { asView } = fakeRuntime();
    // The helper's 2 threads take 30 ms a run: slower than the view's 1 thread.
    const plan = planOn(asView, () => 30);
    await plan.prepare(LOCATION, 'wasm', () => undefined);
    await plan.afterRun(LOCATION, 'wasm', MS[1]);
    expect(plan.choice).toMatchObject({ threads: 1, source: 'measured' });
    expect(plan.nextLoad).toBeNull();
  });

  it('does not measure a run on WebGPU', async () => {
    const { runtime, asView } = fakeRuntime();
    const plan = planOn(asView, MEASURED);
    await plan.prepare(LOCATION, 'webgpu', () => undefined);
    await plan.afterRun(LOCATION, 'webgpu', MS[1]);
    expect(runtime.call).not.toHaveBeenCalled();
    expect(plan.nextLoad).toBeNull();
  });
});
