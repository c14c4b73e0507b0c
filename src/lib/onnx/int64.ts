// 64-bit integers as protobufjs hands them out: a Long object when long.js is bundled, else a number.

/** The fields of a long.js Long that protobufjs produces for int64/uint64 fields. */
export interface LongLike {
  low: number;
  high: number;
  unsigned?: boolean;
}

export type Int64Value = number | LongLike;

const TWO_POW_32 = 4294967296;

/** Exact below 2^53; larger magnitudes round like any float64 would. */
export function int64ToNumber(value: Int64Value | null | undefined): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return value;
  const high = value.unsigned ? value.high >>> 0 : value.high | 0;
  return high * TWO_POW_32 + (value.low >>> 0);
}

/** Exact for the whole int64/uint64 range. */
export function int64ToBigInt(value: Int64Value | null | undefined): bigint {
  if (value === null || value === undefined) return 0n;
  if (typeof value === 'number') return BigInt(Math.trunc(value));
  const bits = (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0);
  return value.unsigned ? bits : BigInt.asIntN(64, bits);
}
