// Compares two captures of the same model and input (WASM vs WebGPU) value by value, and names the first
// value, in topological order, where they disagree.
import type { ValueDivergence } from './capture-types.ts';

/**
 * Default tolerance: |a − b| ≤ atol + rtol·|a|. Measured differences between ORT's WASM and WebGPU
 * (SwiftShader and an H200) on the embedded models are 1.2e-7 on the BERT logits and 2.4e-4 on NanoDet
 * outputs as large as 416 (5.5e-4 on the shapes detector, up to 651), i.e. about 1e-6 relative: atol
 * 1e-4 covers float32 noise around zero after a few hundred accumulations, rtol 1e-3 leaves ~1000× head
 * room over the relative noise while still catching a wrong kernel (errors of a percent or more).
 */
export const DEFAULT_TOLERANCE = { atol: 1e-4, rtol: 1e-3 } as const;

export interface ComparedValue {
  name: string;
  producer: string;
  producerIndex: number;
  dtype: string;
  shape: readonly number[];
  /** Element i as a number (float16 decoded, bool 0/1). */
  read: (index: number) => number;
  count: number;
}

/** Smallest |a| used as the denominator of the relative difference. */
const TINY = 1e-12;

export function compareValue(
  reference: ComparedValue,
  other: ComparedValue,
  tolerance: { atol: number; rtol: number } = DEFAULT_TOLERANCE,
): ValueDivergence {
  const base = { name: reference.name, producer: reference.producer, producerIndex: reference.producerIndex };
  const sameShape =
    reference.shape.length === other.shape.length &&
    reference.shape.every((dim, i) => dim === other.shape[i]);
  if (!sameShape || reference.count !== other.count) {
    return {
      ...base,
      maxAbsDiff: Number.NaN,
      maxRelDiff: Number.NaN,
      divergent: true,
      note: `Shapes differ: [${reference.shape.join(', ')}] vs [${other.shape.join(', ')}].`,
    };
  }
  let maxAbs = 0;
  let maxRel = 0;
  let broken = 0;
  let specialMismatch = 0;
  for (let i = 0; i < reference.count; i++) {
    const a = reference.read(i);
    const b = other.read(i);
    if (!Number.isFinite(a) || !Number.isFinite(b)) {
      // NaN must meet NaN, and +Inf the same +Inf; anything else is a divergence.
      if (!(Number.isNaN(a) && Number.isNaN(b)) && a !== b) specialMismatch++;
      continue;
    }
    const diff = Math.abs(a - b);
    if (diff > maxAbs) maxAbs = diff;
    const rel = diff / Math.max(Math.abs(a), TINY);
    if (rel > maxRel) maxRel = rel;
    if (diff > tolerance.atol + tolerance.rtol * Math.abs(a)) broken++;
  }
  const divergence: ValueDivergence = {
    ...base,
    maxAbsDiff: maxAbs,
    maxRelDiff: maxRel,
    divergent: broken > 0 || specialMismatch > 0,
  };
  if (specialMismatch > 0)
    divergence.note = `${specialMismatch} elements are NaN or infinite on one backend only.`;
  else if (reference.dtype !== other.dtype)
    divergence.note = `Types differ: ${reference.dtype} vs ${other.dtype}.`;
  return divergence;
}

/** The divergences in topological order, and the first divergent one (or null when all agree). */
export function firstDivergent(values: readonly ValueDivergence[]): {
  values: ValueDivergence[];
  firstDivergent: ValueDivergence | null;
} {
  const ordered = [...values].sort((a, b) => a.producerIndex - b.producerIndex);
  return { values: ordered, firstDivergent: ordered.find((value) => value.divergent) ?? null };
}
