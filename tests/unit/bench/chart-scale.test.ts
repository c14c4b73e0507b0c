import { describe, expect, it } from 'vitest';
import {
  LABEL_CHAR_PX,
  latencyScale,
  linearScale,
  logScale,
  niceTicks,
  spacedLabels,
} from '../../../src/lib/bench/chart-scale.ts';
import { formatFlops } from '../../../src/lib/flops/model-flops.ts';
import { measureTimerResolution } from '../../../src/lib/bench/timer.ts';

describe('chart scales', () => {
  it('pick round ticks', () => {
    expect(niceTicks(0, 9.3)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(0, 0.45)).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
    expect(niceTicks(5, 5)).toEqual([5]);
  });

  it('map the domain onto the range, flipped for SVG y', () => {
    const y = linearScale([0, 10], [100, 0]);
    expect(y.map(0)).toBe(100);
    expect(y.map(5)).toBe(50);
    const log = logScale([1, 1000], [0, 30]);
    expect(log.map(10)).toBeCloseTo(10, 9);
    // The densest of 1-2-5, 1-3 and decade steps with at most 8 ticks.
    expect(log.ticks).toEqual([1, 3, 10, 30, 100, 300, 1000]);
    expect(logScale([1, 30], [0, 30]).ticks).toEqual([1, 2, 5, 10, 20]);
    expect(logScale([1, 1e6], [0, 30]).ticks).toEqual([1, 10, 100, 1000, 1e4, 1e5, 1e6]);
    // 2 ms to 700 ms (2.5 decades): decades alone gave two ticks.
    expect(logScale([2, 700], [0, 30]).ticks).toEqual([2, 5, 10, 20, 50, 100, 200, 500]);
    for (const [a, b] of [
      [0.3, 2],
      [1.8, 700],
      [4, 9000],
      [0.01, 5e4],
    ] as const) {
      const count = logScale([a, b], [0, 30]).ticks.length;
      expect(count).toBeGreaterThanOrEqual(3);
      expect(count).toBeLessThanOrEqual(8);
    }
  });

  it('go logarithmic only when latencies spread over more than 20×', () => {
    expect(latencyScale([1, 2, 3], [100, 0]).log).toBe(false);
    expect(latencyScale([1, 2, 500], [100, 0]).log).toBe(true);
    expect(latencyScale([], [100, 0]).ticks.length).toBeGreaterThan(0);
  });
});

describe('timer resolution', () => {
  it('is the smallest positive step of the clock', () => {
    let reading = 0;
    let calls = 0;
    // a clock that repeats each value three times, then steps by 0.005
    const clock = () => (Math.floor(calls++ / 3) * 5) / 1000 + reading;
    expect(measureTimerResolution(clock, 100)).toBeCloseTo(0.005, 12);
    reading = 1;
    expect(measureTimerResolution(() => reading, 100)).toBeNull();
  });
});

describe('axis labels', () => {
  it('names only the x ticks whose labels do not touch (a log axis is not evenly spaced)', () => {
    // The MatMul 128 and 256 sweep on a 600 px chart: ticks 5, 10, 20, 50 MFLOP, where "5.00 MFLOP" and
    // "10.0 MFLOP" used to overlap.
    for (const width of [300, 600, 960]) {
      const x = logScale([(2 * 128 ** 3) / 1.5, 2 * 256 ** 3 * 1.5], [60, width - 40]);
      const labels = x.ticks.map((tick) => formatFlops(tick));
      const positions = x.ticks.map((tick) => x.map(tick));
      const named = spacedLabels(positions, labels);
      expect(named[0]).toBe(true);
      const spans = positions
        .map((position, i) => ({ position, half: ((labels[i] ?? '').length * LABEL_CHAR_PX) / 2 }))
        .filter((_, i) => named[i]);
      for (let i = 1; i < spans.length; i++) {
        const before = spans[i - 1]!;
        const span = spans[i]!;
        expect(span.position - span.half - (before.position + before.half)).toBeGreaterThanOrEqual(8);
      }
      if (width === 960) expect(named.filter(Boolean).length).toBeGreaterThanOrEqual(3);
    }
    expect(spacedLabels([0, 20, 200], ['a', 'b', 'c'])).toEqual([true, true, true]);
    expect(spacedLabels([0, 30, 200], ['10.0 MFLOP', '20.0 MFLOP', '50.0 MFLOP'])).toEqual([
      true,
      false,
      true,
    ]);
  });
});
