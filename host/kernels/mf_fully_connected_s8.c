/* FULLY_CONNECTED int8 (see mf_kernels.h). The hot loop is a contiguous int8 dot product. */
#if defined(__GNUC__) && !defined(__clang__) && !defined(__AVR__)
#pragma GCC optimize("O3")
#endif
#include "mf_kernels.h"
#include "mf_requant.h"

static inline void mf_fully_connected_s8_range(const MF_FLASH mf_fc_params *p, int32_t r0, int32_t r1, int32_t c0, int32_t c1, const int8_t *input,
	const MF_FLASH int8_t *weights, const MF_FLASH int32_t *bias, const MF_FLASH int32_t *mult, const MF_FLASH int32_t *shift, int8_t *output)
{
	const int32_t accum = p->accum_depth, out_depth = p->out_depth;
	const int32_t out_offset = p->output_offset, act_min = p->act_min, act_max = p->act_max;
	const int32_t per_channel = p->per_channel;
	for (int32_t b = r0; b < r1; b++) {
		const int8_t *x = input + b * accum;
		for (int32_t o = c0; o < c1; o++) {
			const MF_FLASH int8_t *w = weights + o * accum;
			int32_t acc = 0;
			/* |x * w| <= 2^14: a 16-bit product (one MULS on AVR) widened for the sum. */
			for (int32_t d = 0; d < accum; d++) acc += (int16_t)((int16_t)x[d] * (int16_t)w[d]);
			acc = mf_add_wrap(acc, bias[o]);
			const int32_t c = per_channel ? o : 0;
			const int32_t v = mf_add_wrap(mf_requantize(acc, mult[c], shift[c]), out_offset);
			output[b * out_depth + o] = (int8_t)mf_clamp(v, act_min, act_max);
		}
	}
}

/* AVR runs on one core: only the whole op is compiled there, with the range folded to constants. */
void mf_fully_connected_s8(const MF_FLASH mf_fc_params *p, const int8_t *input, const MF_FLASH int8_t *weights,
	const MF_FLASH int32_t *bias, const MF_FLASH int32_t *mult, const MF_FLASH int32_t *shift, int8_t *output)
{
	mf_fully_connected_s8_range(p, 0, p->batches, 0, p->out_depth, input, weights, bias, mult, shift, output);
}

#if !defined(__AVR__)
void mf_fully_connected_s8_part(const MF_FLASH mf_fc_params *p, const mf_part *part, const int8_t *input, const MF_FLASH int8_t *weights,
	const MF_FLASH int32_t *bias, const MF_FLASH int32_t *mult, const MF_FLASH int32_t *shift, int8_t *output)
{
	mf_fully_connected_s8_range(p, part->r0, part->r1, part->c0, part->c1, input, weights, bias, mult, shift, output);
}
#endif
