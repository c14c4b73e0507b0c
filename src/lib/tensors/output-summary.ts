// What one output tensor of a run looks like, small enough to cross the worker boundary: its shape,
// statistics over its finite values, how many NaN and infinities it has, its first values and argmax.
import { valueMoments } from '../onnx/tensor-stats.ts';
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

/** Statistics over the finite values (valueMoments, shared with the inspector's weight statistics). */
export function summarizeOutput(name: string, tensor: TensorData, peekLength = 16): OutputSummary {
  const data = tensor.data;
  const count = data.length;
  const at = (i: number): number => Number(data[i]);
  const moments = valueMoments(at, count, Math.max(0, Math.floor(peekLength)));
  const none = moments.finiteCount === 0;
  return {
    name,
    dtype: tensor.type,
    dims: [...tensor.dims],
    count,
    min: none ? null : moments.min,
    max: none ? null : moments.max,
    mean: none ? null : moments.mean,
    std: none ? null : moments.std,
    nanCount: moments.nanCount,
    infCount: moments.infinityCount,
    peek: moments.first,
    argmax: count <= ARGMAX_LIMIT ? argmaxOf(at, count) : null,
  };
}

/** Index of the largest value, the first on ties; NaN skipped, +Infinity largest; null if all are NaN. */
function argmaxOf(at: (i: number) => number, count: number): number | null {
  let argmax: number | null = null;
  let best = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < count; i++) {
    const value = at(i);
    if (Number.isNaN(value)) continue;
    if (argmax === null || value > best) {
      argmax = i;
      best = value;
    }
  }
  return argmax;
}
