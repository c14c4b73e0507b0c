// A 2-D map of many vectors: their projection on the first two principal axes (PCA). The covariance
// [width, width] is small (a sentence embedding has tens to a thousand dimensions) whatever the number of
// sentences, so the axes come from power iteration on it, the second after deflating the first. Each axis
// is signed so that its largest-magnitude entry is positive: the map does not flip between runs.

export interface Projection {
  /** [n, 2] row-major: each vector's coordinates on the two axes. */
  points: Float32Array;
  /** The variance along each axis (the covariance's two largest eigenvalues). */
  variances: [number, number];
  /** The share of the total variance the two axes keep (0–1); 0 when the vectors do not vary. */
  explained: number;
}

const ITERATIONS = 500;
const TOLERANCE = 1e-12;

export function project2d(vectors: readonly ArrayLike<number>[]): Projection {
  const n = vectors.length;
  const width = vectors[0]?.length ?? 0;
  const mean = new Float64Array(width);
  for (const vector of vectors)
    for (let j = 0; j < width; j++) mean[j] = (mean[j] ?? 0) + Number(vector[j]) / n;
  const covariance = new Float64Array(width * width);
  const centred = new Float64Array(width);
  for (const vector of vectors) {
    for (let j = 0; j < width; j++) centred[j] = Number(vector[j]) - (mean[j] ?? 0);
    for (let a = 0; a < width; a++) {
      const ca = centred[a] ?? 0;
      if (ca === 0) continue;
      for (let b = a; b < width; b++)
        covariance[a * width + b] = (covariance[a * width + b] ?? 0) + ca * (centred[b] ?? 0);
    }
  }
  const scale = 1 / Math.max(1, n - 1);
  let total = 0;
  for (let a = 0; a < width; a++) {
    for (let b = a; b < width; b++) {
      const value = (covariance[a * width + b] ?? 0) * scale;
      covariance[a * width + b] = value;
      covariance[b * width + a] = value;
    }
    total += covariance[a * width + a] ?? 0;
  }
  const first = leadingAxis(covariance, width);
  deflate(covariance, width, first.axis, first.value);
  const second = leadingAxis(covariance, width, first.axis);
  const points = new Float32Array(n * 2);
  vectors.forEach((vector, i) => {
    let x = 0;
    let y = 0;
    for (let j = 0; j < width; j++) {
      const c = Number(vector[j]) - (mean[j] ?? 0);
      x += c * (first.axis[j] ?? 0);
      y += c * (second.axis[j] ?? 0);
    }
    points[i * 2] = x;
    points[i * 2 + 1] = y;
  });
  const variances: [number, number] = [first.value, second.value];
  return { points, variances, explained: total > 0 ? (first.value + second.value) / total : 0 };
}

/**
 * The dominant eigenvector of a symmetric positive semi-definite matrix, and its eigenvalue; kept
 * orthogonal to `other` (the first axis), so a second axis with no variance left is still a true axis.
 */
function leadingAxis(
  matrix: Float64Array,
  width: number,
  other: Float64Array | null = null,
): { axis: Float64Array; value: number } {
  let axis: Float64Array = new Float64Array(width);
  // A start that no eigenvector is orthogonal to in practice: not all-equal, not random (reproducible).
  for (let j = 0; j < width; j++) axis[j] = 1 + j / (width + 1);
  orthogonalise(axis, other);
  normalise(axis);
  let value = 0;
  for (let step = 0; step < ITERATIONS; step++) {
    const next = multiply(matrix, width, axis);
    orthogonalise(next, other);
    const norm = Math.hypot(...next);
    if (norm < TOLERANCE) return { axis: signed(axis), value: 0 };
    next.forEach((v, j) => (next[j] = v / norm));
    let change = 0;
    for (let j = 0; j < width; j++) change = Math.max(change, Math.abs((next[j] ?? 0) - (axis[j] ?? 0)));
    axis = next;
    value = norm;
    if (change < 1e-10) break;
  }
  return { axis: signed(axis), value };
}

function multiply(matrix: Float64Array, width: number, vector: Float64Array): Float64Array {
  const out = new Float64Array(width);
  for (let a = 0; a < width; a++) {
    let sum = 0;
    for (let b = 0; b < width; b++) sum += (matrix[a * width + b] ?? 0) * (vector[b] ?? 0);
    out[a] = sum;
  }
  return out;
}

function deflate(matrix: Float64Array, width: number, axis: Float64Array, value: number): void {
  for (let a = 0; a < width; a++)
    for (let b = 0; b < width; b++)
      matrix[a * width + b] = (matrix[a * width + b] ?? 0) - value * (axis[a] ?? 0) * (axis[b] ?? 0);
}

/** Removes vector's component along other (a unit vector). */
function orthogonalise(vector: Float64Array, other: Float64Array | null): void {
  if (other === null) return;
  let dot = 0;
  for (let j = 0; j < vector.length; j++) dot += (vector[j] ?? 0) * (other[j] ?? 0);
  for (let j = 0; j < vector.length; j++) vector[j] = (vector[j] ?? 0) - dot * (other[j] ?? 0);
}

function normalise(vector: Float64Array): void {
  const norm = Math.hypot(...vector) || 1;
  vector.forEach((v, j) => (vector[j] = v / norm));
}

/** The axis with its largest-magnitude entry positive. */
function signed(axis: Float64Array): Float64Array {
  let largest = 0;
  for (let j = 1; j < axis.length; j++)
    if (Math.abs(axis[j] ?? 0) > Math.abs(axis[largest] ?? 0)) largest = j;
  return (axis[largest] ?? 0) < 0 ? axis.map((v) => -v) : axis;
}
