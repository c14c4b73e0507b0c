// A busy flag that turns on only when the work outlasts a short delay. The text view shows "Running…",
// Stop and a dimmed result only for runs a person could notice: the tiny BERT answers in about 1–2 ms,
// and drawing the busy state for such a run (and taking it down again) cost the very frame that should have
// shown its result — the worker's answer waited on the page's layout and paint (docs/benchmark.md,
// "Small-input overhead").
import { REAL_CLOCK, type WatchdogClock } from './run-watchdog.ts';

/** Long enough that a run under it never flashes a busy state; short enough that a slow one shows at once. */
export const BUSY_DELAY_MS = 150;

export class DelayedFlag {
  on = $state(false);
  private timer: unknown = null;
  private active = 0;

  constructor(
    private readonly delayMs = BUSY_DELAY_MS,
    private readonly clock: WatchdogClock = REAL_CLOCK,
  ) {}

  /** Work started; the flag turns on after the delay unless every started work ended by then. */
  start(): void {
    this.active++;
    if (this.timer !== null || this.on) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      if (this.active > 0) this.on = true;
    }, this.delayMs);
  }

  /** Work ended; the flag turns off when none is left. */
  stop(): void {
    this.active = Math.max(0, this.active - 1);
    if (this.active > 0) return;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.on = false;
  }
}
