// Do two backends compute the same thing? Per output: the largest absolute and relative difference, and
// how many elements fail numpy's allclose rule (|a − b| ≤ atol + rtol·|reference|). A disagreement is a
// finding to show, not an error to hide.
import type { TensorData } from '../tensor.ts';

export const DEFAULT_TOLERANCE = { rtol: 1e-3, atol: 1e-4 } as const;

/** Below this magnitude the relative difference divides by it instead, so zeros do not explode it. */
const RELATIVE_FLOOR = 1e-6;

export interface OutputDifference {
  output: string;
  /** Shape of the reference output; the candidate's when it differs is in problem. */
  dims: number[];
  elements: number;
  /** null when the output could not be compared (missing, or another shape). */
  maxAbsDiff: number | null;
  maxRelDiff: number | null;
  /** Elements outside the tolerance (NaN on one side only counts too). */
  mismatches: number;
  /** Index of the element with the largest absolute difference, or -1. */
  worstIndex: number;
  /** Shape or type disagreement that prevents an element-wise comparison. */
  problem: string | null;
  agrees: boolean;
}

export interface Tolerance {
  rtol: number;
  atol: number;
}

function valueAt(tensor: TensorData, index: number): number {
  return Number(tensor.data[index]);
}

function sameDims(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((dim, i) => dim === b[i]);
}

export function compareTensors(
  output: string,
  reference: TensorData,
  candidate: TensorData,
  tolerance: Tolerance = DEFAULT_TOLERANCE,
): OutputDifference {
  const base = {
    output,
    dims: [...reference.dims],
    elements: reference.data.length,
    maxAbsDiff: 0,
    maxRelDiff: 0,
    mismatches: 0,
    worstIndex: -1,
  };
  if (!sameDims(reference.dims, candidate.dims) || reference.data.length !== candidate.data.length) {
    return {
      ...base,
      maxAbsDiff: null,
      maxRelDiff: null,
      mismatches: reference.data.length,
      problem: `shape [${reference.dims.join(', ')}] vs [${candidate.dims.join(', ')}]`,
      agrees: false,
    };
  }
  let { maxAbsDiff, maxRelDiff, mismatches, worstIndex } = base;
  for (let i = 0; i < reference.data.length; i++) {
    const a = valueAt(reference, i);
    const b = valueAt(candidate, i);
    if (Number.isNaN(a) || Number.isNaN(b)) {
      if (Number.isNaN(a) !== Number.isNaN(b)) mismatches++;
      continue;
    }
    if (a === b) continue; // also covers equal infinities
    const abs = Math.abs(a - b);
    const rel = abs / Math.max(Math.abs(a), RELATIVE_FLOOR);
    if (!(abs <= maxAbsDiff)) {
      maxAbsDiff = abs;
      worstIndex = i;
    }
    if (rel > maxRelDiff) maxRelDiff = rel;
    if (!(abs <= tolerance.atol + tolerance.rtol * Math.abs(a))) mismatches++;
  }
  const problem = reference.type === candidate.type ? null : `type ${reference.type} vs ${candidate.type}`;
  return {
    ...base,
    maxAbsDiff,
    maxRelDiff,
    mismatches,
    worstIndex,
    problem,
    agrees: mismatches === 0 && problem === null,
  };
}

/** Compares every output of the reference by name; an output missing on the candidate is a finding. */
export function compareOutputs(
  reference: Readonly<Record<string, TensorData>>,
  candidate: Readonly<Record<string, TensorData>>,
  tolerance: Tolerance = DEFAULT_TOLERANCE,
): OutputDifference[] {
  return Object.entries(reference).map(([name, tensor]) => {
    const other = candidate[name];
    if (!other) {
      return {
        output: name,
        dims: [...tensor.dims],
        elements: tensor.data.length,
        maxAbsDiff: null,
        maxRelDiff: null,
        mismatches: tensor.data.length,
        worstIndex: -1,
        problem: 'missing on this backend',
        agrees: false,
      };
    }
    return compareTensors(name, tensor, other, tolerance);
  });
}
