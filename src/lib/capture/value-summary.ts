// Statistics of one captured value, computed in the worker: two tight passes over the values as numbers
// (moments, mean |x|, zeros, NaN/Inf; then the histogram). Float32 and float64 are read in place; other
// types are converted once (float16 decoded, bool as 0/1, 64-bit integers via Number).
import { elementCountOf, numberReader, type CaptureTensor } from './capture-tensor.ts';
import type { CapturedValueSummary } from './capture-types.ts';

export const HISTOGRAM_BINS = 32;

/** Where a value comes from: its name and producer, as listed by selectCaptureValues. */
export type ValueOrigin = Pick<
  CapturedValueSummary,
  'name' | 'producer' | 'producerIndex' | 'producerOpType'
>;

/** The values as a float array, without a copy when they already are one. */
export function numericValues(tensor: CaptureTensor): Float32Array | Float64Array {
  const { data } = tensor;
  if ((tensor.type === 'float32' && data instanceof Float32Array) || data instanceof Float64Array)
    return data;
  const count = elementCountOf(tensor.dims);
  const read = numberReader(tensor);
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) values[i] = read(i);
  return values;
}

export function summarizeValue(
  origin: ValueOrigin,
  tensor: CaptureTensor,
  kept: boolean,
  bins = HISTOGRAM_BINS,
): CapturedValueSummary {
  const values = numericValues(tensor);
  const count = Math.min(values.length, elementCountOf(tensor.dims));
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let nanCount = 0;
  let infCount = 0;
  let finite = 0;
  let zeros = 0;
  let absSum = 0;
  // Sums of (x - shift) keep precision when values sit far from zero with a small spread (as valueMoments).
  let shift = Number.NaN;
  let sum = 0;
  let sumOfSquares = 0;
  for (let i = 0; i < count; i++) {
    const value = values[i] as number;
    if (value !== value) {
      nanCount++;
      continue;
    }
    if (value === Number.POSITIVE_INFINITY || value === Number.NEGATIVE_INFINITY) {
      infCount++;
      continue;
    }
    if (finite === 0) shift = value;
    finite++;
    if (value === 0) zeros++;
    if (value < min) min = value;
    if (value > max) max = value;
    absSum += value < 0 ? -value : value;
    const delta = value - shift;
    sum += delta;
    sumOfSquares += delta * delta;
  }
  const none = finite === 0;
  const meanDelta = none ? Number.NaN : sum / finite;
  const counts = new Array<number>(bins).fill(0);
  if (!none) {
    const scale = max > min ? bins / (max - min) : 0;
    for (let i = 0; i < count; i++) {
      const value = values[i] as number;
      if (value !== value || value === Number.POSITIVE_INFINITY || value === Number.NEGATIVE_INFINITY)
        continue;
      const bin = Math.min(bins - 1, Math.floor((value - min) * scale));
      counts[bin] = (counts[bin] as number) + 1;
    }
  }
  return {
    ...origin,
    dtype: tensor.type,
    shape: [...tensor.dims],
    elementCount: count,
    bytes: tensor.data.byteLength,
    min: none ? Number.NaN : min,
    max: none ? Number.NaN : max,
    mean: none ? Number.NaN : shift + meanDelta,
    std: none ? Number.NaN : Math.sqrt(Math.max(0, sumOfSquares / finite - meanDelta * meanDelta)),
    meanAbs: none ? Number.NaN : absSum / finite,
    zeroShare: count > 0 ? zeros / count : 0,
    nanCount,
    infCount,
    histogram: { min: none ? Number.NaN : min, max: none ? Number.NaN : max, counts },
    kept,
  };
}
