/* XS bindings: averagePool2dS8(params, input, output) and maxPool2dS8(params, input, output). */
#include "mf_kernels.h"
#include "mf_xs_ops.h"

typedef void (*mf_pool_fn)(const mf_pool_params *, const int8_t *, int8_t *);

static void mf_xs_pool(xsMachine *the, const mf_xs_buf *b, mf_pool_fn fn)
{
	mf_pool_params p;
	mf_xs_params(the, &p, sizeof p / 4, &b[0]);
	const int32_t in_dims[4] = { p.batches, p.in_h, p.in_w, p.channels }, out_dims[4] = { p.batches, p.out_h, p.out_w, p.channels };
	const uint32_t in = mf_xs_count(the, in_dims, 4, "input"), out = mf_xs_count(the, out_dims, 4, "output");
	mf_xs_window(the, p.out_h, p.f_h, p.stride_h, 1, p.pad_h, "height");
	mf_xs_window(the, p.out_w, p.f_w, p.stride_w, 1, p.pad_w, "width");
	mf_xs_activation(the, 0, p.act_min, p.act_max);
	const int8_t *input = mf_xs_need(the, &b[1], in, "input");
	int8_t *output = mf_xs_need(the, &b[2], out, "output");
	fn(&p, input, output);
}

void mf_xs_run_average_pool_2d_s8(xsMachine *the, const mf_xs_buf *b) { mf_xs_pool(the, b, mf_average_pool_2d_s8); }

void mf_xs_run_max_pool_2d_s8(xsMachine *the, const mf_xs_buf *b) { mf_xs_pool(the, b, mf_max_pool_2d_s8); }

static void mf_xs_pool_call(xsMachine *the, mf_pool_fn fn, const char *name)
{
	mf_xs_buf b[3];
	mf_xs_argc(the, 3, name);
	mf_xs_fetch(the, b, 3, UINT32_C(1) << 2);
	mf_xs_pool(the, b, fn);
}

void xs_mf_average_pool_2d_s8(xsMachine *the) { mf_xs_pool_call(the, mf_average_pool_2d_s8, "averagePool2dS8"); }

void xs_mf_max_pool_2d_s8(xsMachine *the) { mf_xs_pool_call(the, mf_max_pool_2d_s8, "maxPool2dS8"); }
