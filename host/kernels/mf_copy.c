/*
 * COPY (see mf_kernels.h): every data-movement operator as one walk over six output dims, with the
 * input offsets precomputed offline into per-dim index tables (-1 marks padding). The innermost
 * contiguous run (the part of the copy that is contiguous in both input and output) is one memmove,
 * so the per-element work is only where the data really is scattered (a transpose's innermost dim).
 * Offsets are int32 element counts scaled to bytes; the caller guarantees they fit (op check).
 */
#include <stddef.h>

#include "mf_kernels.h"

/* GCC builtins instead of <string.h>, which freestanding targets lack: the compiler inlines small fixed
 * sizes and otherwise calls memmove/memset, which every C toolchain links (GCC requires them even
 * freestanding). */
#define mf_memcpy __builtin_memcpy
#define mf_memmove __builtin_memmove
#define mf_memset __builtin_memset

/* -1 when either offset is padding, else their sum. */
static inline int32_t mf_copy_add(int32_t a, int32_t b)
{
	return a < 0 || b < 0 ? -1 : a + b;
}

/* `bytes` bytes of pad elements of `size` bytes each. */
static void mf_copy_fill(uint8_t *dst, const uint8_t *pad, int32_t size, int32_t bytes)
{
	if (size == 1) mf_memset(dst, pad[0], (size_t)bytes);
	else
		for (int32_t i = 0; i < bytes; i++) dst[i] = pad[i & (size - 1)];
}

void mf_copy(const MF_FLASH mf_copy_params *p, const void *input, const MF_FLASH int32_t *index, void *output)
{
	const int32_t size = p->elem_size, run_bytes = p->run * size;
	/* Elements to bytes by shifting: a 32-bit multiply is a library call on AVR. */
	const uint8_t shift = size == 4 ? 2 : size == 2 ? 1 : 0;
	/* The pad element in memory order, from its value at the element's width. */
	uint8_t pad[4];
	if (size == 1) {
		const int8_t v = (int8_t)p->pad_value;
		mf_memcpy(pad, &v, 1);
	} else if (size == 2) {
		const int16_t v = (int16_t)p->pad_value;
		mf_memcpy(pad, &v, 2);
	} else {
		const int32_t v = p->pad_value;
		mf_memcpy(pad, &v, 4);
	}
	/* An odometer over dims 0..4 (compact code on AVR); dim 5 is the tight loop of runs. Each dim keeps
	 * a pointer into its table and its output offset, stepped by additions (a 32-bit multiply is a
	 * library call on AVR); pointers are reset, never stepped, past a dim's end. */
	const MF_FLASH int32_t *table[6], *cur[5];
	int32_t dim[5], stride[5], left[5], pos[5], in_off[5], out_off[5];
	table[0] = index;
	for (uint8_t k = 0; k < 5; k++) {
		dim[k] = p->dim[k];
		stride[k] = p->out_stride[k] << shift;
		table[k + 1] = table[k] + dim[k];
		cur[k] = table[k];
		left[k] = dim[k];
		pos[k] = 0;
	}
	const uint8_t *in = (const uint8_t *)input;
	uint8_t *out = (uint8_t *)output;
	const int32_t d5 = p->dim[5], s5 = p->out_stride[5] << shift, start = p->out_start << shift;
	uint8_t k = 0; /* the outermost dim whose offsets are stale */
	for (;;) {
		for (; k < 5; k++) {
			in_off[k] = mf_copy_add(k ? in_off[k - 1] : 0, *cur[k]);
			out_off[k] = (k ? out_off[k - 1] : start) + pos[k];
		}
		const int32_t a4 = in_off[4];
		const MF_FLASH int32_t *t = table[5];
		uint32_t o = (uint32_t)out_off[4];
		for (int32_t n = d5;;) {
			const int32_t e = *t;
			if (a4 < 0 || e < 0) mf_copy_fill(out + o, pad, size, run_bytes);
			else if (run_bytes == 1) out[o] = in[a4 + e];
			else mf_memmove(out + o, in + ((a4 + e) << shift), (size_t)run_bytes);
			if (--n == 0) break;
			t++;
			o += (uint32_t)s5;
		}
		for (;;) {
			if (k == 0) return;
			k--;
			if (--left[k] > 0) {
				cur[k]++;
				pos[k] += stride[k];
				break;
			}
			left[k] = dim[k];
			cur[k] = table[k];
			pos[k] = 0;
		}
	}
}
