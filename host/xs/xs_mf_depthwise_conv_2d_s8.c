/* XS binding: depthwiseConv2dS8(params, input, filter, bias, multiplier, shift, output). */
#include "mf_kernels.h"
#include "mf_xs_ops.h"

void mf_xs_run_depthwise_conv_2d_s8(xsMachine *the, const mf_xs_buf *b)
{
	mf_dw_conv_params p;
	mf_xs_params(the, &p, sizeof p / 4, &b[0]);
	const int32_t in_dims[4] = { p.batches, p.in_h, p.in_w, p.in_c }, f_dims[3] = { p.k_h, p.k_w, p.out_c };
	const int32_t out_dims[4] = { p.batches, p.out_h, p.out_w, p.out_c };
	const uint32_t in = mf_xs_count(the, in_dims, 4, "input"), f = mf_xs_count(the, f_dims, 3, "filter"), out = mf_xs_count(the, out_dims, 4, "output");
	if (p.depth_multiplier < 1 || (int64_t)p.in_c * p.depth_multiplier != p.out_c) xsRangeError("out_c must be in_c * depth_multiplier");
	mf_xs_window(the, p.out_h, p.k_h, p.stride_h, p.dil_h, p.pad_h, "height");
	mf_xs_window(the, p.out_w, p.k_w, p.stride_w, p.dil_w, p.pad_w, "width");
	mf_xs_range(the, p.input_offset, -127, 128, "input_offset");
	mf_xs_range(the, p.per_channel, 0, 1, "per_channel");
	mf_xs_activation(the, p.output_offset, p.act_min, p.act_max);
	const uint32_t nq = p.per_channel ? (uint32_t)p.out_c : 1;
	const int8_t *input = mf_xs_need(the, &b[1], in, "input");
	const int8_t *filter = mf_xs_need(the, &b[2], f, "filter");
	const int32_t *bias = mf_xs_int32s(the, &b[3], (uint32_t)p.out_c, "bias");
	const int32_t *mult = mf_xs_int32s(the, &b[4], nq, "multiplier");
	const int32_t *shift = mf_xs_int32s(the, &b[5], nq, "shift");
	int8_t *output = mf_xs_need(the, &b[6], out, "output");
	mf_xs_requant(the, mult, shift, nq);
	mf_depthwise_conv_2d_s8(&p, input, filter, bias, mult, shift, output);
}

void xs_mf_depthwise_conv_2d_s8(xsMachine *the)
{
	mf_xs_buf b[7];
	mf_xs_argc(the, 7, "depthwiseConv2dS8");
	mf_xs_fetch(the, b, 7, UINT32_C(1) << 6);
	mf_xs_run_depthwise_conv_2d_s8(the, b);
}
