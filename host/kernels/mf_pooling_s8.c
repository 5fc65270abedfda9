/* AVERAGE_POOL_2D and MAX_POOL_2D int8 (see mf_kernels.h). */
#if defined(__GNUC__) && !defined(__clang__) && !defined(__AVR__)
#pragma GCC optimize("O3")
#endif
#include "mf_kernels.h"
#include "mf_requant.h"

static int32_t mf_max32(int32_t a, int32_t b) { return a > b ? a : b; }
static int32_t mf_min32(int32_t a, int32_t b) { return a < b ? a : b; }

static void mf_pool(const MF_FLASH mf_pool_params *p, const int8_t *input, int8_t *output, int average)
{
	const int32_t in_h = p->in_h, in_w = p->in_w, ch = p->channels, out_h = p->out_h, out_w = p->out_w;
	const int32_t f_h = p->f_h, f_w = p->f_w, act_min = p->act_min, act_max = p->act_max;
	for (int32_t b = 0; b < p->batches; b++) {
		for (int32_t oy = 0; oy < out_h; oy++) {
			const int32_t y0 = oy * p->stride_h - p->pad_h;
			const int32_t fy0 = mf_max32(0, -y0), fy1 = mf_min32(f_h, in_h - y0);
			for (int32_t ox = 0; ox < out_w; ox++) {
				const int32_t x0 = ox * p->stride_w - p->pad_w;
				const int32_t fx0 = mf_max32(0, -x0), fx1 = mf_min32(f_w, in_w - x0);
				const int32_t count = (fy1 > fy0 && fx1 > fx0) ? (fy1 - fy0) * (fx1 - fx0) : 0;
				const int32_t fy_end = count ? fy1 : fy0; /* no tap: no input pointer is formed */
				int8_t *out = output + ((b * out_h + oy) * out_w + ox) * ch;
				for (int32_t c = 0; c < ch; c++) {
					int32_t acc = average ? 0 : -128;
					for (int32_t fy = fy0; fy < fy_end; fy++) {
						const int8_t *x = input + ((b * in_h + y0 + fy) * in_w + x0 + fx0) * ch + c; /* first in-image tap */
						for (int32_t fx = 0; fx < fx1 - fx0; fx++) {
							const int32_t v = x[fx * ch];
							if (average) acc += v;
							else if (v > acc) acc = v;
						}
					}
					if (average) {
						/* Round half away from zero, as the reference does; no taps gives 0. */
						if (count == 0) acc = 0;
						else acc = acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;
					}
					out[c] = (int8_t)mf_clamp(acc, act_min, act_max);
				}
			}
		}
	}
}

void mf_average_pool_2d_s8(const MF_FLASH mf_pool_params *p, const int8_t *input, int8_t *output)
{
	mf_pool(p, input, output, 1);
}

void mf_max_pool_2d_s8(const MF_FLASH mf_pool_params *p, const int8_t *input, int8_t *output)
{
	mf_pool(p, input, output, 0);
}
