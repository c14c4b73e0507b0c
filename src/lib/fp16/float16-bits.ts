// float32 → IEEE 754 half precision bits, rounded to nearest even; values beyond the half range are
// clamped to ±65504 (as onnxconverter-common does) rather than turned into infinities.

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Largest finite float16. */
export const FLOAT16_MAX = 65504;

/** The half-precision bits of a number (NaN stays NaN, ±Infinity stays infinite, finite values clamp). */
export function toFloat16Bits(value: number): number {
  if (Number.isNaN(value)) return 0x7e00;
  if (value === Infinity) return 0x7c00;
  if (value === -Infinity) return 0xfc00;
  f32[0] = Math.max(-FLOAT16_MAX, Math.min(FLOAT16_MAX, value));
  const bits = u32[0] ?? 0;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  const halfExponent = exponent - 127 + 15;
  if (halfExponent <= 0) {
    // Subnormal half (or zero): shift the mantissa with its implicit bit, round to nearest even.
    if (halfExponent < -10) return sign;
    const full = mantissa | 0x800000;
    const shift = 14 - halfExponent;
    const half = full >>> shift;
    const rest = full & ((1 << shift) - 1);
    const midway = 1 << (shift - 1);
    const rounded = rest > midway || (rest === midway && (half & 1) === 1) ? half + 1 : half;
    return sign | rounded;
  }
  const half = (halfExponent << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  // Rounding may carry into the exponent, which is still the right half value (clamping keeps it finite).
  const rounded = rest > 0x1000 || (rest === 0x1000 && (half & 1) === 1) ? half + 1 : half;
  return sign | rounded;
}

/** float32 values → float16 bits, little-endian bytes as ONNX raw_data holds them. */
export function float16Bytes(values: ArrayLike<number>): Uint8Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = toFloat16Bits(values[i] ?? 0);
  return new Uint8Array(out.buffer);
}
