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
	const uint32_t out_bytes = b[3].size, in_bytes = b[1].size;
	if (out_bytes > INT32_MAX || in_bytes > INT32_MAX) xsRangeError("operands of 2^31 bytes or more are not supported");
	const int64_t out_elements = out_bytes / (uint32_t)size;
	if (p.out_start < 0) xsRangeError("out_start is negative");
	int64_t out_reach = (int64_t)p.out_start + p.run;
	uint32_t entries = 0;
	for (int32_t d = 0; d < 6; d++) {
		if (p.out_stride[d] < 0 || p.out_stride[d] > out_elements) xsRangeError("out_stride%d = %d is outside the output", (int)d, (int)p.out_stride[d]);
		out_reach += (int64_t)(p.dim[d] - 1) * p.out_stride[d];
		entries += (uint32_t)p.dim[d];
	}
	if (out_reach > out_elements) xsRangeError("output: %u bytes, the copy writes %u elements of %d", (unsigned)out_bytes, (unsigned)out_reach, (int)size);
	/* entries <= dims' product + 5 < 2^31 + 6, but 4 * entries could wrap: compare in entries. */
	if (entries > b[2].size / 4) xsRangeError("index: %u bytes, needs %u entries", (unsigned)b[2].size, (unsigned)entries);
	const int32_t *index = mf_xs_int32s(the, &b[2], entries, "index");
	int64_t in_reach = p.run;
	for (int32_t d = 0, k = 0; d < 6; d++) {
		int32_t most = 0;
		for (int32_t i = 0; i < p.dim[d]; i++, k++) {
			if (index[k] < -1) xsRangeError("index[%d] = %d is below -1", (int)k, (int)index[k]);
			if (index[k] > most) most = index[k];
		}
		in_reach += most;
	}
	if (in_reach > (int64_t)(in_bytes / (uint32_t)size))
		xsRangeError("input: %u bytes, the index reads up to %u elements of %d", (unsigned)in_bytes, (unsigned)in_reach, (int)size);
	mf_copy(&p, b[1].data, index, b[3].data);
}

void xs_mf_copy(xsMachine *the)
{
	mf_xs_buf b[4];
	mf_xs_argc(the, 4, "copy");
	mf_xs_fetch(the, b, 4, UINT32_C(1) << 3);
	mf_xs_run_copy(the, b);
}
