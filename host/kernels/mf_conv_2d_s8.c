/*
 * CONV_2D int8 (see mf_kernels.h). The filter window is clipped to the input once per output pixel,
 * so the inner loops test nothing; with dil_w == 1 a filter row is one contiguous span of
 * (kx1 - kx0) * in_c bytes in both the input and the filter.
 */
#if defined(__GNUC__) && !defined(__clang__) && !defined(__AVR__)
#pragma GCC optimize("O3")
#endif
#include "mf_kernels.h"
#include "mf_fixed_point.h"
#include "mf_window.h"

static int32_t mf_conv_dot(const int8_t *x, const MF_FLASH int8_t *f, int32_t n, int32_t input_offset)
{
	int32_t acc = 0;
	if (input_offset == 0) {
		/* The packer folded the offset into the bias: a plain int8 dot product. */
		for (int32_t i = 0; i < n; i++) acc += (int32_t)f[i] * (int32_t)x[i];
	} else {
		for (int32_t i = 0; i < n; i++) acc += (int32_t)f[i] * ((int32_t)x[i] + input_offset);
	}
	return acc;
}

/* Sum of one output channel's filter taps: with it a full window's input offset costs one multiply. */
static int32_t mf_filter_sum(const MF_FLASH int8_t *f, int32_t n)
{
	int32_t sum = 0;
	for (int32_t i = 0; i < n; i++) sum += f[i];
	return sum;
}

/*
 * Input offset folded into the bias by the packer (1x1 and other border-free convs): pixel outermost,
 * so the input pixel stays in cache across all output channels.
 */
static void mf_conv_folded(const MF_FLASH mf_conv_params *p, const int8_t *input, const MF_FLASH int8_t *filter,
	const MF_FLASH int32_t *bias, const MF_FLASH int32_t *mult, const MF_FLASH int32_t *shift, int8_t *output)
{
	const int32_t in_h = p->in_h, in_w = p->in_w, in_c = p->in_c, out_h = p->out_h, out_w = p->out_w, out_c = p->out_c;
	const int32_t k_h = p->k_h, k_w = p->k_w, dil_h = p->dil_h, dil_w = p->dil_w;
	const int32_t out_off = p->output_offset, act_min = p->act_min, act_max = p->act_max;
	for (int32_t b = 0; b < p->batches; b++) {
		const int8_t *in_b = input + b * in_h * in_w * in_c;
		for (int32_t oy = 0; oy < out_h; oy++) {
			const int32_t y0 = oy * p->stride_h - p->pad_h;
			int32_t ky0, ky1;
			mf_window(y0, k_h, dil_h, in_h, &ky0, &ky1);
			for (int32_t ox = 0; ox < out_w; ox++) {
				const int32_t x0 = ox * p->stride_w - p->pad_w;
				int32_t kx0, kx1;
				mf_window(x0, k_w, dil_w, in_w, &kx0, &kx1);
				int8_t *out = output + ((b * out_h + oy) * out_w + ox) * out_c;
				for (int32_t oc = 0; oc < out_c; oc++) {
					const MF_FLASH int8_t *f_oc = filter + oc * k_h * k_w * in_c;
					int32_t acc = 0;
					for (int32_t ky = ky0; ky < ky1; ky++) {
						const int8_t *x_row = in_b + (y0 + ky * dil_h) * in_w * in_c;
						const MF_FLASH int8_t *f_row = f_oc + ky * k_w * in_c;
						for (int32_t kx = kx0; kx < kx1; kx++)
							acc += mf_conv_dot(x_row + (x0 + kx * dil_w) * in_c, f_row + kx * in_c, in_c, 0);
					}
					const int32_t c = p->per_channel ? oc : 0;
					out[oc] = (int8_t)mf_clamp(mf_add_wrap(mf_requantize(mf_add_wrap(acc, bias[oc]), mult[c], shift[c]), out_off), act_min, act_max);
				}
			}
		}
	}
}

void mf_conv_2d_s8(const MF_FLASH mf_conv_params *p, const int8_t *input, const MF_FLASH int8_t *filter,
	const MF_FLASH int32_t *bias, const MF_FLASH int32_t *mult, const MF_FLASH int32_t *shift, int8_t *output)
{
	if (p->input_offset == 0) {
		mf_conv_folded(p, input, filter, bias, mult, shift, output);
		return;
	}
	const int32_t in_h = p->in_h, in_w = p->in_w, in_c = p->in_c, out_h = p->out_h, out_w = p->out_w, out_c = p->out_c;
	const int32_t k_h = p->k_h, k_w = p->k_w, dil_h = p->dil_h, dil_w = p->dil_w;
	const int32_t in_off = p->input_offset, out_off = p->output_offset, act_min = p->act_min, act_max = p->act_max;
	const int32_t taps = k_h * k_w * in_c;
	/* Output channel outermost: its filter stays in cache and its tap sum is computed once. */
	for (int32_t oc = 0; oc < out_c; oc++) {
		const MF_FLASH int8_t *f_oc = filter + oc * taps;
		const int32_t full_offset = in_off * mf_filter_sum(f_oc, taps);
		const int32_t c = p->per_channel ? oc : 0;
		const int32_t m = mult[c], sh = shift[c], b_oc = bias[oc];
		for (int32_t b = 0; b < p->batches; b++) {
			const int8_t *in_b = input + b * in_h * in_w * in_c;
			for (int32_t oy = 0; oy < out_h; oy++) {
				const int32_t y0 = oy * p->stride_h - p->pad_h;
				int32_t ky0, ky1;
				mf_window(y0, k_h, dil_h, in_h, &ky0, &ky1);
				for (int32_t ox = 0; ox < out_w; ox++) {
					const int32_t x0 = ox * p->stride_w - p->pad_w;
					int32_t kx0, kx1;
					mf_window(x0, k_w, dil_w, in_w, &kx0, &kx1);
					/* A full window adds the offset once through the tap sum; a clipped one per tap. */
					const int32_t full = ky0 == 0 && ky1 == k_h && kx0 == 0 && kx1 == k_w;
					const int32_t tap_off = full ? 0 : in_off;
					int32_t acc = full ? full_offset : 0; /* |acc| < 2^31 for any real layer: taps x 2^15 */
					for (int32_t ky = ky0; ky < ky1; ky++) {
						const int8_t *x_row = in_b + (y0 + ky * dil_h) * in_w * in_c;
						const MF_FLASH int8_t *f_row = f_oc + ky * k_w * in_c;
						if (dil_w == 1) {
							acc += mf_conv_dot(x_row + (x0 + kx0) * in_c, f_row + kx0 * in_c, (kx1 - kx0) * in_c, tap_off);
						} else {
							for (int32_t kx = kx0; kx < kx1; kx++)
								acc += mf_conv_dot(x_row + (x0 + kx * dil_w) * in_c, f_row + kx * in_c, in_c, tap_off);
						}
					}
					const int32_t v = mf_add_wrap(mf_requantize(mf_add_wrap(acc, b_oc), m, sh), out_off);
					output[((b * out_h + oy) * out_w + ox) * out_c + oc] = (int8_t)mf_clamp(v, act_min, act_max);
				}
			}
		}
	}
}
