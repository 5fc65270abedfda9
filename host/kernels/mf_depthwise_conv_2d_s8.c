/*
 * DEPTHWISE_CONV_2D int8 (see mf_kernels.h). Output channels are processed in blocks held in a small
 * stack accumulator, so for every in-image tap the inner loop runs over contiguous channels of both
 * the input pixel and the filter (vectorizable); the window is clipped once per output pixel.
 */
#if defined(__GNUC__) && !defined(__clang__) && !defined(__AVR__)
#pragma GCC optimize("O3")
#endif
#include "mf_kernels.h"
#include "mf_requant.h"
#include "mf_window.h"

/* Accumulator block: 4 bytes of stack per channel (AVR has 2 KB of RAM in all). */
#if defined(__AVR__)
#define MF_DW_BLOCK 8
#else
#define MF_DW_BLOCK 64
#endif

static inline void mf_depthwise_conv_2d_s8_range(const MF_FLASH mf_dw_conv_params *p, int32_t r0, int32_t r1, int32_t c0, int32_t c1, const int8_t *input,
	const MF_FLASH int8_t *filter, const MF_FLASH int32_t *bias, const MF_FLASH int32_t *mult, const MF_FLASH int32_t *shift, int8_t *output)
{
	const int32_t in_h = p->in_h, in_w = p->in_w, in_c = p->in_c, out_h = p->out_h, out_w = p->out_w, out_c = p->out_c;
	const int32_t k_h = p->k_h, k_w = p->k_w, dil_h = p->dil_h, dil_w = p->dil_w, dm = p->depth_multiplier;
	const int32_t in_off = p->input_offset, out_off = p->output_offset, act_min = p->act_min, act_max = p->act_max;
	int32_t acc[MF_DW_BLOCK];
	for (int32_t row = r0; row < r1; row++) {
		const int32_t b = row / out_h, oy = row - b * out_h;
		const int8_t *in_b = input + b * in_h * in_w * in_c;
		const int32_t y0 = oy * p->stride_h - p->pad_h;
		int32_t ky0, ky1;
		mf_window(y0, k_h, dil_h, in_h, &ky0, &ky1);
		for (int32_t ox = 0; ox < out_w; ox++) {
			const int32_t x0 = ox * p->stride_w - p->pad_w;
			int32_t kx0, kx1;
			mf_window(x0, k_w, dil_w, in_w, &kx0, &kx1);
			int8_t *out = output + (row * out_w + ox) * out_c;
			for (int32_t cb = c0; cb < c1; cb += MF_DW_BLOCK) {
				const int32_t n = c1 - cb < MF_DW_BLOCK ? c1 - cb : MF_DW_BLOCK;
				for (int32_t i = 0; i < n; i++) acc[i] = 0;
				for (int32_t ky = ky0; ky < ky1; ky++) {
					for (int32_t kx = kx0; kx < kx1; kx++) {
						const int8_t *px = in_b + ((y0 + ky * dil_h) * in_w + x0 + kx * dil_w) * in_c;
						const MF_FLASH int8_t *f = filter + (ky * k_w + kx) * out_c + cb;
						if (dm == 1) {
							const int8_t *x = px + cb;
							for (int32_t i = 0; i < n; i++) acc[i] += (int32_t)f[i] * ((int32_t)x[i] + in_off);
						} else {
							for (int32_t i = 0; i < n; i++) acc[i] += (int32_t)f[i] * ((int32_t)px[(cb + i) / dm] + in_off);
						}
					}
				}
				for (int32_t i = 0; i < n; i++) {
					const int32_t oc = cb + i;
					const int32_t c = p->per_channel ? oc : 0;
					out[oc] = (int8_t)mf_clamp(mf_add_wrap(mf_requantize(mf_add_wrap(acc[i], bias[oc]), mult[c], shift[c]), out_off), act_min, act_max);
				}
			}
		}
	}
}

/* AVR runs on one core: only the whole op is compiled there, with the range folded to constants. */
void mf_depthwise_conv_2d_s8(const MF_FLASH mf_dw_conv_params *p, const int8_t *input, const MF_FLASH int8_t *filter,
	const MF_FLASH int32_t *bias, const MF_FLASH int32_t *mult, const MF_FLASH int32_t *shift, int8_t *output)
{
	mf_depthwise_conv_2d_s8_range(p, 0, p->batches * p->out_h, 0, p->out_c, input, filter, bias, mult, shift, output);
}

#if !defined(__AVR__)
void mf_depthwise_conv_2d_s8_part(const MF_FLASH mf_dw_conv_params *p, const mf_part *part, const int8_t *input, const MF_FLASH int8_t *filter,
	const MF_FLASH int32_t *bias, const MF_FLASH int32_t *mult, const MF_FLASH int32_t *shift, int8_t *output)
{
	mf_depthwise_conv_2d_s8_range(p, part->r0, part->r1, part->c0, part->c1, input, filter, bias, mult, shift, output);
}
#endif
