// What one output tensor of a run looks like, small enough to cross the worker boundary: its shape,
// statistics over its finite values, how many NaN and infinities it has, its first values and argmax.
import type { TensorData } from '../tensor.ts';

export interface OutputSummary {
  name: string;
  dtype: string;
  dims: number[];
  count: number;
  /** Over finite values only; null when there are none. */
  min: number | null;
  max: number | null;
  mean: number | null;
  /** Population standard deviation (divides by the count of finite values). */
  std: number | null;
  nanCount: number;
  /** +Infinity and -Infinity together. */
  infCount: number;
  /** The first values in storage (row-major) order, NaN and infinities included. */
  peek: number[];
  /**
   * Flat index of the largest value (the first one on ties; NaN skipped, +Infinity counts as largest);
   * null for tensors over ARGMAX_LIMIT elements, or with no value but NaN.
   */
  argmax: number | null;
}

/** Above this many elements argmax is left out: a flat index into a huge tensor says little. */
export const ARGMAX_LIMIT = 100_000;

/** Statistics in two passes (mean first, then squared deviations), which keeps std exact for small data. */
export function summarizeOutput(name: string, tensor: TensorData, peekLength = 16): OutputSummary {
  const data = tensor.data;
  const count = data.length;
  const at = (i: number): number => Number(data[i]);
  const peek: number[] = [];
  const peekCount = Math.min(count, Math.max(0, Math.floor(peekLength)));
  for (let i = 0; i < peekCount; i++) peek.push(at(i));

  let nanCount = 0;
  let infCount = 0;
  let finiteCount = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let argmax: number | null = null;
  let argmaxValue = Number.NEGATIVE_INFINITY;
  const trackArgmax = count <= ARGMAX_LIMIT;
  for (let i = 0; i < count; i++) {
    const value = at(i);
    if (Number.isNaN(value)) {
      nanCount++;
      continue;
    }
    if (trackArgmax && (argmax === null || value > argmaxValue)) {
      argmax = i;
      argmaxValue = value;
    }
    if (!Number.isFinite(value)) {
      infCount++;
      continue;
    }
    finiteCount++;
    if (value < min) min = value;
    if (value > max) max = value;
    sum += value;
  }

  if (finiteCount === 0) {
    return {
      name,
      dtype: tensor.type,
      dims: [...tensor.dims],
      count,
      min: null,
      max: null,
      mean: null,
      std: null,
      nanCount,
      infCount,
      peek,
      argmax,
    };
  }
  const mean = sum / finiteCount;
  let squares = 0;
  for (let i = 0; i < count; i++) {
    const value = at(i);
    if (!Number.isFinite(value)) continue;
    const delta = value - mean;
    squares += delta * delta;
  }
  return {
    name,
    dtype: tensor.type,
    dims: [...tensor.dims],
    count,
    min,
    max,
    mean,
    std: Math.sqrt(squares / finiteCount),
    nanCount,
    infCount,
    peek,
    argmax,
  };
}
