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
	/* An odometer over dims 0..4 (compact code on AVR); dim 5 is the tight loop of runs. Byte offsets,
	 * never advancing pointers, so no pointer steps past the end of its buffer. */
	int32_t dim[6], stride[6], at[5], in_off[5], out_off[5];
	const MF_FLASH int32_t *table[6];
	for (int32_t k = 0; k < 6; k++) {
		dim[k] = p->dim[k];
		stride[k] = p->out_stride[k] * size;
		table[k] = k ? table[k - 1] + dim[k - 1] : index;
		if (k < 5) at[k] = 0;
	}
	const uint8_t *in = (const uint8_t *)input;
	uint8_t *out = (uint8_t *)output;
	const int32_t d5 = dim[5], s5 = stride[5];
	const MF_FLASH int32_t *t5 = table[5];
	int32_t k = 0; /* the outermost dim whose offsets are stale */
	for (;;) {
		for (; k < 5; k++) {
			in_off[k] = mf_copy_add(k ? in_off[k - 1] : 0, table[k][at[k]]);
			out_off[k] = (k ? out_off[k - 1] : p->out_start * size) + at[k] * stride[k];
		}
		const int32_t a4 = in_off[4], o4 = out_off[4];
		for (int32_t i5 = 0; i5 < d5; i5++) {
			const int32_t a = mf_copy_add(a4, t5[i5]);
			uint8_t *o = out + (o4 + i5 * s5);
			if (a < 0) mf_copy_fill(o, pad, size, run);
			else if (run_bytes == 1) *o = in[a];
			else memmove(o, in + a * size, (size_t)run_bytes);
		}
		for (;;) {
			if (--k < 0) return;
			if (++at[k] < dim[k]) break;
			at[k] = 0;
		}
	}
}
