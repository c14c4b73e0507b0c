// After a calibration picks another count, the view reloads its model with a reason (shown as one quiet
// line, not the whole list of load stages) — and only when the view is on WASM, ready and not running.
import { describe, expect, it, vi } from 'vitest';
import { ThreadPlan, type ReloadableView } from '../../../src/app/thread-plan.svelte.ts';
import type { ViewRuntime } from '../../../src/app/view-runtime.svelte.ts';
import type { ModelLocation } from '../../../src/lib/sources/model-location.ts';

const LOCATION: ModelLocation = {
  key: 'embedded:tiny-sentiment-bert',
  label: 'Tiny sentiment BERT',
  origin: 'embedded',
  files: { model: 'http://localhost/models/tiny-sentiment-bert/onnx/model.onnx' },
  externalData: {},
  cache: false,
};

/** The parts of a view runtime prepare() uses: the model's FLOPs per node, and the thread count. */
function fakeRuntime(): ViewRuntime {
  return {
    load: async () => 0.13e6,
    useThreads: vi.fn(async () => undefined),
  } as unknown as ViewRuntime;
}

function view(status: string, busy = false): ReloadableView & { slot: { load: ReturnType<typeof vi.fn> } } {
  return {
    slot: { backend: 'wasm', status: { kind: status }, load: vi.fn(async () => undefined) },
    busy: () => busy,
  };
}

async function planThatSwitchesTo(threads: number): Promise<ThreadPlan> {
  const plan = new ThreadPlan(fakeRuntime(), 'text-classification', { cores: 2, crossOriginIsolated: true });
  await plan.prepare(LOCATION, 'wasm', () => undefined);
  vi.spyOn(plan, 'calibrate').mockImplementation(async () => {
    plan.choice = { threads, source: 'measured' };
    return true;
  });
  return plan;
}

describe('ThreadPlan.afterRun', () => {
  it('reloads a ready view with a reason naming the new count', async () => {
    const plan = await planThatSwitchesTo(2);
    const ready = view('ready');
    await plan.afterRun(LOCATION, 'wasm', 2, ready);
    expect(ready.slot.load).toHaveBeenCalledWith('Switching to 2 WASM threads, measured faster here');
    const one = await planThatSwitchesTo(1);
    const other = view('ready');
    await one.afterRun(LOCATION, 'wasm', 2, other);
    expect(other.slot.load).toHaveBeenCalledWith('Switching to 1 WASM thread, measured faster here');
  });

  it('leaves a running or loading view alone (the new count applies at its next load)', async () => {
    const plan = await planThatSwitchesTo(2);
    const running = view('ready', true);
    await plan.afterRun(LOCATION, 'wasm', 2, running);
    expect(running.slot.load).not.toHaveBeenCalled();
    const loading = view('loading');
    await (await planThatSwitchesTo(2)).afterRun(LOCATION, 'wasm', 2, loading);
    expect(loading.slot.load).not.toHaveBeenCalled();
  });
});
