// Statistics of one captured value, computed in the worker: moments and NaN/Inf counts (valueMoments),
// then one more pass for the histogram, mean |x| and the share of exact zeros.
import { histogramCounts, valueMoments } from '../onnx/tensor-stats.ts';
import { elementCountOf, numberReader, type CaptureTensor } from './capture-tensor.ts';
import type { CapturedValueSummary } from './capture-types.ts';

export const HISTOGRAM_BINS = 32;

/** Where a value comes from: its name and producer, as listed by selectCaptureValues. */
export type ValueOrigin = Pick<
  CapturedValueSummary,
  'name' | 'producer' | 'producerIndex' | 'producerOpType'
>;

export function summarizeValue(
  origin: ValueOrigin,
  tensor: CaptureTensor,
  kept: boolean,
  bins = HISTOGRAM_BINS,
): CapturedValueSummary {
  const read = numberReader(tensor);
  const count = elementCountOf(tensor.dims);
  const moments = valueMoments(read, count, 0);
  let absSum = 0;
  let zeros = 0;
  for (let i = 0; i < count; i++) {
    const value = read(i);
    if (value === 0) zeros++;
    else if (Number.isFinite(value)) absSum += Math.abs(value);
  }
  const counts =
    moments.finiteCount > 0
      ? histogramCounts(read, count, moments.min, moments.max, bins)
      : new Array<number>(bins).fill(0);
  return {
    ...origin,
    dtype: tensor.type,
    shape: [...tensor.dims],
    elementCount: count,
    bytes: tensor.data.byteLength,
    min: moments.min,
    max: moments.max,
    mean: moments.mean,
    std: moments.std,
    meanAbs: moments.finiteCount > 0 ? absSum / moments.finiteCount : Number.NaN,
    zeroShare: count > 0 ? zeros / count : 0,
    nanCount: moments.nanCount,
    infCount: moments.infinityCount,
    histogram: { min: moments.min, max: moments.max, counts },
    kept,
  };
}
