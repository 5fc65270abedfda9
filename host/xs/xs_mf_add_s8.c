/* XS binding: addS8(params, input1, input2, output). */
#include "mf_kernels.h"
#include "mf_xs_ops.h"

void mf_xs_run_add_s8(xsMachine *the, const mf_xs_buf *b)
{
	mf_add_params p;
	mf_xs_params(the, &p, sizeof p / 4, &b[0]);
	const uint32_t out = mf_xs_count(the, p.out_d, 4, "output");
	const uint32_t n1 = mf_xs_reach(the, p.out_d, p.in1_stride, "input1"), n2 = mf_xs_reach(the, p.out_d, p.in2_stride, "input2");
	mf_xs_range(the, p.left_shift, 0, 20, "left_shift");
	mf_xs_range(the, p.input1_offset, -127, 128, "input1_offset");
	mf_xs_range(the, p.input2_offset, -127, 128, "input2_offset");
	const int32_t mults[3] = { p.input1_multiplier, p.input2_multiplier, p.output_multiplier };
	const int32_t shifts[3] = { p.input1_shift, p.input2_shift, p.output_shift };
	mf_xs_requant(the, mults, shifts, 3, 0);
	mf_xs_activation(the, p.output_offset, p.act_min, p.act_max);
	const int8_t *in1 = mf_xs_need(the, &b[1], n1, "input1");
	const int8_t *in2 = mf_xs_need(the, &b[2], n2, "input2");
	int8_t *output = mf_xs_need(the, &b[3], out, "output");
	mf_add_s8(&p, in1, in2, output);
}

void xs_mf_add_s8(xsMachine *the)
{
	mf_xs_buf b[4];
	mf_xs_argc(the, 4, "addS8");
	mf_xs_fetch(the, b, 4, UINT32_C(1) << 3);
	mf_xs_run_add_s8(the, b);
}
