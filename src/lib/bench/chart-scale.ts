// Axis scales for the latency charts: linear with round ticks, or logarithmic (powers of ten) when the
// configurations differ by more than LOG_SPREAD — a software WebGPU adapter can be 500× slower than
// WASM, and a linear axis would flatten every other line.

export interface AxisScale {
  /** Maps a value in the domain to a position in the range. */
  map(value: number): number;
  ticks: number[];
  log: boolean;
}

export const LOG_SPREAD = 20;

/** Round tick values (1, 2, 5 × 10^k steps) covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const rough = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= rough) ?? 10 * power;
  const ticks: number[] = [];
  for (let tick = Math.ceil(min / step) * step; tick <= max + step * 1e-9; tick += step) {
    ticks.push(Number(tick.toPrecision(12)));
  }
  return ticks;
}

export function linearScale(domain: [number, number], range: [number, number], tickCount = 5): AxisScale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1;
  return {
    map: (value) => r0 + ((value - d0) / span) * (r1 - r0),
    ticks: niceTicks(d0, d1, tickCount),
    log: false,
  };
}

/** Most ticks a log axis gets: the densest of 1-2-5, 1-3 or decade steps that stays within it. */
export const MAX_LOG_TICKS = 8;

function logTicks(low: number, high: number, steps: readonly number[]): number[] {
  const ticks: number[] = [];
  for (let exponent = Math.floor(low); exponent <= Math.ceil(high); exponent++) {
    for (const step of steps) {
      const tick = step * 10 ** exponent;
      if (tick >= 10 ** low * (1 - 1e-9) && tick <= 10 ** high * (1 + 1e-9))
        ticks.push(Number(tick.toPrecision(12)));
    }
  }
  return ticks;
}

export function logScale(domain: [number, number], range: [number, number]): AxisScale {
  const low = Math.log10(Math.max(domain[0], Number.MIN_VALUE));
  const high = Math.log10(Math.max(domain[1], domain[0] * 10));
  const [r0, r1] = range;
  // Decades alone leave two ticks on a 2.5-decade axis (2 ms to 700 ms): take the densest steps that fit.
  const candidates = [[1, 2, 5], [1, 3], [1]].map((steps) => logTicks(low, high, steps));
  const ticks = candidates.find((list) => list.length <= MAX_LOG_TICKS) ?? (candidates.at(-1) as number[]);
  return {
    map: (value) =>
      r0 + ((Math.log10(Math.max(value, Number.MIN_VALUE)) - low) / (high - low || 1)) * (r1 - r0),
    ticks,
    log: true,
  };
}

/** A latency axis for positive values: log when they spread over more than LOG_SPREAD×, else from 0. */
export function latencyScale(values: readonly number[], range: [number, number]): AxisScale {
  const positive = values.filter((value) => value > 0 && Number.isFinite(value));
  if (positive.length === 0) return linearScale([0, 1], range);
  // A loop, not Math.min(...values): 100,000 samples would overflow the argument stack.
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  for (const value of positive) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (max / min > LOG_SPREAD) return logScale([min, max], range);
  const ticks = niceTicks(0, max);
  const top = Math.max(max, ticks[ticks.length - 1] ?? max);
  return { ...linearScale([0, top], range), ticks: niceTicks(0, top) };
}

/** About how wide a 13 px axis label is per character (digits and "MFLOP"), in px. */
export const LABEL_CHAR_PX = 7.8;

/**
 * Which ticks of an axis get a label so that no two labels touch: walking left to right, a tick is named
 * when its label, centred on it, starts at least gap px after the last named label ends. A log axis's
 * 1-2-5 ticks are not evenly spaced (5 → 10 is closer than 2 → 5), so counting ticks cannot tell.
 */
export function spacedLabels(
  positions: readonly number[],
  labels: readonly string[],
  gap = 8,
  charPx = LABEL_CHAR_PX,
): boolean[] {
  let lastEnd = Number.NEGATIVE_INFINITY;
  return positions.map((position, index) => {
    const half = ((labels[index] ?? '').length * charPx) / 2;
    if (position - half < lastEnd + gap) return false;
    lastEnd = position + half;
    return true;
  });
}
