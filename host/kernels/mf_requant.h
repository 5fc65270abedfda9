/*
 * Requantization primitives of TFLite Micro's reference kernels (gemmlowp semantics), bit-exact for
 * every int32 input: SaturatingRoundingDoublingHighMul, RoundingDivideByPOT and the double-rounding
 * MultiplyByQuantizedMultiplier (tflite-micro 90b983c2 builds without TFLITE_SINGLE_ROUNDING, see
 * tensorflow/lite/kernels/internal/common.cc). Header-only so every kernel inlines them.
 *
 * 8-bit AVR has no 32x32->64 multiply: there (or with MF_REQUANT_NO_INT64, which the host tests
 * use to check this path too) the high product is assembled from four 16x16->32 products.
 */
#ifndef MF_REQUANT_H
#define MF_REQUANT_H

#include <stdint.h>

#if defined(__AVR__) && !defined(MF_REQUANT_NO_INT64)
#define MF_REQUANT_NO_INT64 1
#endif
#if defined(MF_REQUANT_NO_INT64) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "MF_REQUANT_NO_INT64 assumes a little-endian target"
#endif

/*
 * a * b / 2^31 rounded to nearest, ties toward +infinity (2.5 -> 3, -2.5 -> -2): trunc((a*b + nudge)
 * / 2^31) with nudge = 2^30 for a*b >= 0 and 1 - 2^30 below. The one overflow, INT32_MIN * INT32_MIN,
 * saturates to INT32_MAX.
 */
static inline int32_t mf_srdhm(int32_t a, int32_t b)
{
	if (a == INT32_MIN && b == INT32_MIN) return INT32_MAX;
#ifdef MF_REQUANT_NO_INT64
	/* On magnitudes: |result| = (|a||b| + 2^30 - neg) >> 31, then the sign. |a||b| <= 2^62. */
	const int neg = (a < 0) != (b < 0);
	const uint32_t ua = a < 0 ? 0u - (uint32_t)a : (uint32_t)a, ub = b < 0 ? 0u - (uint32_t)b : (uint32_t)b;
	/* 16-bit halves through a union (h[0] is the low half: little-endian only), which avr-gcc turns
	 * into four 16x16->32 widening multiplies; shifts and masks would make it use 32x32 ones. */
	const union {
		uint32_t u;
		uint16_t h[2];
	} wa = { ua }, wb = { ub };
	const uint32_t p00 = (uint32_t)wa.h[0] * wb.h[0], p01 = (uint32_t)wa.h[0] * wb.h[1];
	const uint32_t p10 = (uint32_t)wa.h[1] * wb.h[0], p11 = (uint32_t)wa.h[1] * wb.h[1];
	/* (hi:lo) = p11 * 2^32 + (p01 + p10) * 2^16 + p00, carries propagated by hand. */
	const uint32_t mid = p01 + p10;
	const uint32_t mid_carry = mid < p01 ? UINT32_C(0x10000) : 0;
	uint32_t lo = p00 + (mid << 16);
	uint32_t hi = p11 + (mid >> 16) + mid_carry + (lo < p00);
	const uint32_t round = (UINT32_C(1) << 30) - (uint32_t)neg;
	lo += round;
	hi += lo < round;
	const uint32_t mag = (hi << 1) | (lo >> 31); /* < 2^31 once INT32_MIN^2 is excluded */
	return neg ? (int32_t)(0u - mag) : (int32_t)mag;
#else
	const int64_t ab = (int64_t)a * (int64_t)b;
	/* The reference divides by 2^31 truncating toward zero; biasing negatives before an arithmetic
	 * shift does the same without a 64-bit division. */
	int64_t t = ab + (ab >= 0 ? (INT64_C(1) << 30) : 1 - (INT64_C(1) << 30));
	if (t < 0) t += (INT64_C(1) << 31) - 1;
	return (int32_t)(t >> 31);
#endif
}

/* x / 2^exponent rounded to nearest, halves away from zero; exponent in [0, 31]. */
static inline int32_t mf_rdbpot(int32_t x, int32_t exponent)
{
	const int32_t mask = (int32_t)((UINT32_C(1) << exponent) - 1);
	const int32_t remainder = x & mask;
	const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
	return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/*
 * MultiplyByQuantizedMultiplier: x * m * 2^shift for a Q31 multiplier m in [0, 2^31 - 1] and shift in
 * [-31, 30] (positive = left). The left shift wraps like the reference's int32 arithmetic does on
 * every target; for shift <= 0 this is also MultiplyByQuantizedMultiplierSmallerThanOneExp.
 */
static inline int32_t mf_requantize(int32_t x, int32_t m, int32_t shift)
{
	const int32_t left = shift > 0 ? shift : 0;
	const int32_t right = shift > 0 ? 0 : -shift;
	return mf_rdbpot(mf_srdhm((int32_t)((uint32_t)x << left), m), right);
}

/* a + b with the two's-complement wrap-around the reference's int32 sums have in practice. */
static inline int32_t mf_add_wrap(int32_t a, int32_t b)
{
	return (int32_t)((uint32_t)a + (uint32_t)b);
}

static inline int32_t mf_clamp(int32_t v, int32_t lo, int32_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

#endif
