/* XS binding: lutS8(params, input, table, output). */
#include "mf_kernels.h"
#include "mf_xs_ops.h"

void mf_xs_run_lut_s8(xsMachine *the, const mf_xs_buf *b)
{
	mf_lut_params p;
	mf_xs_params(the, &p, sizeof p / 4, &b[0]);
	const uint32_t n = mf_xs_count(the, &p.count, 1, "count");
	const int8_t *input = mf_xs_need(the, &b[1], n, "input");
	const int8_t *table = mf_xs_need(the, &b[2], 256, "table");
	int8_t *output = mf_xs_need(the, &b[3], n, "output");
	mf_lut_s8(&p, input, table, output);
}

void xs_mf_lut_s8(xsMachine *the)
{
	mf_xs_buf b[4];
	mf_xs_argc(the, 4, "lutS8");
	mf_xs_fetch(the, b, 4, UINT32_C(1) << 3);
	mf_xs_run_lut_s8(the, b);
}
