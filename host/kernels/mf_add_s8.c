/*
 * ADD int8 with 4-D broadcasting (see mf_kernels.h): TFLM's AddFunc. Its three
 * MultiplyByQuantizedMultiplierSmallerThanOneExp scalings are mf_requantize with shifts <= 0.
 * |offset + x| <= 255, so the shifted inputs stay below 2^28 and the scaled sum below 2^29.
 */
#include "mf_kernels.h"
#include "mf_requant.h"

void mf_add_s8(const MF_FLASH mf_add_params *p, const int8_t *input1, const int8_t *input2, int8_t *output)
{
	const int32_t off1 = p->input1_offset, off2 = p->input2_offset, out_off = p->output_offset, ls = p->left_shift;
	const int32_t m1 = p->input1_multiplier, s1 = p->input1_shift, m2 = p->input2_multiplier, s2 = p->input2_shift;
	const int32_t mo = p->output_multiplier, so = p->output_shift, act_min = p->act_min, act_max = p->act_max;
	const int32_t d0 = p->out_d[0], d1 = p->out_d[1], d2 = p->out_d[2], d3 = p->out_d[3];
	const int32_t a0 = p->in1_stride[0], a1 = p->in1_stride[1], a2 = p->in1_stride[2], a3 = p->in1_stride[3];
	const int32_t b0 = p->in2_stride[0], b1 = p->in2_stride[1], b2 = p->in2_stride[2], b3 = p->in2_stride[3];
	int8_t *out = output;
	for (int32_t i0 = 0; i0 < d0; i0++)
		for (int32_t i1 = 0; i1 < d1; i1++)
			for (int32_t i2 = 0; i2 < d2; i2++) {
				const int8_t *x1 = input1 + i0 * a0 + i1 * a1 + i2 * a2;
				const int8_t *x2 = input2 + i0 * b0 + i1 * b1 + i2 * b2;
				for (int32_t i3 = 0; i3 < d3; i3++) {
					const int32_t v1 = mf_requantize((int32_t)((uint32_t)(off1 + x1[i3 * a3]) << ls), m1, s1);
					const int32_t v2 = mf_requantize((int32_t)((uint32_t)(off2 + x2[i3 * b3]) << ls), m2, s2);
					*out++ = (int8_t)mf_clamp(mf_add_wrap(mf_requantize(mf_add_wrap(v1, v2), mo, so), out_off), act_min, act_max);
				}
			}
}
