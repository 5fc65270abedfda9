/* XS bindings: minimumS8(params, input1, input2, output) and maximumS8(...). */
#include "mf_kernels.h"
#include "mf_xs_ops.h"

typedef void (*mf_min_max_fn)(const MF_FLASH mf_min_max_params *p, const int8_t *input1, const int8_t *input2, int8_t *output);

static void mf_xs_min_max(xsMachine *the, const mf_xs_buf *b, mf_min_max_fn fn)
{
	mf_min_max_params p;
	mf_xs_params(the, &p, sizeof p / 4, &b[0]);
	const uint32_t out = mf_xs_count(the, p.out_d, 4, "output");
	const uint32_t n1 = mf_xs_reach(the, p.out_d, p.in1_stride, "input1"), n2 = mf_xs_reach(the, p.out_d, p.in2_stride, "input2");
	const int8_t *in1 = mf_xs_need(the, &b[1], n1, "input1");
	const int8_t *in2 = mf_xs_need(the, &b[2], n2, "input2");
	int8_t *output = mf_xs_need(the, &b[3], out, "output");
	fn(&p, in1, in2, output);
}

void mf_xs_run_minimum_s8(xsMachine *the, const mf_xs_buf *b) { mf_xs_min_max(the, b, mf_minimum_s8); }

void mf_xs_run_maximum_s8(xsMachine *the, const mf_xs_buf *b) { mf_xs_min_max(the, b, mf_maximum_s8); }

void xs_mf_minimum_s8(xsMachine *the)
{
	mf_xs_buf b[4];
	mf_xs_argc(the, 4, "minimumS8");
	mf_xs_fetch(the, b, 4, UINT32_C(1) << 3);
	mf_xs_run_minimum_s8(the, b);
}

void xs_mf_maximum_s8(xsMachine *the)
{
	mf_xs_buf b[4];
	mf_xs_argc(the, 4, "maximumS8");
	mf_xs_fetch(the, b, 4, UINT32_C(1) << 3);
	mf_xs_run_maximum_s8(the, b);
}
