/* XS binding: fullyConnectedS8(params, input, weights, bias, multiplier, shift, output). */
#include "mf_kernels.h"
#include "mf_xs_ops.h"

void mf_xs_job_fully_connected_s8(xsMachine *the, const mf_xs_buf *b, mf_job *j)
{
	mf_fc_params p;
	mf_xs_params(the, &p, sizeof p / 4, &b[0]);
	const int32_t in_dims[2] = { p.batches, p.accum_depth }, w_dims[2] = { p.out_depth, p.accum_depth }, out_dims[2] = { p.batches, p.out_depth };
	const uint32_t in = mf_xs_count(the, in_dims, 2, "input"), w = mf_xs_count(the, w_dims, 2, "weights");
	const uint32_t out = mf_xs_count(the, out_dims, 2, "output");
	mf_xs_accum(the, p.accum_depth, MF_MAX_FC_ACCUM, "accum_depth");
	mf_xs_range(the, p.per_channel, 0, 1, "per_channel");
	mf_xs_activation(the, p.output_offset, p.act_min, p.act_max);
	const uint32_t nq = p.per_channel ? (uint32_t)p.out_depth : 1;
	const int8_t *input = mf_xs_need(the, &b[1], in, "input");
	const int8_t *weights = mf_xs_need(the, &b[2], w, "weights");
	const int32_t *bias = mf_xs_int32s(the, &b[3], (uint32_t)p.out_depth, "bias");
	const int32_t *mult = mf_xs_int32s(the, &b[4], nq, "multiplier");
	const int32_t *shift = mf_xs_int32s(the, &b[5], nq, "shift");
	int8_t *output = mf_xs_need(the, &b[6], out, "output");
	mf_xs_requant(the, mult, shift, nq, 30);
	j->kind = MF_JOB_FC;
	j->p.fc = p;
	j->input = input;
	j->filter = weights;
	j->bias = bias;
	j->mult = mult;
	j->shift = shift;
	j->output = output;
}

void mf_xs_run_fully_connected_s8(xsMachine *the, const mf_xs_buf *b)
{
	mf_job j;
	mf_xs_job_fully_connected_s8(the, b, &j);
	mf_job_run(&j, 1);
}

void xs_mf_fully_connected_s8(xsMachine *the)
{
	mf_xs_buf b[7];
	mf_xs_argc(the, 7, "fullyConnectedS8");
	mf_xs_fetch(the, b, 7, UINT32_C(1) << 6);
	mf_xs_run_fully_connected_s8(the, b);
}
