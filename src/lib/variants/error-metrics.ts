// How far a variant's value is from the reference's: max abs, max rel and the signal-to-noise ratio in dB,
// where the signal is the reference value and the noise is the difference. Pure, tested on hand-made tensors.

/**
 * The threshold the ladder states on screen: a value whose SNR falls under 20 dB has noise at a tenth of
 * its signal's RMS. float16 keeps BERT-sized activations above ~50 dB and 8-bit weights usually above 30,
 * so 20 dB names the node where a variant starts to lose the model's meaning rather than its last digits.
 */
export const DEFAULT_SNR_THRESHOLD_DB = 20;

/** Smallest |a| used as the denominator of the relative difference (as divergence.ts does). */
const TINY = 1e-12;

export interface ValueError {
  /** Elements compared (both finite). */
  count: number;
  maxAbs: number;
  maxRel: number;
  /**
   * 10·log10(Σa² / Σ(a−b)²): +Infinity when the values are equal, −Infinity when the reference is all
   * zeros and the variant is not; NaN when no element could be compared (shapes differ, all non-finite).
   */
  snrDb: number;
  /** Elements that are NaN or infinite on one side only (or different infinities). */
  nonFiniteMismatch: number;
  /** Why the value could not be compared, when it could not. */
  note?: string;
}

export interface ErrorInput {
  shape: readonly number[];
  count: number;
  read: (index: number) => number;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((dim, i) => dim === b[i]);
}

export function valueError(reference: ErrorInput, variant: ErrorInput): ValueError {
  if (!sameShape(reference.shape, variant.shape) || reference.count !== variant.count) {
    return {
      count: 0,
      maxAbs: Number.NaN,
      maxRel: Number.NaN,
      snrDb: Number.NaN,
      nonFiniteMismatch: 0,
      note: `Shapes differ: [${reference.shape.join(', ')}] vs [${variant.shape.join(', ')}].`,
    };
  }
  let count = 0;
  let maxAbs = 0;
  let maxRel = 0;
  let signal = 0;
  let noise = 0;
  let nonFiniteMismatch = 0;
  for (let i = 0; i < reference.count; i++) {
    const a = reference.read(i);
    const b = variant.read(i);
    if (!Number.isFinite(a) || !Number.isFinite(b)) {
      if (!(Number.isNaN(a) && Number.isNaN(b)) && a !== b) nonFiniteMismatch++;
      continue;
    }
    count++;
    const diff = Math.abs(a - b);
    if (diff > maxAbs) maxAbs = diff;
    const rel = diff / Math.max(Math.abs(a), TINY);
    if (rel > maxRel) maxRel = rel;
    signal += a * a;
    noise += diff * diff;
  }
  const error: ValueError = { count, maxAbs, maxRel, snrDb: snrOf(signal, noise, count), nonFiniteMismatch };
  if (count === 0) error.note = 'No element is finite on both sides.';
  if (nonFiniteMismatch > 0) {
    error.note = `${nonFiniteMismatch} elements are NaN or infinite in one variant only.`;
    // A value that turned to NaN or Inf has lost its meaning, whatever its finite elements say.
    error.snrDb = Number.NEGATIVE_INFINITY;
  }
  return error;
}

function snrOf(signal: number, noise: number, count: number): number {
  if (count === 0) return Number.NaN;
  if (noise === 0) return Number.POSITIVE_INFINITY;
  if (signal === 0) return Number.NEGATIVE_INFINITY;
  return 10 * Math.log10(signal / noise);
}

/** True when the value's error passes the threshold (an SNR under it; a value that could not be compared
 *  does not pass: it is listed as such instead). */
export function pastThreshold(error: Pick<ValueError, 'snrDb'>, thresholdDb: number): boolean {
  return !Number.isNaN(error.snrDb) && error.snrDb < thresholdDb;
}

/** "43.2 dB", "exact" for +∞, "−∞ dB" when the signal is zero, "—" when not comparable. */
export function formatSnr(snrDb: number): string {
  if (Number.isNaN(snrDb)) return '—';
  if (snrDb === Number.POSITIVE_INFINITY) return 'exact';
  if (snrDb === Number.NEGATIVE_INFINITY) return '−∞ dB';
  return `${snrDb.toFixed(1)} dB`;
}

const PAINT_CAP = 10;

/**
 * The error the graph paints: the noise's RMS over the signal's, 10^(−SNR/20) (0.1 at 20 dB), so worse is
 * higher as on every other overlay metric; undefined where there is nothing to paint.
 */
export function paintedError(snrDb: number): number | undefined {
  if (Number.isNaN(snrDb)) return undefined;
  if (snrDb === Number.POSITIVE_INFINITY) return 0;
  // Capped at 10 (noise ten times the signal): past that the colour says all it can, and an infinite
  // error would flatten the log scale for every other node.
  if (snrDb === Number.NEGATIVE_INFINITY) return PAINT_CAP;
  return Math.min(PAINT_CAP, 10 ** (-snrDb / 20));
}
