// Decoding of the small float formats ONNX stores as bit patterns: float16, bfloat16, float8, float4.

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE 754 half precision bits (uint16) → number. */
export function float16ToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** bfloat16 bits (the upper half of a float32) → number. */
export function bfloat16ToNumber(bits: number): number {
  u32[0] = (bits & 0xffff) << 16;
  return f32[0] ?? Number.NaN;
}

/**
 * How a format spends its top codes: 'ieee' has Inf and NaN at the maximum exponent, 'fn' only NaN at
 * all-ones, 'fnuz' a single NaN where -0 would be, 'finite' neither (onnx docs/technical/float8).
 */
type SpecialValues = 'ieee' | 'fn' | 'fnuz' | 'finite';

function minifloatTable(exponentBits: number, mantissaBits: number, bias: number, specials: SpecialValues) {
  const size = 1 << (1 + exponentBits + mantissaBits);
  const table = new Float64Array(size);
  const maxExponent = (1 << exponentBits) - 1;
  const mantissaScale = 1 << mantissaBits;
  for (let bits = 0; bits < size; bits++) {
    const sign = bits >> (exponentBits + mantissaBits) ? -1 : 1;
    const exponent = (bits >> mantissaBits) & maxExponent;
    const mantissa = bits & (mantissaScale - 1);
    let value =
      exponent === 0
        ? (mantissa / mantissaScale) * 2 ** (1 - bias)
        : (1 + mantissa / mantissaScale) * 2 ** (exponent - bias);
    if (specials === 'ieee' && exponent === maxExponent) {
      value = mantissa ? Number.NaN : Number.POSITIVE_INFINITY;
    }
    if (specials === 'fn' && exponent === maxExponent && mantissa === mantissaScale - 1) value = Number.NaN;
    table[bits] = sign * value;
    if (specials === 'fnuz' && bits === size >> 1) table[bits] = Number.NaN;
  }
  return table;
}

export type MinifloatType =
  'float8e4m3fn' | 'float8e4m3fnuz' | 'float8e5m2' | 'float8e5m2fnuz' | 'float4e2m1';

const tables = new Map<MinifloatType, Float64Array>();

/** Bits → value lookup table for an 8-bit or 4-bit float type, built on first use. */
export function minifloatValues(dtype: MinifloatType): Float64Array {
  let table = tables.get(dtype);
  if (!table) {
    table =
      dtype === 'float8e4m3fn'
        ? minifloatTable(4, 3, 7, 'fn')
        : dtype === 'float8e4m3fnuz'
          ? minifloatTable(4, 3, 8, 'fnuz')
          : dtype === 'float8e5m2'
            ? minifloatTable(5, 2, 15, 'ieee')
            : dtype === 'float8e5m2fnuz'
              ? minifloatTable(5, 2, 16, 'fnuz')
              : minifloatTable(2, 1, 1, 'finite');
    tables.set(dtype, table);
  }
  return table;
}
