// How much one weight changed between two models: max |a − b| and ‖a − b‖ / ‖a‖, read straight from the
// tensors' bytes (no copy); a weight whose type or shape changed, or whose bytes are elsewhere, is named
// with the reason instead of numbers.
import { tensorValueReader } from '../onnx/tensor-values.ts';
import type { OnnxTensor } from '../onnx/model-types.ts';
import type { WeightChange } from './diff-types.ts';

function countOf(dims: readonly number[]): number {
  return dims.reduce((product, dim) => product * dim, 1);
}

/** The change of a weight, or null when both hold exactly the same values. */
export function compareWeights(position: number, a: OnnxTensor, b: OnnxTensor): WeightChange | null {
  const base = { position, leftName: a.name, rightName: b.name, dims: [...b.dims] };
  const unmeasured = (note: string): WeightChange => ({
    ...base,
    maxAbs: Number.NaN,
    relativeNorm: Number.NaN,
    note,
  });
  if (a.dataType !== b.dataType) return unmeasured(`Its type changed: ${a.dataType} → ${b.dataType}.`);
  if (a.dims.length !== b.dims.length || a.dims.some((dim, i) => dim !== b.dims[i])) {
    return unmeasured(`Its shape changed: [${a.dims.join(', ')}] → [${b.dims.join(', ')}].`);
  }
  const ra = tensorValueReader(a);
  const rb = tensorValueReader(b);
  if (!ra.ok || !rb.ok) {
    const reason = !ra.ok ? ra.reason : !rb.ok ? rb.reason : '';
    return unmeasured(`Its values were not compared: ${reason}.`);
  }
  let maxAbs = 0;
  let diffSquares = 0;
  let aSquares = 0;
  let bSquares = 0;
  let specials = 0;
  const count = countOf(a.dims);
  for (let i = 0; i < count; i++) {
    const x = ra.read(i);
    const y = rb.read(i);
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      if (!Object.is(x, y) && !(Number.isNaN(x) && Number.isNaN(y))) specials++;
      continue;
    }
    const diff = Math.abs(x - y);
    if (diff > maxAbs) maxAbs = diff;
    diffSquares += diff * diff;
    aSquares += x * x;
    bSquares += y * y;
  }
  if (maxAbs === 0 && specials === 0) return null;
  const norm = Math.sqrt(aSquares > 0 ? aSquares : bSquares);
  const change: WeightChange = {
    ...base,
    maxAbs,
    relativeNorm: norm > 0 ? Math.sqrt(diffSquares) / norm : Number.POSITIVE_INFINITY,
  };
  if (specials > 0) change.note = `${specials} elements are NaN or infinite on one side only.`;
  return change;
}
