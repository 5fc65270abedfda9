/*
 * XS binding: copy(params, input, index, output). The same proof as COPY's op check
 * (runtime/src/format/op_checks.ts), in bytes since a binding sees no dtypes: every index entry is -1
 * or an offset, and the furthest element read (sum of each dim's largest entry + run) and written
 * (the output strides' reach) lie inside the buffers.
 */
#include "mf_kernels.h"
#include "mf_xs_ops.h"

void mf_xs_run_copy(xsMachine *the, const mf_xs_buf *b)
{
	mf_copy_params p;
	mf_xs_params(the, &p, sizeof p / 4, &b[0]);
	const int32_t size = p.elem_size;
	if (size != 1 && size != 2 && size != 4) xsRangeError("elem_size = %d is not 1, 2 or 4", (int)size);
	if (size == 1) mf_xs_range(the, p.pad_value, INT8_MIN, INT8_MAX, "pad_value");
	if (size == 2) mf_xs_range(the, p.pad_value, INT16_MIN, INT16_MAX, "pad_value");
	const int32_t all[7] = { p.dim[0], p.dim[1], p.dim[2], p.dim[3], p.dim[4], p.dim[5], p.run };
	(void)mf_xs_count(the, all, 7, "dim0..dim5 x run");
	mf_xs_range(the, p.out_start, 0, INT32_MAX, "out_start");
	int64_t out_reach = (int64_t)p.out_start + p.run;
	uint32_t entries = 0;
	for (int32_t d = 0; d < 6; d++) {
		/* The kernel scales every stride to bytes, even where the dim is 1. */
		if (p.out_stride[d] < 0 || p.out_stride[d] > INT32_MAX / size) xsRangeError("out_stride%d = %d is out of range", (int)d, (int)p.out_stride[d]);
		out_reach += (int64_t)(p.dim[d] - 1) * p.out_stride[d];
		entries += (uint32_t)p.dim[d]; /* <= the dims' product + 5 < 2^31 + 6 */
	}
	if (out_reach * size > INT32_MAX) xsRangeError("output: the copy writes beyond 2^31 bytes");
	uint8_t *output = mf_xs_need(the, &b[3], (uint32_t)(out_reach * size), "output");
	if (entries > UINT32_MAX / 4) xsRangeError("index: %u entries are too many", (unsigned)entries);
	const int32_t *index = mf_xs_int32s(the, &b[2], entries, "index");
	int64_t in_reach = p.run;
	for (uint32_t d = 0, k = 0; d < 6; d++) {
		int32_t most = 0;
		for (int32_t i = 0; i < p.dim[d]; i++, k++) {
			if (index[k] < -1) xsRangeError("index[%u] = %d is below -1", (unsigned)k, (int)index[k]);
			if (index[k] > most) most = index[k];
		}
		in_reach += most;
	}
	if (in_reach * size > INT32_MAX) xsRangeError("input: the index reads beyond 2^31 bytes");
	const uint8_t *input = mf_xs_need(the, &b[1], (uint32_t)(in_reach * size), "input");
	mf_copy(&p, input, index, output);
}

void xs_mf_copy(xsMachine *the)
{
	mf_xs_buf b[4];
	mf_xs_argc(the, 4, "copy");
	mf_xs_fetch(the, b, 4, UINT32_C(1) << 3);
	mf_xs_run_copy(the, b);
}
