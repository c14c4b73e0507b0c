import { describe, expect, it } from 'vitest';
import { runProtocol, timeOnce, type ProtocolProgress } from '../../../src/lib/bench/protocol.ts';

/** A fake clock: each run advances it by the next planned duration; yields advance it by yieldMs. */
function fakeHost(durations: number[], yieldMs = 0) {
  let time = 1000;
  let runs = 0;
  let yields = 0;
  return {
    now: () => time,
    runOnce: async () => {
      time += durations[Math.min(runs, durations.length - 1)] ?? 0;
      runs++;
    },
    yieldBetweenRuns: async () => {
      yields++;
      time += yieldMs;
    },
    get runs() {
      return runs;
    },
    get yields() {
      return yields;
    },
  };
}

describe('the benchmark protocol', () => {
  it('keeps warm-up runs out of the samples and counts iterations exactly', async () => {
    const host = fakeHost([100, 90, 10, 11, 12]);
    const outcome = await runProtocol({ warmUp: 2, stop: { kind: 'iterations', count: 3 } }, host);
    expect(outcome.warmUpMs).toEqual([100, 90]);
    expect(outcome.samplesMs).toEqual([10, 11, 12]);
    expect(outcome.stoppedBy).toBe('count-reached');
    expect(host.runs).toBe(5);
  });

  it('never times the yields between runs', async () => {
    const host = fakeHost([5], 7);
    const outcome = await runProtocol({ warmUp: 1, stop: { kind: 'iterations', count: 4 } }, host);
    expect(outcome.samplesMs).toEqual([5, 5, 5, 5]);
    expect(host.yields).toBe(5);
    // elapsed covers the measure phase with its yields: 4 × (5 + 7)
    expect(outcome.measureElapsedMs).toBe(48);
  });

  it('runs until the time budget is spent, counting measured time only', async () => {
    const host = fakeHost([1000, 10]);
    const outcome = await runProtocol(
      { warmUp: 1, stop: { kind: 'time', budgetMs: 35, maxIterations: 100 } },
      host,
    );
    // after 4 runs of 10 ms the measure phase has spent 40 ≥ 35 ms; the 1000 ms warm-up does not count
    expect(outcome.samplesMs).toEqual([10, 10, 10, 10]);
    expect(outcome.stoppedBy).toBe('budget-spent');
  });

  it('measures at least once even when one run exceeds the budget, and stops at the iteration cap', async () => {
    const slow = await runProtocol(
      { warmUp: 0, stop: { kind: 'time', budgetMs: 1, maxIterations: 10 } },
      fakeHost([50]),
    );
    expect(slow.samplesMs).toEqual([50]);
    const capped = await runProtocol(
      { warmUp: 0, stop: { kind: 'time', budgetMs: 1e9, maxIterations: 3 } },
      fakeHost([1]),
    );
    expect(capped.samplesMs).toHaveLength(3);
    expect(capped.stoppedBy).toBe('max-iterations');
  });

  it('honours cancellation between runs and returns what it measured', async () => {
    const host = fakeHost([10]);
    const controller = new AbortController();
    const outcome = await runProtocol(
      { warmUp: 1, stop: { kind: 'iterations', count: 100 } },
      {
        ...host,
        signal: controller.signal,
        runOnce: async () => {
          await host.runOnce();
          if (host.runs === 3) controller.abort(); // the warm-up and two measured runs are done
        },
      },
    );
    expect(outcome.stoppedBy).toBe('cancelled');
    expect(outcome.warmUpMs).toEqual([10]);
    expect(outcome.samplesMs).toEqual([10, 10]);
    expect(host.runs).toBe(3);
  });

  it('measures nothing when cancelled during the warm-up', async () => {
    const controller = new AbortController();
    controller.abort();
    const host = fakeHost([10]);
    const outcome = await runProtocol(
      { warmUp: 3, stop: { kind: 'iterations', count: 5 } },
      { ...host, signal: controller.signal },
    );
    expect(outcome).toMatchObject({ stoppedBy: 'cancelled', warmUpMs: [], samplesMs: [] });
    expect(host.runs).toBe(0);
  });

  it('reports progress: every warm-up run, then measured samples in batches that add up', async () => {
    const host = fakeHost([10]);
    const reports: ProtocolProgress[] = [];
    await runProtocol(
      { warmUp: 2, stop: { kind: 'iterations', count: 10 } },
      { ...host, progressIntervalMs: 25, onProgress: (p) => reports.push(p) },
    );
    const warm = reports.filter((r) => r.phase === 'warm-up');
    expect(warm.map((r) => r.done)).toEqual([1, 2]);
    const measured = reports.filter((r) => r.phase === 'measure');
    expect(measured.flatMap((r) => r.newSamplesMs)).toHaveLength(10);
    expect(measured.length).toBeLessThan(10);
    expect(measured.at(-1)).toMatchObject({ done: 10, total: 10 });
  });

  it('times one call with the injected clock', async () => {
    const host = fakeHost([42]);
    expect(await timeOnce(host.now, host.runOnce)).toBe(42);
  });
});
