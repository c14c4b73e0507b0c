// The measurement protocol: warm-up runs (never counted), then timed iterations until a count or a time
// budget is reached, honouring cancellation between runs. The clock and the run are injected, so tests
// drive it with a fake clock and the worker with performance.now and a real session.

export type StopRule =
  | { kind: 'iterations'; count: number }
  /** Iterate until budgetMs of measured time has passed (at least one iteration), at most maxIterations. */
  | { kind: 'time'; budgetMs: number; maxIterations: number };

export interface ProtocolPlan {
  /** Runs after the first (cold) run whose timings are dropped. */
  warmUp: number;
  stop: StopRule;
}

export type ProtocolPhase = 'warm-up' | 'measure';

export interface ProtocolProgress {
  phase: ProtocolPhase;
  /** Runs finished in this phase. */
  done: number;
  /** Runs this phase will make; null for a time budget. */
  total: number | null;
  /** Measured samples since the previous report (empty during warm-up). */
  newSamplesMs: number[];
  /** Time spent in this phase so far, by the injected clock. */
  elapsedMs: number;
}

export interface ProtocolHooks {
  /** Milliseconds from any origin; only differences are used. */
  now(): number;
  runOnce(): Promise<void>;
  signal?: AbortSignal;
  /** Lets the host process messages (a Cancel) between runs; not timed. */
  yieldBetweenRuns?(): Promise<void>;
  onProgress?(progress: ProtocolProgress): void;
  /** Least time between two progress reports in the measure phase (the first and last always go). */
  progressIntervalMs?: number;
}

export type StopReason = 'count-reached' | 'budget-spent' | 'max-iterations' | 'cancelled';

export interface ProtocolOutcome {
  warmUpMs: number[];
  samplesMs: number[];
  stoppedBy: StopReason;
  /** Measured wall time of the measure phase, yields included. */
  measureElapsedMs: number;
}

/** Times one call of run with the injected clock. */
export async function timeOnce(now: () => number, run: () => Promise<void>): Promise<number> {
  const started = now();
  await run();
  return now() - started;
}

function plannedRuns(stop: StopRule): number | null {
  return stop.kind === 'iterations' ? stop.count : null;
}

function measureShouldStop(stop: StopRule, count: number, elapsedMs: number): StopReason | null {
  if (stop.kind === 'iterations') return count >= stop.count ? 'count-reached' : null;
  if (count >= stop.maxIterations) return 'max-iterations';
  // A budget always yields at least one sample, even when one run takes longer than the budget.
  if (count > 0 && elapsedMs >= stop.budgetMs) return 'budget-spent';
  return null;
}

/**
 * Runs the warm-up, then the measured iterations. Cancellation is checked before every run; samples
 * already measured are returned with stoppedBy 'cancelled'. The first (cold) run is the caller's: it
 * belongs to the cold start, not here.
 */
export async function runProtocol(plan: ProtocolPlan, hooks: ProtocolHooks): Promise<ProtocolOutcome> {
  const { now, runOnce, signal } = hooks;
  const pause = hooks.yieldBetweenRuns ?? (() => Promise.resolve());
  const interval = hooks.progressIntervalMs ?? 0;
  const warmUpMs: number[] = [];
  const samplesMs: number[] = [];
  const cancelled = (): ProtocolOutcome => ({
    warmUpMs,
    samplesMs,
    stoppedBy: 'cancelled',
    measureElapsedMs: 0,
  });

  const warmStarted = now();
  for (let i = 0; i < plan.warmUp; i++) {
    await pause();
    if (signal?.aborted) return cancelled();
    warmUpMs.push(await timeOnce(now, runOnce));
    hooks.onProgress?.({
      phase: 'warm-up',
      done: i + 1,
      total: plan.warmUp,
      newSamplesMs: [],
      elapsedMs: now() - warmStarted,
    });
  }

  const total = plannedRuns(plan.stop);
  const started = now();
  let reported = 0;
  let lastReport = started;
  const report = (force: boolean): void => {
    const at = now();
    if (!force && at - lastReport < interval) return;
    hooks.onProgress?.({
      phase: 'measure',
      done: samplesMs.length,
      total,
      newSamplesMs: samplesMs.slice(reported),
      elapsedMs: at - started,
    });
    reported = samplesMs.length;
    lastReport = at;
  };
  for (;;) {
    const reason = measureShouldStop(plan.stop, samplesMs.length, now() - started);
    if (reason) {
      report(true);
      return { warmUpMs, samplesMs, stoppedBy: reason, measureElapsedMs: now() - started };
    }
    await pause();
    if (signal?.aborted) {
      report(true);
      return { ...cancelled(), measureElapsedMs: now() - started };
    }
    samplesMs.push(await timeOnce(now, runOnce));
    report(samplesMs.length === 1);
  }
}
