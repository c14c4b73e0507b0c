// The stop/restart state machine of a view's worker: a real WorkerClient over comlink on a
// MessageChannel (the "worker" is a port whose service can hang forever), driven by ViewRuntime with a
// hand-moved clock. Stop and the watchdog end the worker, fail the run with their own error, reload the
// view's model in a fresh worker and say so; nothing else is ended or reloaded.
import { expose } from 'comlink';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ViewRuntime, stopNoticeText } from '../../../src/app/workbench/view-runtime.svelte.ts';
import { WorkerClient } from '../../../src/app/workbench/worker-client.ts';
import type { GlassboxError } from '../../../src/lib/errors.ts';
import type { InferenceService } from '../../../workers/inference/inference-service.ts';
import { ManualClock } from '../../support/manual-clock.ts';

/**
 * Stands in for the inference service: capabilities answers at once, runGeneric never does;
 * setWasmThreads behaves like ORT's once-per-instance count (the first count asked in a worker sticks).
 */
let workerThreads: number | null = null;
const service = {
  capabilities: async () => ({ ortVersion: 'test' }),
  setWasmThreads: async (threads: number) => {
    workerThreads ??= threads;
    return { threads: workerThreads, applied: workerThreads === threads };
  },
  runGeneric: () => new Promise<never>(() => {}),
  releaseModel: async () => undefined,
};

interface FakeWorkers {
  spawned: number;
  terminated: number;
  ports: MessagePort[];
}

function runtimeWithFakeWorkers(clock: ManualClock): { runtime: ViewRuntime; workers: FakeWorkers } {
  const workers: FakeWorkers = { spawned: 0, terminated: 0, ports: [] };
  const runtime = new ViewRuntime({
    name: 'test',
    limitSeconds: () => 60,
    clock,
    createClient: (onEnded: (error: GlassboxError) => void) =>
      new WorkerClient<InferenceService>({
        label: 'test',
        crashRemedy: 'retry',
        onEnded,
        spawn: () => {
          const { port1, port2 } = new MessageChannel();
          expose(service, port2);
          workerThreads = null; // a fresh worker: a fresh WebAssembly instance
          workers.spawned++;
          workers.ports.push(port1, port2);
          const worker = port1 as unknown as Worker & { terminate(): void };
          worker.terminate = () => {
            workers.terminated++;
            port1.close();
            port2.close();
          };
          return worker;
        },
      }),
  });
  return { runtime, workers };
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('ViewRuntime', () => {
  const opened: MessagePort[] = [];
  afterEach(() => {
    for (const port of opened.splice(0)) port.close();
  });

  it('answers calls in one worker, started on the first call', async () => {
    const { runtime, workers } = runtimeWithFakeWorkers(new ManualClock());
    expect(runtime.client.started).toBe(false);
    await runtime.call((remote) => remote.capabilities());
    await runtime.call((remote) => remote.capabilities());
    expect(workers.spawned).toBe(1);
    expect(runtime.client.started).toBe(true);
    opened.push(...workers.ports);
  });

  it('keeps the worker for the same thread count and replaces it, silently, for another', async () => {
    const { runtime, workers } = runtimeWithFakeWorkers(new ManualClock());
    const reload = vi.fn(async () => true);
    runtime.onEnded(reload);
    await runtime.useThreads(1);
    await runtime.useThreads(1);
    expect(workers.spawned).toBe(1);
    await runtime.useThreads(2);
    expect(workers.spawned).toBe(2);
    expect(workers.terminated).toBe(1);
    // The caller loads the model next: no crash notice, no reload by the listeners.
    expect(reload).not.toHaveBeenCalled();
    expect(runtime.stopNotice).toBeNull();
    opened.push(...workers.ports);
  });

  it('Stop ends a run that never returns: the run fails with run-stopped and the model is reloaded', async () => {
    const { runtime, workers } = runtimeWithFakeWorkers(new ManualClock());
    opened.push(...workers.ports);
    let releaseReload: (ok: boolean) => void = () => {};
    const reload = vi.fn(() => new Promise<boolean>((resolve) => (releaseReload = resolve)));
    runtime.onEnded(reload);
    const run = runtime.run((remote) => remote.runGeneric('m', 'wasm', {}));
    await tick();
    expect(runtime.running).toBe(true);
    runtime.stop();
    await expect(run).rejects.toMatchObject({ code: 'run-stopped' });
    expect(runtime.running).toBe(false);
    expect(workers.terminated).toBe(1);
    expect(runtime.client.started).toBe(false);
    expect(reload).toHaveBeenCalledTimes(1);
    expect(runtime.stopNotice?.reload).toBe('reloading');
    expect(stopNoticeText(runtime.stopNotice!)).toBe('The run was stopped; the model is being reloaded…');
    releaseReload(true);
    await tick();
    expect(stopNoticeText(runtime.stopNotice!)).toBe('The run was stopped; the model was reloaded.');
    // The next call starts a fresh worker; the next run clears the notice.
    await runtime.call((remote) => remote.capabilities());
    expect(workers.spawned).toBe(2);
    opened.push(...workers.ports);
    void runtime.run((remote) => remote.runGeneric('m', 'wasm', {})).catch(() => undefined);
    expect(runtime.stopNotice).toBeNull();
    runtime.stop();
  });

  it('the watchdog ends a run at the limit with its own message, and not a run that ended in time', async () => {
    const clock = new ManualClock();
    const { runtime, workers } = runtimeWithFakeWorkers(clock);
    opened.push(...workers.ports);
    runtime.onEnded(async () => true);
    await runtime.run((remote) => remote.capabilities());
    expect(clock.pending).toBe(0);
    const run = runtime.run((remote) => remote.runGeneric('m', 'wasm', {}));
    await tick();
    clock.advance(59_999);
    expect(workers.terminated).toBe(0);
    clock.advance(1);
    await expect(run).rejects.toMatchObject({
      code: 'run-timed-out',
      message: 'The run took longer than 60 s and was stopped',
    });
    await tick();
    expect(stopNoticeText(runtime.stopNotice!)).toBe(
      'The run took longer than 60 s and was stopped; the model was reloaded.',
    );
    expect(workers.terminated).toBe(1);
  });

  it('a run of many model runs (an occlusion map) that beats after each is limited per run, not in all', async () => {
    const clock = new ManualClock();
    const { runtime, workers } = runtimeWithFakeWorkers(clock);
    opened.push(...workers.ports);
    runtime.onEnded(async () => true);
    let beat = (): void => {};
    const run = runtime.run((remote, heartbeat) => {
      beat = heartbeat;
      return remote.runGeneric('m', 'wasm', {});
    });
    await tick();
    // Ten runs of 50 s each: 500 s in all, past the 60 s limit, but no single run reaches it.
    for (let i = 0; i < 10; i++) {
      clock.advance(50_000);
      beat();
    }
    expect(workers.terminated).toBe(0);
    // Then one run loops forever on its patch: the limit ends it 60 s after the last beat.
    clock.advance(60_000);
    await expect(run).rejects.toMatchObject({ code: 'run-timed-out' });
    expect(workers.terminated).toBe(1);
  });

  it('Stop does nothing while no run is in flight (a load is never ended by it)', async () => {
    const { runtime, workers } = runtimeWithFakeWorkers(new ManualClock());
    opened.push(...workers.ports);
    const reload = vi.fn(async () => true);
    runtime.onEnded(reload);
    await runtime.call((remote) => remote.capabilities());
    runtime.stop();
    expect(workers.terminated).toBe(0);
    expect(reload).not.toHaveBeenCalled();
  });

  it('Stop loading ends a load that never returns and does not reload it again', async () => {
    const { runtime, workers } = runtimeWithFakeWorkers(new ManualClock());
    opened.push(...workers.ports);
    const reload = vi.fn(async () => true);
    runtime.onEnded(reload);
    const load = runtime.load((remote) => remote.runGeneric('m', 'wasm', {}));
    await tick();
    runtime.stopLoading();
    await expect(load).rejects.toMatchObject({ code: 'load-stopped' });
    await tick();
    expect(reload).not.toHaveBeenCalled();
    expect(runtime.stopNotice).toBeNull();
    expect(runtime.loadsInFlight).toBe(0);
  });

  it('says the reload failed when the model does not load again', async () => {
    const { runtime, workers } = runtimeWithFakeWorkers(new ManualClock());
    opened.push(...workers.ports);
    runtime.onEnded(async () => false);
    const run = runtime.run((remote) => remote.runGeneric('m', 'wasm', {}));
    await tick();
    runtime.stop();
    await expect(run).rejects.toMatchObject({ code: 'run-stopped' });
    await tick();
    expect(runtime.stopNotice?.reload).toBe('failed');
  });

  it('a reload that finishes after a newer stop does not claim the model is back', async () => {
    const { runtime, workers } = runtimeWithFakeWorkers(new ManualClock());
    const reloads: Array<(ok: boolean) => void> = [];
    runtime.onEnded(() => new Promise<boolean>((resolve) => reloads.push(resolve)));
    const first = runtime.run((remote) => remote.runGeneric('m', 'wasm', {}));
    await tick();
    runtime.stop();
    await expect(first).rejects.toMatchObject({ code: 'run-stopped' });
    const second = runtime.run((remote) => remote.runGeneric('m', 'wasm', {}));
    await tick();
    runtime.stop();
    await expect(second).rejects.toMatchObject({ code: 'run-stopped' });
    opened.push(...workers.ports);
    reloads[0]?.(true);
    await tick();
    expect(runtime.stopNotice?.reload).toBe('reloading');
    reloads[1]?.(true);
    await tick();
    expect(runtime.stopNotice?.reload).toBe('reloaded');
    expect([workers.spawned, workers.terminated]).toEqual([2, 2]);
  });
});
