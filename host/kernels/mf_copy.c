/*
 * COPY (see mf_kernels.h): every data-movement operator as one walk over six output dims, with the
 * input offsets precomputed offline into per-dim index tables (-1 marks padding). The innermost
 * contiguous run (the part of the copy that is contiguous in both input and output) is one memmove,
 * so the per-element work is only where the data really is scattered (a transpose's innermost dim).
 * Offsets are int32 element counts scaled to bytes; the caller guarantees they fit (op check).
 */
#include <string.h>

#include "mf_kernels.h"

/* -1 when either offset is padding, else their sum. */
static inline int32_t mf_copy_add(int32_t a, int32_t b)
{
	return a < 0 || b < 0 ? -1 : a + b;
}

/* n elements of `size` bytes, each the pad element. */
static void mf_copy_fill(uint8_t *dst, const uint8_t *pad, int32_t size, int32_t n)
{
	if (size == 1) {
		memset(dst, pad[0], (size_t)n);
		return;
	}
	for (int32_t i = 0; i < n; i++, dst += size) memcpy(dst, pad, (size_t)size);
}

void mf_copy(const MF_FLASH mf_copy_params *p, const void *input, const MF_FLASH int32_t *index, void *output)
{
	const int32_t size = p->elem_size, run = p->run, run_bytes = run * size;
	/* The pad element in memory order, from its value at the element's width. */
	uint8_t pad[4];
	if (size == 1) {
		const int8_t v = (int8_t)p->pad_value;
		memcpy(pad, &v, 1);
	} else if (size == 2) {
		const int16_t v = (int16_t)p->pad_value;
		memcpy(pad, &v, 2);
	} else {
		const int32_t v = p->pad_value;
		memcpy(pad, &v, 4);
	}
	const int32_t d0 = p->dim[0], d1 = p->dim[1], d2 = p->dim[2], d3 = p->dim[3], d4 = p->dim[4], d5 = p->dim[5];
	const int32_t s0 = p->out_stride[0] * size, s1 = p->out_stride[1] * size, s2 = p->out_stride[2] * size;
	const int32_t s3 = p->out_stride[3] * size, s4 = p->out_stride[4] * size, s5 = p->out_stride[5] * size;
	const MF_FLASH int32_t *t0 = index, *t1 = t0 + d0, *t2 = t1 + d1, *t3 = t2 + d2, *t4 = t3 + d3, *t5 = t4 + d4;
	const uint8_t *in = (const uint8_t *)input;
	uint8_t *out = (uint8_t *)output;
	/* Byte offsets, not advancing pointers: no pointer ever steps past the end of its buffer. */
	const int32_t start = p->out_start * size;
	for (int32_t i0 = 0; i0 < d0; i0++) {
		const int32_t a0 = t0[i0], o0 = start + i0 * s0;
		for (int32_t i1 = 0; i1 < d1; i1++) {
			const int32_t a1 = mf_copy_add(a0, t1[i1]), o1 = o0 + i1 * s1;
			for (int32_t i2 = 0; i2 < d2; i2++) {
				const int32_t a2 = mf_copy_add(a1, t2[i2]), o2 = o1 + i2 * s2;
				for (int32_t i3 = 0; i3 < d3; i3++) {
					const int32_t a3 = mf_copy_add(a2, t3[i3]), o3 = o2 + i3 * s3;
					for (int32_t i4 = 0; i4 < d4; i4++) {
						const int32_t a4 = mf_copy_add(a3, t4[i4]), o4 = o3 + i4 * s4;
						for (int32_t i5 = 0; i5 < d5; i5++) {
							const int32_t a = mf_copy_add(a4, t5[i5]);
							uint8_t *o = out + (o4 + i5 * s5);
							if (a < 0) mf_copy_fill(o, pad, size, run);
							else if (run_bytes == 1) *o = in[a];
							else memmove(o, in + a * size, (size_t)run_bytes);
						}
					}
				}
			}
		}
	}
}
