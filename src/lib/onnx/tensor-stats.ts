// On-demand statistics of one tensor's values (min/max/mean/std, histogram, first values), computed in
// two streaming passes over the stored bytes: no copy of the tensor, memory independent of its size.

import { elementCountOf, summarizeTensor } from './tensor-summary.ts';
import { tensorValueReader, type ValueReaderResult } from './tensor-values.ts';
import type { OnnxTensor } from './model-types.ts';

export interface TensorStatsOptions {
  /** Histogram bins (default 32). */
  bins?: number;
  /** How many leading values to return (default 16). */
  firstCount?: number;
}

/** Equal-width bins over [min, max]; the last bin includes max. Counts finite values only. */
export interface Histogram {
  min: number;
  max: number;
  counts: number[];
}

export interface TensorStats {
  elementCount: number;
  finiteCount: number;
  nanCount: number;
  infinityCount: number;
  /** Over finite values; NaN when there are none. */
  min: number;
  max: number;
  mean: number;
  /** Population standard deviation. */
  std: number;
  histogram: Histogram;
  /** The first values in storage (row-major) order, NaN and ±Infinity included. */
  first: number[];
}

export type TensorStatsResult = { ok: true; stats: TensorStats } | { ok: false; reason: string };

/** Everything in TensorStats but the histogram: one streaming pass over the values. */
export type ValueMoments = Omit<TensorStats, 'histogram'>;

/**
 * Min/max/mean/std over the finite values of count values read one by one, NaN and infinity counts, and
 * the first firstCount values (NaN and ±Infinity included). Min, max and mean are NaN when no value is
 * finite. Works for any source of numbers: a stored initializer or a tensor a run returned.
 */
export function valueMoments(
  read: (index: number) => number,
  count: number,
  firstCount: number,
): ValueMoments {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let nanCount = 0;
  let infinityCount = 0;
  let finiteCount = 0;
  // Sums of (x - shift) keep precision when values sit far from zero with a small spread.
  let shift = Number.NaN;
  let sum = 0;
  let sumOfSquares = 0;
  const first: number[] = [];
  for (let i = 0; i < count; i++) {
    const value = read(i);
    if (i < firstCount) first.push(value);
    if (Number.isNaN(value)) {
      nanCount++;
      continue;
    }
    if (!Number.isFinite(value)) {
      infinityCount++;
      continue;
    }
    if (finiteCount === 0) shift = value;
    finiteCount++;
    if (value < min) min = value;
    if (value > max) max = value;
    const delta = value - shift;
    sum += delta;
    sumOfSquares += delta * delta;
  }
  const meanDelta = finiteCount > 0 ? sum / finiteCount : Number.NaN;
  const variance =
    finiteCount > 0 ? Math.max(0, sumOfSquares / finiteCount - meanDelta * meanDelta) : Number.NaN;
  const none = finiteCount === 0;
  return {
    elementCount: count,
    finiteCount,
    nanCount,
    infinityCount,
    min: none ? Number.NaN : min,
    max: none ? Number.NaN : max,
    mean: none ? Number.NaN : shift + meanDelta,
    std: Math.sqrt(variance),
    first,
  };
}

export function computeTensorStats(tensor: OnnxTensor, options: TensorStatsOptions = {}): TensorStatsResult {
  const bins = Math.max(1, Math.floor(options.bins ?? 32));
  const firstCount = Math.max(0, Math.floor(options.firstCount ?? 16));
  const summary = summarizeTensor(tensor);
  if (summary.problem) return { ok: false, reason: summary.problem };
  const count = elementCountOf(tensor.dims);
  const reader: ValueReaderResult =
    count === 0 ? { ok: true, read: () => Number.NaN } : tensorValueReader(tensor);
  if (!reader.ok) return reader;
  const read = reader.read;
  const moments = valueMoments(read, count, firstCount);
  const { min, max } = moments;

  const counts =
    moments.finiteCount > 0 ? histogramCounts(read, count, min, max, bins) : new Array<number>(bins).fill(0);
  return { ok: true, stats: { ...moments, histogram: { min, max, counts } } };
}

/** Counts of the finite values in `bins` equal-width bins over [min, max]; the last bin includes max. */
export function histogramCounts(
  read: (index: number) => number,
  count: number,
  min: number,
  max: number,
  bins: number,
): number[] {
  const counts = new Array<number>(bins).fill(0);
  const width = (max - min) / bins;
  for (let i = 0; i < count; i++) {
    const value = read(i);
    if (!Number.isFinite(value)) continue;
    const bin = width > 0 ? Math.min(bins - 1, Math.floor((value - min) / width)) : 0;
    counts[bin] = (counts[bin] ?? 0) + 1;
  }
  return counts;
}
