// Stop for a job of many runs (occlusion maps, embedding batches): the worker is asked to stop between
// runs, and ended only when a run keeps it past the grace time.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { STOP_GRACE_MS, stopBetweenRuns } from '../../../src/app/workbench/stop-between-runs.ts';

function fakeRuntime(cancel: () => Promise<void>): {
  runtime: Parameters<typeof stopBetweenRuns>[0];
  ended: () => number;
  asked: () => number;
} {
  let ended = 0;
  let asked = 0;
  const service = {
    cancelExplanations: () => {
      asked++;
      return cancel();
    },
  };
  const runtime = {
    call: <T>(task: (s: typeof service) => Promise<T>) => task(service),
    stop: () => void ended++,
  } as unknown as Parameters<typeof stopBetweenRuns>[0];
  return { runtime, ended: () => ended, asked: () => asked };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('stopBetweenRuns', () => {
  it('leaves the worker alone when the job stops between runs', async () => {
    let running = true;
    const { runtime, ended, asked } = fakeRuntime(async () => {
      running = false; // the job's own call answers with what it did so far
    });
    await stopBetweenRuns(runtime, () => running);
    await vi.advanceTimersByTimeAsync(STOP_GRACE_MS * 2);
    expect(asked()).toBe(1);
    expect(ended()).toBe(0);
  });

  it('ends the worker when a run keeps it past the grace time', async () => {
    const { runtime, ended } = fakeRuntime(() => new Promise<void>(() => {})); // the worker never answers
    void stopBetweenRuns(runtime, () => true);
    await vi.advanceTimersByTimeAsync(STOP_GRACE_MS - 1);
    expect(ended()).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(ended()).toBe(1);
  });

  it('does not throw when the worker was ended meanwhile', async () => {
    let running = true;
    const { runtime } = fakeRuntime(async () => {
      running = false;
      throw new Error('worker ended');
    });
    await expect(stopBetweenRuns(runtime, () => running)).resolves.toBeUndefined();
  });
});
