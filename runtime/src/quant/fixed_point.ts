/*
 * Exact int32 fixed-point arithmetic of TFLite Micro's reference kernels (gemmlowp semantics) in JS.
 * JS numbers hold 53 bits, so 32x32-bit products are split into 16-bit halves; every function
 * returns what the C++ returns for the same int32 inputs, including wrap-around and saturation.
 */

const TWO31 = 2147483648;
const TWO16 = 65536;
export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;

/**
 * gemmlowp SaturatingRoundingDoublingHighMul: a * b / 2^31 rounded to nearest with ties toward
 * +infinity (2.5 -> 3, -2.5 -> -2), saturating INT32_MIN * INT32_MIN to INT32_MAX.
 */
export function saturatingRoundingDoublingHighMul(a: number, b: number): number {
  if (a === INT32_MIN && b === INT32_MIN) return INT32_MAX;
  const ah = a >> 16;
  const al = a & 0xffff;
  const bh = b >> 16;
  const bl = b & 0xffff;
  // a * b = ah*bh*2^32 + (ah*bl + al*bh)*2^16 + al*bl, every partial exact in a double.
  const low = al * bl;
  const mid = ah * bl + al * bh + Math.floor(low / TWO16);
  const negative = a !== 0 && b !== 0 && a < 0 !== b < 0;
  const nudge = negative ? 1 - (1 << 30) : 1 << 30;
  const u = mid * TWO16 + (low % TWO16) + nudge; // |u| < 2^50: exact
  const floorU = Math.floor(u / TWO31);
  // The C++ divides (a*b + nudge) by 2^31 truncating toward zero; floor differs for inexact negatives.
  let q = ah * bh * 2 + floorU;
  if (negative && u - floorU * TWO31 !== 0) q += 1;
  return q | 0;
}

/**
 * gemmlowp RoundingDivideByPOT: x / 2^exponent rounded to nearest, halves away from zero, exponent
 * in [0, 31]. Softmax over wide rows (from ~512 equal values) can ask for up to 34, which TFLM
 * 90b983c2 refuses (TFLITE_CHECK aborts); this then returns what older TFLM computed on x86 (an
 * all-ones mask, the shift count taken mod 32, as JS's >> does), and so do the C kernels.
 */
export function roundingDivideByPOT(x: number, exponent: number): number {
  const mask = exponent >= 32 ? -1 : exponent === 31 ? INT32_MAX : (1 << exponent) - 1;
  const remainder = x & mask;
  const threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/**
 * TFLM MultiplyByQuantizedMultiplier (double rounding): x * m * 2^shift for a Q31 multiplier m
 * and shift in [-31, 30] (positive = left).
 */
export function multiplyByQuantizedMultiplier(x: number, m: number, shift: number): number {
  const left = shift > 0 ? shift : 0;
  const right = shift > 0 ? 0 : -shift;
  return roundingDivideByPOT(saturatingRoundingDoublingHighMul(Math.imul(x, 1 << left), m), right);
}

/**
 * TFLM MultiplyByQuantizedMultiplierSmallerThanOneExp (double rounding; ADD uses it): high multiply,
 * then a rounding right shift by -leftShift; leftShift in [-31, 0]. Equal to
 * multiplyByQuantizedMultiplier on that range.
 */
export function multiplyByQuantizedMultiplierSmallerThanOneExp(x: number, m: number, leftShift: number): number {
  return roundingDivideByPOT(saturatingRoundingDoublingHighMul(x, m), -leftShift);
}

/** TFLM MultiplyByQuantizedMultiplierGreaterThanOne: left shift (wrapping, in [0, 31]) then high multiply. */
export function multiplyByQuantizedMultiplierGreaterThanOne(x: number, m: number, leftShift: number): number {
  return saturatingRoundingDoublingHighMul(Math.imul(x, 1 << leftShift), m);
}

/** gemmlowp SaturatingRoundingMultiplyByPOT: x * 2^exponent, saturating (exponent > 0) or rounding (< 0). */
export function saturatingRoundingMultiplyByPOT(x: number, exponent: number): number {
  if (exponent < 0) return roundingDivideByPOT(x, -exponent);
  if (exponent === 0) return x;
  const threshold = (1 << (31 - exponent)) - 1;
  if (x > threshold) return INT32_MAX;
  if (x < -threshold) return INT32_MIN;
  return x << exponent;
}
