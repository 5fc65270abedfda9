/* MINIMUM_S8 and MAXIMUM_S8 (see mf_kernels.h): one broadcasting loop, the comparison chosen per call. */
#include "mf_kernels.h"

static void mf_min_max_s8(const MF_FLASH mf_min_max_params *p, const int8_t *in1, const int8_t *in2, int8_t *output, uint8_t max)
{
	const int32_t d0 = p->out_d[0], d1 = p->out_d[1], d2 = p->out_d[2], d3 = p->out_d[3];
	const int32_t a3 = p->in1_stride[3], b3 = p->in2_stride[3];
	int32_t o = 0;
	for (int32_t i0 = 0; i0 < d0; i0++) {
		for (int32_t i1 = 0; i1 < d1; i1++) {
			for (int32_t i2 = 0; i2 < d2; i2++) {
				int32_t ia = i0 * p->in1_stride[0] + i1 * p->in1_stride[1] + i2 * p->in1_stride[2];
				int32_t ib = i0 * p->in2_stride[0] + i1 * p->in2_stride[1] + i2 * p->in2_stride[2];
				for (int32_t i3 = 0; i3 < d3; i3++, ia += a3, ib += b3) {
					const int8_t x = in1[ia], y = in2[ib];
					output[o++] = (uint8_t)(x > y) == max ? x : y;
				}
			}
		}
	}
}

void mf_minimum_s8(const MF_FLASH mf_min_max_params *p, const int8_t *input1, const int8_t *input2, int8_t *output)
{
	mf_min_max_s8(p, input1, input2, output, 0);
}

void mf_maximum_s8(const MF_FLASH mf_min_max_params *p, const int8_t *input1, const int8_t *input2, int8_t *output)
{
	mf_min_max_s8(p, input1, input2, output, 1);
}
