// The "time left" a running benchmark shows, kept honest to the estimate made before Run: it counts down
// with the clock and follows the run's own re-estimates down at once, but rises, in total over the
// whole run, by no more than the estimate's stated error (ESTIMATE_ERROR × the estimate). Before, a
// NanoDet run's time left rose from 3:00 to 5:20 and then sat at "about 50 s" for a minute. When the
// run outlasts the estimate and its error, the display says so instead of inventing a new figure.

/** The estimate's stated error, as a share of the estimate; docs/benchmark.md gives the measured error. */
export const ESTIMATE_ERROR = 0.3;

export interface TimeLeft {
  /** What to show; never rises by more than the rise budget, in total. */
  shownMs: number;
  /** The run has outlasted the estimate and its stated error: the shown time left has run out. */
  overEstimate: boolean;
}

export class TimeLeftDisplay {
  private lastShown: number | null = null;
  private lastAt = 0;
  private riseBudget: number;

  /** initialMs: the estimate before Run; error: its stated error as a share. */
  constructor(initialMs: number, error = ESTIMATE_ERROR) {
    this.riseBudget = Math.max(0, initialMs * error);
  }

  /** The rises still allowed, in ms. */
  get budgetLeftMs(): number {
    return this.riseBudget;
  }

  /** rawMs: the estimator's current guess of the time left; at: the clock now. */
  update(rawMs: number, at: number): TimeLeft {
    if (this.lastShown === null) {
      this.lastShown = Math.max(0, rawMs);
      this.lastAt = at;
      return { shownMs: this.lastShown, overEstimate: false };
    }
    // Where the last figure would be now had it been right: it counts down with the clock.
    const countdown = Math.max(0, this.lastShown - Math.max(0, at - this.lastAt));
    let shown = rawMs;
    if (rawMs > countdown) {
      // Anything above the countdown spends the rise budget; once spent, the countdown goes on alone.
      const allowance = Math.min(rawMs - countdown, this.riseBudget);
      this.riseBudget -= allowance;
      shown = countdown + allowance;
    }
    shown = Math.max(0, shown);
    this.lastShown = shown;
    this.lastAt = at;
    return { shownMs: shown, overEstimate: shown < rawMs && shown < 1000 };
  }
}
