/* XS binding: softmaxS8(params, input, output). */
#include "mf_kernels.h"
#include "mf_xs_ops.h"

void mf_xs_run_softmax_s8(xsMachine *the, const mf_xs_buf *b)
{
	mf_softmax_params p;
	mf_xs_params(the, &p, sizeof p / 4, &b[0]);
	const int32_t dims[2] = { p.outer_size, p.depth };
	const uint32_t n = mf_xs_count(the, dims, 2, "input");
	mf_xs_range(the, p.input_multiplier, 0, INT32_MAX, "input_multiplier");
	mf_xs_range(the, p.input_left_shift, 0, 31, "input_left_shift");
	mf_xs_range(the, p.diff_min, -INT32_MAX, 0, "diff_min");
	const int8_t *input = mf_xs_need(the, &b[1], n, "input");
	int8_t *output = mf_xs_need(the, &b[2], n, "output");
	mf_softmax_s8(&p, input, output);
}

void xs_mf_softmax_s8(xsMachine *the)
{
	mf_xs_buf b[3];
	mf_xs_argc(the, 3, "softmaxS8");
	mf_xs_fetch(the, b, 3, UINT32_C(1) << 2);
	mf_xs_run_softmax_s8(the, b);
}
