// Progress of a running benchmark weighted by expected time, with the time left: the plan's estimate
// (estimate.ts), corrected as the run measures its own run times (warm-up and timed runs), so a slow
// WebGPU stage fills the bar in proportion to its time instead of one stage's worth. The clock is
// injected; the bar never moves backwards even when the estimate grows.
import {
  ESTIMATE_STAGES,
  expectedRunMs,
  stagesFor,
  type AdapterFacts,
  type EstimateStage,
  type ModelCost,
} from './estimate.ts';
import type { BenchPlan } from './plan.ts';
import { percentile } from './statistics.ts';
import { TimeLeftDisplay } from './time-left.ts';

export interface StageReport {
  configIndex: number;
  stage: EstimateStage;
  /** Runs (or bytes, while fetching) done in this stage. */
  done: number;
  total: number | null;
  /** Timed runs measured since the previous report. */
  newSamplesMs?: readonly number[];
  /** Time already spent in this stage when reported (warm-up and measure report after their runs). */
  stageElapsedMs?: number;
}

export interface ProgressReading {
  /** The whole run, 0..1, by expected time; never decreases. */
  fraction: number;
  elapsedMs: number;
  /**
   * Time left to show; null before the first report. It rises by no more than the estimate's stated
   * error over the whole run (time-left.ts); rawRemainingMs is the unbounded re-estimate.
   */
  remainingMs: number | null;
  rawRemainingMs: number | null;
  /** The run has outlasted the estimate and its stated error. */
  overEstimate: boolean;
}

/** A stage that has overrun its estimate is still expected to take a little longer, not zero. */
const OVERRUN_SHARE = 0.1;

export class ProgressEstimator {
  private readonly started: number;
  private last: StageReport | null = null;
  private stageStarted = 0;
  private fraction = 0;
  /** Per configuration: timed runs, and the per-run time seen in warm-up. */
  private readonly samples = new Map<number, number[]>();
  /** Median of each configuration's timed runs, recomputed only when new ones arrive. */
  private readonly medians = new Map<number, number>();
  private readonly warmUpRunMs = new Map<number, number>();
  /** Starts at the first report, from the plan's estimate then. */
  private timeLeft: TimeLeftDisplay | null = null;

  constructor(
    private readonly plan: BenchPlan,
    private readonly cost: ModelCost,
    private readonly adapter: AdapterFacts,
    private readonly now: () => number,
  ) {
    this.started = now();
  }

  observe(report: StageReport): ProgressReading {
    const at = this.now();
    const entered =
      !this.last || this.last.configIndex !== report.configIndex || this.last.stage !== report.stage;
    // The worker's own clock says when a warm-up or measure phase began; other stages report at their start.
    if (report.stageElapsedMs !== undefined) this.stageStarted = at - report.stageElapsedMs;
    else if (entered) this.stageStarted = at;
    if (report.newSamplesMs && report.newSamplesMs.length > 0) {
      const list = this.samples.get(report.configIndex) ?? [];
      list.push(...report.newSamplesMs);
      this.samples.set(report.configIndex, list);
      this.medians.set(report.configIndex, percentile(list, 50));
    }
    if (report.stage === 'warm-up' && report.done > 0) {
      this.warmUpRunMs.set(report.configIndex, (at - this.stageStarted) / report.done);
    }
    this.last = report;
    return this.reading();
  }

  /** The reading now, from the last report (for a display that ticks between reports). */
  reading(): ProgressReading {
    const elapsedMs = this.now() - this.started;
    if (!this.last)
      return { fraction: 0, elapsedMs, remainingMs: null, rawRemainingMs: null, overEstimate: false };
    const rawRemainingMs = this.remainingMs(this.last, this.now() - this.stageStarted);
    const total = elapsedMs + rawRemainingMs;
    const fraction = total > 0 ? elapsedMs / total : 0;
    this.fraction = Math.min(1, Math.max(this.fraction, fraction));
    this.timeLeft ??= new TimeLeftDisplay(elapsedMs + rawRemainingMs);
    const shown = this.timeLeft.update(rawRemainingMs, elapsedMs);
    return {
      fraction: this.fraction,
      elapsedMs,
      remainingMs: shown.shownMs,
      rawRemainingMs,
      overEstimate: shown.overEstimate,
    };
  }

  /** The run time of a configuration: measured when it has timed or warm-up runs, else scaled estimate. */
  runMs(index: number): number {
    const measured = this.medians.get(index);
    if (measured !== undefined) return measured;
    const warm = this.warmUpRunMs.get(index);
    if (warm !== undefined) return warm;
    const config = this.plan.backends[index];
    if (!config) return 0;
    const expected = expectedRunMs(config, this.cost, this.adapter);
    // The closest earlier configuration of the same backend that measured says how far off the rates are.
    for (let earlier = index - 1; earlier >= 0; earlier--) {
      const other = this.plan.backends[earlier];
      if (other?.backend !== config.backend || !this.hasMeasured(earlier)) continue;
      return expected * (this.runMs(earlier) / expectedRunMs(other, this.cost, this.adapter));
    }
    return expected;
  }

  private hasMeasured(index: number): boolean {
    return this.medians.has(index) || this.warmUpRunMs.has(index);
  }

  private stages(index: number): Record<EstimateStage, number> {
    const config = this.plan.backends[index];
    if (!config)
      return Object.fromEntries(ESTIMATE_STAGES.map((s) => [s, 0])) as Record<EstimateStage, number>;
    return stagesFor(this.plan, config, this.cost, this.adapter, this.runMs(index));
  }

  private remainingInStage(report: StageReport, stageElapsedMs: number): number {
    const expected = this.stages(report.configIndex)[report.stage];
    const runMs = this.runMs(report.configIndex);
    const stop = this.plan.protocol.stop;
    if (report.stage === 'measure' && report.total === null && stop.kind === 'time') {
      const byBudget = stop.budgetMs - stageElapsedMs;
      const byCap = (stop.maxIterations - report.done) * runMs;
      return Math.max(0, Math.min(byBudget, byCap), report.done === 0 ? runMs - stageElapsedMs : 0);
    }
    if ((report.stage === 'warm-up' || report.stage === 'measure') && report.total !== null) {
      return Math.max(0, report.total - report.done) * runMs;
    }
    if (report.total !== null && report.total > 0) {
      return expected * Math.max(0, 1 - report.done / report.total);
    }
    return Math.max(expected - stageElapsedMs, expected * OVERRUN_SHARE);
  }

  private remainingMs(report: StageReport, stageElapsedMs: number): number {
    let remaining = this.remainingInStage(report, stageElapsedMs);
    const current = this.stages(report.configIndex);
    for (const stage of ESTIMATE_STAGES.slice(ESTIMATE_STAGES.indexOf(report.stage) + 1)) {
      remaining += current[stage];
    }
    for (let index = report.configIndex + 1; index < this.plan.backends.length; index++) {
      const stages = this.stages(index);
      remaining += ESTIMATE_STAGES.reduce((total, stage) => total + stages[stage], 0);
    }
    return remaining;
  }
}
