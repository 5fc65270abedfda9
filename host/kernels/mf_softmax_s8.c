/*
 * SOFTMAX int8 (see mf_kernels.h): TFLM's reference arithmetic. Differences from the row maximum are
 * rescaled to fixed point with 5 integer bits (F5), exponentiated with gemmlowp's exp_on_negative_values,
 * summed with 12 integer bits, and multiplied by a fixed-point reciprocal (Newton-Raphson).
 */
#include "mf_kernels.h"
#include "mf_requant.h"

/*
 * mf_rdbpot for the output scaling, whose exponent reaches 32..34 when a row's sum of exponentials
 * needs more than 8 integer bits (from ~512 equal values). TFLM 90b983c2 aborts there
 * (TFLITE_CHECK(exponent <= 31)); this computes what older TFLM did on x86 (an all-ones mask, the
 * shift count taken mod 32), as the TS reference does, without undefined behaviour.
 */
static int32_t mf_rdbpot_wide(int32_t x, int32_t exponent)
{
	if (exponent < 32) return mf_rdbpot(x, exponent);
	const int32_t threshold = -1 + (x < 0 ? 1 : 0); /* mask -1: remainder is x */
	return (x >> (exponent & 31)) + (x > threshold ? 1 : 0);
}

/* Saturating x * 2^e for e > 0 (gemmlowp SaturatingRoundingMultiplyByPOT). */
static int32_t mf_sat_shl(int32_t x, int32_t e)
{
	const int32_t threshold = (int32_t)((UINT32_C(1) << (31 - e)) - 1);
	if (x > threshold) return INT32_MAX;
	if (x < -threshold) return INT32_MIN;
	return (int32_t)((uint32_t)x << e);
}

/* exp(a) for a in [-1/4, 0), raw F0 in and out. */
static int32_t mf_exp_quarter(int32_t a)
{
	const int32_t constant_term = 1895147668, one_third = 715827883;
	const int32_t x = mf_add_wrap(a, INT32_C(1) << 28);
	const int32_t x2 = mf_srdhm(x, x), x3 = mf_srdhm(x2, x), x4 = mf_srdhm(x2, x2);
	const int32_t x4_over_4 = mf_rdbpot(x4, 2);
	const int32_t poly = mf_rdbpot(mf_add_wrap(mf_srdhm(mf_add_wrap(x4_over_4, x3), one_third), x2), 1);
	return mf_add_wrap(constant_term, mf_srdhm(constant_term, mf_add_wrap(x, poly)));
}

/* exp(a) for a <= 0: a is F5 (26 fractional bits), the result F0. */
static int32_t mf_exp_on_negative_values(int32_t a)
{
	/* exp(-2^(k-2)) in F0 for k = 0..6, applied for each set bit 24 + k of the input's magnitude. */
	static const MF_FLASH int32_t barrel[7] = { 1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242 };
	const int32_t quarter = INT32_C(1) << 24;
	const int32_t mod_minus_quarter = (int32_t)((uint32_t)(a & (quarter - 1)) - (uint32_t)quarter);
	int32_t result = mf_exp_quarter(mf_sat_shl(mod_minus_quarter, 5));
	const int32_t remainder = (int32_t)((uint32_t)mod_minus_quarter - (uint32_t)a);
	for (int32_t k = 0; k < 7; k++)
		if (remainder & (INT32_C(1) << (24 + k))) result = mf_srdhm(result, barrel[k]);
	return a == 0 ? INT32_MAX : result;
}

/* 1 / (1 + x) for x in [0, 1), raw F0 in and out. */
static int32_t mf_one_over_one_plus_x(int32_t a)
{
	/* RoundingHalfSum(a, 1.0) = trunc((a + INT32_MAX + sign) / 2): for a > INT32_MIN the sum is >= 0,
	 * making it (a + 2^31) / 2 in unsigned arithmetic (no 64-bit division on AVR). */
	const int32_t half_den = a == INT32_MIN ? -1 : (int32_t)(((uint32_t)a + UINT32_C(0x80000000)) >> 1);
	int32_t x = mf_add_wrap(1515870810, mf_srdhm(half_den, -1010580540));
	for (int32_t i = 0; i < 3; i++) {
		const int32_t one_minus = (int32_t)((uint32_t)(INT32_C(1) << 29) - (uint32_t)mf_srdhm(half_den, x));
		x = mf_add_wrap(x, mf_sat_shl(mf_srdhm(x, one_minus), 2));
	}
	return mf_sat_shl(x, 1);
}

static int32_t mf_clz32(uint32_t x)
{
	int32_t n = 0;
	if (x == 0) return 32;
	while (!(x & UINT32_C(0x80000000))) {
		x <<= 1;
		n++;
	}
	return n;
}

void mf_softmax_s8(const MF_FLASH mf_softmax_params *p, const int8_t *input, int8_t *output)
{
	const int32_t depth = p->depth, mult = p->input_multiplier, ls = p->input_left_shift, diff_min = p->diff_min;
	for (int32_t r = 0; r < p->outer_size; r++) {
		const int8_t *x = input + r * depth;
		int8_t *y = output + r * depth;
		int32_t max = -128;
		for (int32_t c = 0; c < depth; c++)
			if (x[c] > max) max = x[c];
		int32_t sum = 0;
		for (int32_t c = 0; c < depth; c++) {
			const int32_t diff = x[c] - max;
			if (diff >= diff_min)
				sum = mf_add_wrap(sum, mf_rdbpot(mf_exp_on_negative_values(mf_srdhm((int32_t)((uint32_t)diff << ls), mult)), 12));
		}
		/* sum >= 2^19 (the row maximum contributes exp(0)) unless it wrapped: from depth 8192 it can
		 * be exactly 0 (headroom 32, where the reference's shift is undefined: taken as 0 here, as the
		 * TS reference does) or negative (headroom 0, output exponent 35). */
		const int32_t headroom = mf_clz32((uint32_t)sum);
		const int32_t bits_over_unit = 12 - headroom;
		const uint32_t normalized = headroom < 32 ? (uint32_t)sum << headroom : 0;
		const int32_t shifted = (int32_t)(normalized - UINT32_C(0x80000000));
		const int32_t reciprocal = mf_one_over_one_plus_x(shifted);
		for (int32_t c = 0; c < depth; c++) {
			const int32_t diff = x[c] - max;
			int32_t v = -128;
			if (diff >= diff_min) {
				const int32_t e = mf_exp_on_negative_values(mf_srdhm((int32_t)((uint32_t)diff << ls), mult));
				v = mf_clamp(mf_rdbpot_wide(mf_srdhm(reciprocal, e), bits_over_unit + 31 - 8) - 128, -128, 127);
			}
			y[c] = (int8_t)v;
		}
	}
}
