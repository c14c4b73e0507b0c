// fp16 headroom without an fp16 GPU: from the values a float32 (or float16-simulated) run captured, each
// node's largest |x| against float16's range, the values that would round to Infinity, and the share of
// values below float16's smallest normal number (where it keeps fewer than 11 significant bits, and
// below 2^-25 nothing). Pure: summaries in, flags out.
import type { CapturedValueSummary } from '../capture/capture-types.ts';
import { float16ToNumber } from '../onnx/minifloats.ts';
import { FLOAT16_MAX, toFloat16Bits } from './float16-bits.ts';

export { FLOAT16_MAX };
/** The smallest |x| that rounds to Infinity in float16 (halfway between 65,504 and the next step, 65,536). */
export const FLOAT16_OVERFLOW = 65520;
/** The smallest normal float16, 2^-14 ≈ 6.1e-5. */
export const FLOAT16_MIN_NORMAL = 2 ** -14;
/** The smallest subnormal float16, 2^-24 ≈ 6.0e-8; |x| ≤ 2^-25 rounds to 0. */
export const FLOAT16_MIN_SUBNORMAL = 2 ** -24;

/** A value rounded to float16 and back, without the clamping weights get: ±Infinity past the range. */
export function roundToFloat16(value: number): number {
  if (Math.abs(value) >= FLOAT16_OVERFLOW) return value > 0 ? Infinity : -Infinity;
  return float16ToNumber(toFloat16Bits(value));
}

export type HeadroomFlag =
  /** Some value rounds to ±Infinity in float16 (|x| ≥ 65,520). */
  | 'overflow'
  /** Some value lies in (65,504, 65,520): float16 stores it as 65,504. */
  | 'saturates'
  /** The run itself had Infinity or NaN here (in a simulated run: what an earlier overflow became). */
  | 'non-finite'
  /** At least `subnormalThreshold` of the non-zero values are below float16's smallest normal. */
  | 'subnormal';

export interface NodeHeadroom {
  node: string;
  opType: string;
  producerIndex: number;
  /** The node's float values that were captured. */
  values: string[];
  /** Largest finite |x| over them. */
  maxAbs: number;
  /** log2(65,504 / maxAbs): bits of room before the top of float16's range (negative past it). */
  headroomBits: number;
  /** Share of non-zero values below the smallest normal, when the tensors were given; null otherwise. */
  subnormalShare: number | null;
  flags: HeadroomFlag[];
}

export interface HeadroomReport {
  /** Every node with a float value, in topological order. */
  nodes: NodeHeadroom[];
  /** The first node whose values overflow float16, or null. */
  firstOverflow: NodeHeadroom | null;
  /** Values not judged (integer, bool, …). */
  skipped: number;
}

export interface HeadroomOptions {
  /** The tensors of the captured values, by name, to measure the subnormal share (optional). */
  tensors?: ReadonlyMap<string, ArrayLike<number>>;
  /** Share of non-zero values below the smallest normal that flags a node (default 0.01). */
  subnormalThreshold?: number;
  /** Values to leave out (the simulation's own rounding Casts, say). */
  ignore?: (value: CapturedValueSummary) => boolean;
}

const FLOAT_DTYPES = new Set(['float32', 'float16', 'float64', 'bfloat16']);

/** Share of the non-zero finite values with |x| below float16's smallest normal. */
export function subnormalShare(values: ArrayLike<number>): number {
  let nonZero = 0;
  let below = 0;
  for (let i = 0; i < values.length; i++) {
    const magnitude = Math.abs(values[i] ?? 0);
    if (magnitude === 0 || !Number.isFinite(magnitude)) continue;
    nonZero++;
    if (magnitude < FLOAT16_MIN_NORMAL) below++;
  }
  return nonZero === 0 ? 0 : below / nonZero;
}

/** The flags of one node's values, from the largest |x|, the run's non-finite count and the subnormal share. */
export function headroomFlags(
  maxAbs: number,
  nonFinite: number,
  share: number | null,
  threshold = 0.01,
): HeadroomFlag[] {
  const flags: HeadroomFlag[] = [];
  if (maxAbs >= FLOAT16_OVERFLOW) flags.push('overflow');
  else if (maxAbs > FLOAT16_MAX) flags.push('saturates');
  if (nonFinite > 0) flags.push('non-finite');
  if (share !== null && share >= threshold && share > 0) flags.push('subnormal');
  return flags;
}

/** Each node's float16 headroom from a run's captured value summaries. */
export function fp16Headroom(
  values: readonly CapturedValueSummary[],
  options: HeadroomOptions = {},
): HeadroomReport {
  const byNode = new Map<string, { first: CapturedValueSummary; list: CapturedValueSummary[] }>();
  let skipped = 0;
  for (const value of values) {
    if (!FLOAT_DTYPES.has(value.dtype) || options.ignore?.(value)) {
      skipped++;
      continue;
    }
    const key = `${value.producerIndex}\u0000${value.producer}`;
    const entry = byNode.get(key);
    if (entry) entry.list.push(value);
    else byNode.set(key, { first: value, list: [value] });
  }
  const nodes: NodeHeadroom[] = [];
  for (const { first, list } of byNode.values()) {
    let maxAbs = 0;
    let nonFinite = 0;
    let below = 0;
    let nonZero = 0;
    let measured = false;
    for (const value of list) {
      // min/max are over finite values; NaN (null after JSON) when none is finite.
      for (const bound of [value.min, value.max]) {
        if (typeof bound === 'number' && Number.isFinite(bound)) maxAbs = Math.max(maxAbs, Math.abs(bound));
      }
      nonFinite += value.nanCount + value.infCount;
      const tensor = options.tensors?.get(value.name);
      if (tensor) {
        measured = true;
        const share = subnormalShare(tensor);
        const count = countNonZero(tensor);
        below += share * count;
        nonZero += count;
      }
    }
    const share = measured ? (nonZero === 0 ? 0 : below / nonZero) : null;
    nodes.push({
      node: first.producer,
      opType: first.producerOpType,
      producerIndex: first.producerIndex,
      values: list.map((v) => v.name),
      maxAbs,
      headroomBits: maxAbs === 0 ? Infinity : Math.log2(FLOAT16_MAX / maxAbs),
      subnormalShare: share,
      flags: headroomFlags(maxAbs, nonFinite, share, options.subnormalThreshold),
    });
  }
  nodes.sort((a, b) => a.producerIndex - b.producerIndex);
  return { nodes, firstOverflow: nodes.find((n) => n.flags.includes('overflow')) ?? null, skipped };
}

function countNonZero(values: ArrayLike<number>): number {
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const magnitude = Math.abs(values[i] ?? 0);
    if (magnitude !== 0 && Number.isFinite(magnitude)) count++;
  }
  return count;
}
