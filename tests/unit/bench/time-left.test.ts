// The time left a running benchmark shows never rises, in total, by more than the estimate's stated
// error; it counts down with the clock, follows re-estimates down at once, and says when the run has
// outlasted the estimate instead of inventing a new figure.
import { describe, expect, it } from 'vitest';
import { ESTIMATE_ERROR, TimeLeftDisplay } from '../../../src/lib/bench/time-left.ts';

/** Total of the rises between consecutive shown values. */
function totalRise(shown: number[]): number {
  let rise = 0;
  for (let i = 1; i < shown.length; i++) rise += Math.max(0, shown[i]! - shown[i - 1]!);
  return rise;
}

describe('TimeLeftDisplay', () => {
  it('follows a falling estimate exactly', () => {
    const display = new TimeLeftDisplay(10_000);
    expect(display.update(10_000, 0).shownMs).toBe(10_000);
    expect(display.update(8_000, 1_000).shownMs).toBe(8_000);
    expect(display.update(2_000, 2_000).shownMs).toBe(2_000);
  });

  it('lets the time left rise by the stated error in total, however often the run re-estimates', () => {
    // The NanoDet run: estimated 3:40; the re-estimates climbed to 5:20 and beyond.
    const initial = 220_000;
    const display = new TimeLeftDisplay(initial);
    const shown: number[] = [];
    let raw = initial;
    for (let second = 0; second <= 400; second++) {
      // The run's own timings keep pushing the remainder up by 2 s each second for 150 s, then it falls.
      raw = second < 150 ? raw + 1_000 : Math.max(0, raw - 1_000);
      shown.push(display.update(raw, second * 1_000).shownMs);
    }
    expect(totalRise(shown)).toBeLessThanOrEqual(ESTIMATE_ERROR * initial + 1e-6);
    expect(display.budgetLeftMs).toBeCloseTo(0, 6);
  });

  it('counts down with the clock while the re-estimate stays above, then says the run outlasted it', () => {
    const display = new TimeLeftDisplay(10_000, 0.3);
    display.update(10_000, 0);
    // The remainder jumps to 60 s: 3 s of rise are allowed (30 % of 10 s), the rest is not shown.
    const jump = display.update(60_000, 0);
    expect(jump.shownMs).toBe(13_000);
    expect(jump.overEstimate).toBe(false);
    expect(display.update(60_000, 5_000).shownMs).toBe(8_000);
    const late = display.update(60_000, 20_000);
    expect(late.shownMs).toBe(0);
    expect(late.overEstimate).toBe(true);
    // A re-estimate under the countdown is shown as it is, and the run is no longer over.
    const display2 = new TimeLeftDisplay(10_000);
    display2.update(10_000, 0);
    expect(display2.update(4_000, 1_000)).toEqual({ shownMs: 4_000, overEstimate: false });
  });
});
