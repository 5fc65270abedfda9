/*
 * The int32 fixed-point primitives of TFLite Micro's reference kernels (gemmlowp semantics), bit-exact:
 * SaturatingRoundingDoublingHighMul, RoundingDivideByPOT, MultiplyByQuantizedMultiplier (the
 * double-rounding form TFLM builds by default). Header-only so every kernel inlines them.
 */
#ifndef MF_FIXED_POINT_H
#define MF_FIXED_POINT_H

#include <stdint.h>

/* round(a * b / 2^31) with ties away from zero; saturates the one overflow, INT32_MIN * INT32_MIN. */
static inline int32_t mf_srdhm(int32_t a, int32_t b)
{
	if (a == INT32_MIN && b == INT32_MIN) return INT32_MAX;
	int64_t ab = (int64_t)a * (int64_t)b;
	int64_t nudge = ab >= 0 ? (INT64_C(1) << 30) : (1 - (INT64_C(1) << 30));
	/* The reference divides by 2^31 truncating toward zero; a biased arithmetic shift does the same
	 * without a 64-bit division (a library call costing thousands of cycles on AVR). */
	int64_t t = ab + nudge;
	if (t < 0) t += (INT64_C(1) << 31) - 1;
	return (int32_t)(t >> 31);
}

/*
 * x / 2^exponent rounded half away from zero; exponent in [0, 31]. Softmax over very wide rows can ask
 * for up to 34: the reference then computes its mask in 64 bits and shifts by exponent mod 32 (x86);
 * that is reproduced here without undefined behaviour.
 */
static inline int32_t mf_rdbpot(int32_t x, int32_t exponent)
{
	const int32_t mask = exponent >= 32 ? -1 : (int32_t)((UINT32_C(1) << exponent) - 1);
	const int32_t remainder = x & mask;
	const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
	return (x >> (exponent & 31)) + (remainder > threshold ? 1 : 0);
}

/* x * m * 2^shift for a Q31 multiplier m, shift in [-31, 30]. The left shift wraps like the reference's. */
static inline int32_t mf_requantize(int32_t x, int32_t m, int32_t shift)
{
	const int32_t left = shift > 0 ? shift : 0;
	const int32_t right = shift > 0 ? 0 : -shift;
	return mf_rdbpot(mf_srdhm((int32_t)((uint32_t)x << left), m), right);
}

/* a + b wrapping like the reference's int32 arithmetic does on every target we build for. */
static inline int32_t mf_add_wrap(int32_t a, int32_t b)
{
	return (int32_t)((uint32_t)a + (uint32_t)b);
}

static inline int32_t mf_clamp(int32_t v, int32_t lo, int32_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

#endif
