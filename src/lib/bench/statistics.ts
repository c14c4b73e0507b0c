// Latency statistics of a benchmark run: percentiles, mean, standard deviation, throughput.
// Percentiles interpolate linearly between closest ranks (Hyndman–Fan type 7, numpy's default), so the
// numbers match what a reader gets from numpy or a spreadsheet on the exported samples.

export interface LatencySummary {
  count: number;
  minMs: number;
  medianMs: number;
  meanMs: number;
  p25Ms: number;
  p75Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Sample standard deviation (n − 1); 0 for a single sample. */
  stdevMs: number;
  /** Sequential single-stream inferences per second: 1000 / mean; null when the mean is 0 (coarse timer). */
  throughputPerSecond: number | null;
}

/** p in [0, 100] of already ascending-sorted values; NaN for no values. */
export function percentileOfSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile ${p} is outside [0, 100]`);
  const rank = (p / 100) * (sorted.length - 1);
  const below = Math.floor(rank);
  const above = Math.min(below + 1, sorted.length - 1);
  const low = sorted[below] as number;
  const high = sorted[above] as number;
  return low + (high - low) * (rank - below);
}

export function percentile(values: readonly number[], p: number): number {
  return percentileOfSorted(sortedCopy(values), p);
}

export function sortedCopy(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** Sample standard deviation (divides by n − 1); 0 for one value, NaN for none. */
export function sampleStdev(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  if (values.length === 1) return 0;
  const m = mean(values);
  let squares = 0;
  for (const value of values) squares += (value - m) ** 2;
  return Math.sqrt(squares / (values.length - 1));
}

/** Summary of latency samples in ms; null when there are none (zero iterations completed). */
export function summarizeLatencies(samplesMs: readonly number[]): LatencySummary | null {
  if (samplesMs.length === 0) return null;
  if (samplesMs.some((value) => !Number.isFinite(value) || value < 0)) {
    throw new RangeError('latency samples must be finite and non-negative');
  }
  const sorted = sortedCopy(samplesMs);
  const meanMs = mean(sorted);
  return {
    count: sorted.length,
    minMs: sorted[0] as number,
    medianMs: percentileOfSorted(sorted, 50),
    meanMs,
    p25Ms: percentileOfSorted(sorted, 25),
    p75Ms: percentileOfSorted(sorted, 75),
    p90Ms: percentileOfSorted(sorted, 90),
    p99Ms: percentileOfSorted(sorted, 99),
    maxMs: sorted[sorted.length - 1] as number,
    stdevMs: sampleStdev(sorted),
    throughputPerSecond: meanMs > 0 ? 1000 / meanMs : null,
  };
}
