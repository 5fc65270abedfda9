/*
 * Window clipping shared by the convolution kernels: which filter taps of a window land inside the
 * input, computed once per output position so the inner loops test nothing.
 */
#ifndef MF_WINDOW_H
#define MF_WINDOW_H

#include <stdint.h>

/* First and one-past-last taps k whose coordinate origin + k * dil lies in [0, size); dil >= 1. */
static inline void mf_window(int32_t origin, int32_t k, int32_t dil, int32_t size, int32_t *k0, int32_t *k1)
{
	int32_t lo = 0, hi = k;
	if (origin < 0) lo = (-origin + dil - 1) / dil;
	if (origin + (k - 1) * dil >= size) hi = size - origin <= 0 ? 0 : (size - origin + dil - 1) / dil;
	if (hi < lo) hi = lo;
	*k0 = lo;
	*k1 = hi;
}

#endif
