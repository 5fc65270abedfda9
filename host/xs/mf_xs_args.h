/*
 * Argument checks shared by the kernel bindings. A binding is a trust boundary of its own: whatever JS
 * passes, the C kernel must never read or write outside the buffers. Every check throws a JS error.
 * Buffer pointers are fetched last and no XS call follows them (XS may move chunk-heap buffers
 * during a collection, and only XS calls can collect).
 */
#ifndef MF_XS_ARGS_H
#define MF_XS_ARGS_H

#include <stdint.h>
#include <string.h>

#include "xsmc.h"

static inline void mf_xs_argc(xsMachine *the, int32_t want, const char *name)
{
	(void)name; /* XS prefixes errors with the function name */
	if (xsmcArgc != want) xsTypeError("takes %d arguments, got %d", (int)want, (int)xsmcArgc);
}

/* A byte buffer handed to a kernel: from a JS argument, or a slice of the arena or the model. */
typedef struct {
	void *data;
	uint32_t size;
} mf_xs_buf;

/* Fetches arguments [0, count) as byte buffers; bit k of `writable` marks the ones the kernel writes. */
static inline void mf_xs_fetch(xsMachine *the, mf_xs_buf *b, int32_t count, uint32_t writable)
{
	for (int32_t i = 0; i < count; i++) {
		xsUnsignedValue size;
		if (writable & (UINT32_C(1) << i)) xsmcGetBufferWritable(xsArg(i), &b[i].data, &size);
		else xsmcGetBufferReadable(xsArg(i), &b[i].data, &size);
		b[i].size = (uint32_t)size;
	}
}

/* Copies the op's int32 params block (little-endian bytes, any alignment) into dst. */
static inline void mf_xs_params(xsMachine *the, void *dst, uint32_t count, const mf_xs_buf *params)
{
	if (params->size != count * 4) xsRangeError("params: %u bytes, expected %u", (unsigned)params->size, (unsigned)(count * 4));
	memcpy(dst, params->data, params->size);
}

static inline void mf_xs_range(xsMachine *the, int32_t v, int32_t lo, int32_t hi, const char *name)
{
	if (v < lo || v > hi) xsRangeError("%s = %d is outside [%d, %d]", name, (int)v, (int)lo, (int)hi);
}

/* Product of positive dimensions; throws when one is < 1 or the product leaves int32. */
static inline uint32_t mf_xs_count(xsMachine *the, const int32_t *dims, int32_t n, const char *name)
{
	int64_t r = 1;
	for (int32_t i = 0; i < n; i++) {
		if (dims[i] < 1) xsRangeError("%s: dimension %d is %d", name, (int)i, (int)dims[i]);
		r *= dims[i];
		if (r > INT32_MAX) xsRangeError("%s: size overflows int32", name);
	}
	return (uint32_t)r;
}

/* A window geometry whose coordinates (out - 1) * stride + (k - 1) * dil + |pad| stay far from overflow. */
static inline void mf_xs_window(xsMachine *the, int32_t out, int32_t k, int32_t stride, int32_t dil, int32_t pad, const char *name)
{
	if (stride < 1 || dil < 1 || k < 1) xsRangeError("%s: stride, dilation and kernel size must be >= 1", name);
	int64_t reach = (int64_t)(out - 1) * stride + (int64_t)(k - 1) * dil + (pad < 0 ? -(int64_t)pad : pad);
	if (reach > (INT32_MAX >> 2)) xsRangeError("%s: window geometry too large", name);
}

/* Requantization arrays: n multipliers >= 0 and shifts in [-31, max_shift] (30, or 0 for ADD). */
static inline void mf_xs_requant(xsMachine *the, const int32_t *mult, const int32_t *shift, uint32_t n, int32_t max_shift)
{
	for (uint32_t i = 0; i < n; i++) {
		if (mult[i] < 0) xsRangeError("multiplier[%u] is negative", (unsigned)i);
		if (shift[i] < -31 || shift[i] > max_shift)
			xsRangeError("shift[%u] = %d is outside [-31, %d]", (unsigned)i, (int)shift[i], (int)max_shift);
	}
}

/* An accumulation length (already checked product of positive dims) the int32 accumulators hold exactly. */
static inline void mf_xs_accum(xsMachine *the, int64_t taps, int32_t max, const char *name)
{
	if (taps > max) xsRangeError("%s = %d exceeds %d (int32 accumulator)", name, (int)taps, (int)max);
}

static inline void mf_xs_activation(xsMachine *the, int32_t out_offset, int32_t act_min, int32_t act_max)
{
	mf_xs_range(the, out_offset, -128, 127, "output_offset");
	mf_xs_range(the, act_min, -128, 127, "act_min");
	mf_xs_range(the, act_max, act_min, 127, "act_max");
}

/* The operand's bytes, when it holds at least `need` of them. */
static inline void *mf_xs_need(xsMachine *the, const mf_xs_buf *b, uint32_t need, const char *name)
{
	if (b->size < need) xsRangeError("%s: %u bytes, needs %u", name, (unsigned)b->size, (unsigned)need);
	return b->data;
}

/* An int32 operand of at least `count` elements, 4-byte aligned (Xtensa faults otherwise). */
static inline const int32_t *mf_xs_int32s(xsMachine *the, const mf_xs_buf *b, uint32_t count, const char *name)
{
	const void *data = mf_xs_need(the, b, 4 * count, name);
	if (((uintptr_t)data & 3) != 0) xsRangeError("%s is not 4-byte aligned", name);
	return (const int32_t *)data;
}

/* A float32 operand of at least `count` elements, 4-byte aligned; count <= 2^29 keeps 4 * count in range. */
static inline float *mf_xs_floats(xsMachine *the, const mf_xs_buf *b, uint32_t count, const char *name)
{
	if (count > (UINT32_C(1) << 29)) xsRangeError("%s: %u floats are too many", name, (unsigned)count);
	void *data = mf_xs_need(the, b, 4 * count, name);
	if (((uintptr_t)data & 3) != 0) xsRangeError("%s is not 4-byte aligned", name);
	return (float *)data;
}

/* Elements a broadcast input (ADD, MINIMUM, MAXIMUM) must hold for 4 output dims and its strides (>= 0). */
static inline uint32_t mf_xs_reach(xsMachine *the, const int32_t *dims, const int32_t *strides, const char *name)
{
	int64_t r = 1;
	for (int32_t i = 0; i < 4; i++) {
		if (strides[i] < 0) xsRangeError("%s stride %d is negative", name, (int)i);
		r += (int64_t)(dims[i] - 1) * strides[i];
	}
	if (r > INT32_MAX) xsRangeError("%s strides reach too far", name);
	return (uint32_t)r;
}

/*
 * The checks conv and depthwise share. geo holds their first 15 params (batches, in_h, in_w, in_c,
 * out_h, out_w, out_c, k_h, k_w, stride_h, stride_w, dil_h, dil_w, pad_h, pad_w); ops[3..5] are bias,
 * multiplier and shift, returned checked.
 */
static inline void mf_xs_conv_common(xsMachine *the, const int32_t *geo, int32_t input_offset, int32_t output_offset,
	int32_t act_min, int32_t act_max, int32_t per_channel, const mf_xs_buf *ops, const int32_t **bias, const int32_t **mult, const int32_t **shift)
{
	mf_xs_window(the, geo[4], geo[7], geo[9], geo[11], geo[13], "height");
	mf_xs_window(the, geo[5], geo[8], geo[10], geo[12], geo[14], "width");
	mf_xs_range(the, input_offset, -127, 128, "input_offset");
	mf_xs_range(the, per_channel, 0, 1, "per_channel");
	mf_xs_activation(the, output_offset, act_min, act_max);
	const uint32_t nq = per_channel ? (uint32_t)geo[6] : 1;
	*bias = mf_xs_int32s(the, &ops[3], (uint32_t)geo[6], "bias");
	*mult = mf_xs_int32s(the, &ops[4], nq, "multiplier");
	*shift = mf_xs_int32s(the, &ops[5], nq, "shift");
	mf_xs_requant(the, *mult, *shift, nq, 30);
}

#endif
