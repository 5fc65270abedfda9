/* XS binding: conv2dS8(params, input, filter, bias, multiplier, shift, output). */
#include "mf_kernels.h"
#include "mf_xs_ops.h"

void mf_xs_job_conv_2d_s8(xsMachine *the, const mf_xs_buf *b, mf_job *j)
{
	mf_conv_params p;
	int32_t geo[15];
	mf_xs_params(the, &p, sizeof p / 4, &b[0]);
	memcpy(geo, &p, sizeof geo);
	const int32_t in_dims[4] = { p.batches, p.in_h, p.in_w, p.in_c }, f_dims[4] = { p.out_c, p.k_h, p.k_w, p.in_c };
	const int32_t out_dims[4] = { p.batches, p.out_h, p.out_w, p.out_c };
	const uint32_t in = mf_xs_count(the, in_dims, 4, "input"), f = mf_xs_count(the, f_dims, 4, "filter"), out = mf_xs_count(the, out_dims, 4, "output");
	mf_xs_accum(the, (int64_t)p.k_h * p.k_w * p.in_c, MF_MAX_CONV_TAPS, "k_h * k_w * in_c");
	const int32_t *bias, *mult, *shift;
	mf_xs_conv_common(the, geo, p.input_offset, p.output_offset, p.act_min, p.act_max, p.per_channel, b, &bias, &mult, &shift);
	const int8_t *input = mf_xs_need(the, &b[1], in, "input");
	const int8_t *filter = mf_xs_need(the, &b[2], f, "filter");
	int8_t *output = mf_xs_need(the, &b[6], out, "output");
	j->kind = MF_JOB_CONV;
	j->p.conv = p;
	j->input = input;
	j->filter = filter;
	j->bias = bias;
	j->mult = mult;
	j->shift = shift;
	j->output = output;
}

void mf_xs_run_conv_2d_s8(xsMachine *the, const mf_xs_buf *b)
{
	mf_job j;
	mf_xs_job_conv_2d_s8(the, b, &j);
	mf_job_run(&j, 1);
}

void xs_mf_conv_2d_s8(xsMachine *the)
{
	mf_xs_buf b[7];
	mf_xs_argc(the, 7, "conv2dS8");
	mf_xs_fetch(the, b, 7, UINT32_C(1) << 6);
	mf_xs_run_conv_2d_s8(the, b);
}
