/*
 * mflow int8 kernels: pure functions over raw buffers and a plain params struct (CMSIS-NN style).
 *
 * Conventions for every kernel:
 * - Tensors are row-major; 4-D activations are NHWC. Activations are int8 in RAM; constant operands
 *   (filters, weights, bias, multiplier, shift) and the params struct are `const MF_FLASH`.
 * - Params mirror runtime/src/format/ops.ts field for field, all int32_t, so the same bytes serve the
 *   .mfb, the XS bindings and generated C. The caller (XS binding, generated code) guarantees the
 *   buffers hold what the params describe; kernels check nothing and allocate nothing.
 * - Requantization: out = clamp(MultiplyByQuantizedMultiplier(acc, mult, shift) + output_offset,
 *   act_min, act_max), bit-exact with TFLite Micro's reference kernels; mult in [0, 2^31 - 1],
 *   shift in [-31, 30] (positive = left). Accumulators are int32_t.
 * - input_offset = -input_zero_point, in [-127, 128]; output_offset = output_zero_point in [-128, 127];
 *   -128 <= act_min <= act_max <= 127.
 * - Accumulator bounds: a conv/depthwise tap adds at most 128 * 255 = 32640 in magnitude and an FC
 *   term 128 * 128 = 2^14, so the int32 accumulators are exact for k_h * k_w * in_c <= MF_MAX_CONV_TAPS
 *   (k_h * k_w for depthwise) and accum_depth <= MF_MAX_FC_ACCUM; the XS bindings refuse more.
 *   Bias is added with two's-complement wrap-around, as the reference's int32 sum wraps on x86.
 * - Layouts and sizes in elements: conv input [batches][in_h][in_w][in_c], output
 *   [batches][out_h][out_w][out_c]; bias has out_c (out_depth) entries, mult/shift out_c entries when
 *   per_channel = 1, else 1. Output buffers are written completely and never read.
 */

#ifndef MF_KERNELS_H
#define MF_KERNELS_H

#include <stdint.h>

#include "mf_flash.h"

/* Largest filter window (taps per output) the conv kernels accumulate exactly: 2^31 / 32768 - 1. */
#define MF_MAX_CONV_TAPS INT32_C(65535)
/* Largest FC accum_depth accumulated exactly: 2^31 / 2^14 - 1. */
#define MF_MAX_FC_ACCUM INT32_C(131071)

/*
 * A part of an op's output, for splitting one op across cores: rows [r0, r1) and channels [c0, c1).
 * Rows are batches * out_h for the convolutions (row r is batch r / out_h, output row r % out_h) and
 * batches for FULLY_CONNECTED; channels are out_c (out_depth). A kernel's _part entry writes exactly
 * the output elements of the part, each with the same arithmetic as the whole-op call, so parts run
 * on different cores give bit-identical results. 0 <= r0 <= r1 <= rows, 0 <= c0 <= c1 <= channels.
 */
typedef struct {
	int32_t r0, r1, c0, c1;
} mf_part;

/* FULLY_CONNECTED_S8: output[b][o] = requant(bias[o] + sum_i input[b][i] * weights[o][i]); the input
 * zero point is pre-folded into bias. mult/shift have out_depth entries if per_channel, else 1. */
typedef struct {
	int32_t batches, accum_depth, out_depth, output_offset, act_min, act_max, per_channel;
} mf_fc_params;

void mf_fully_connected_s8(const MF_FLASH mf_fc_params *p, const int8_t *input, const MF_FLASH int8_t *weights,
	const MF_FLASH int32_t *bias, const MF_FLASH int32_t *mult, const MF_FLASH int32_t *shift, int8_t *output);
void mf_fully_connected_s8_part(const MF_FLASH mf_fc_params *p, const mf_part *part, const int8_t *input,
	const MF_FLASH int8_t *weights, const MF_FLASH int32_t *bias, const MF_FLASH int32_t *mult, const MF_FLASH int32_t *shift,
	int8_t *output);

/* CONV_2D_S8 and DEPTHWISE_CONV_2D_S8 geometry. Taps outside the input contribute nothing. pad_h/pad_w
 * may be negative (a window that starts inside the input: how a row range of a bigger conv is run). */
typedef struct {
	int32_t batches, in_h, in_w, in_c, out_h, out_w, out_c, k_h, k_w, stride_h, stride_w, dil_h, dil_w, pad_h, pad_w;
	int32_t input_offset, output_offset, act_min, act_max, per_channel;
} mf_conv_params;

/* filter is [out_c][k_h][k_w][in_c]. */
void mf_conv_2d_s8(const MF_FLASH mf_conv_params *p, const int8_t *input, const MF_FLASH int8_t *filter,
	const MF_FLASH int32_t *bias, const MF_FLASH int32_t *mult, const MF_FLASH int32_t *shift, int8_t *output);
void mf_conv_2d_s8_part(const MF_FLASH mf_conv_params *p, const mf_part *part, const int8_t *input, const MF_FLASH int8_t *filter,
	const MF_FLASH int32_t *bias, const MF_FLASH int32_t *mult, const MF_FLASH int32_t *shift, int8_t *output);

typedef struct {
	int32_t batches, in_h, in_w, in_c, out_h, out_w, out_c, k_h, k_w, stride_h, stride_w, dil_h, dil_w, pad_h, pad_w;
	int32_t depth_multiplier, input_offset, output_offset, act_min, act_max, per_channel;
} mf_dw_conv_params;

/* filter is [1][k_h][k_w][out_c]; output channel c reads input channel c / depth_multiplier. */
void mf_depthwise_conv_2d_s8(const MF_FLASH mf_dw_conv_params *p, const int8_t *input, const MF_FLASH int8_t *filter,
	const MF_FLASH int32_t *bias, const MF_FLASH int32_t *mult, const MF_FLASH int32_t *shift, int8_t *output);
void mf_depthwise_conv_2d_s8_part(const MF_FLASH mf_dw_conv_params *p, const mf_part *part, const int8_t *input,
	const MF_FLASH int8_t *filter, const MF_FLASH int32_t *bias, const MF_FLASH int32_t *mult, const MF_FLASH int32_t *shift,
	int8_t *output);

/* AVERAGE_POOL_2D_S8 / MAX_POOL_2D_S8: the window is clipped to the input; input and output share
 * quantization. The average rounds half away from zero over the in-image tap count (0 taps -> 0). */
typedef struct {
	int32_t batches, in_h, in_w, channels, out_h, out_w, f_h, f_w, stride_h, stride_w, pad_h, pad_w, act_min, act_max;
} mf_pool_params;

void mf_average_pool_2d_s8(const MF_FLASH mf_pool_params *p, const int8_t *input, int8_t *output);
void mf_max_pool_2d_s8(const MF_FLASH mf_pool_params *p, const int8_t *input, int8_t *output);

/* ADD_S8 with 4-D broadcasting: output is [out_d0..3]; input k's element for output index i is at
 * sum_d i_d * ink_stride_d (stride 0 where it broadcasts). left_shift in [0, 20]; input offsets in
 * [-127, 128]; the three multipliers in [0, 2^31 - 1] with shifts in [-31, 0] (TFLM's
 * QuantizeMultiplierSmallerThanOneExp). */
typedef struct {
	int32_t input1_offset, input2_offset, output_offset, left_shift;
	int32_t input1_multiplier, input1_shift, input2_multiplier, input2_shift, output_multiplier, output_shift;
	int32_t act_min, act_max;
	int32_t out_d[4], in1_stride[4], in2_stride[4];
} mf_add_params;

/* input1 and input2 may be constants (MF_FLASH on AVR is not supported for them: generated code copies). */
void mf_add_s8(const MF_FLASH mf_add_params *p, const int8_t *input1, const int8_t *input2, int8_t *output);

/* MINIMUM_S8 / MAXIMUM_S8: output[i] = min or max of the two stored int8 values (inputs and output share one
 * quantization), broadcasting as ADD_S8: output is [out_d0..3], input k's element at sum_d i_d * ink_stride_d. */
typedef struct {
	int32_t out_d[4], in1_stride[4], in2_stride[4];
} mf_min_max_params;

void mf_minimum_s8(const MF_FLASH mf_min_max_params *p, const int8_t *input1, const int8_t *input2, int8_t *output);
void mf_maximum_s8(const MF_FLASH mf_min_max_params *p, const int8_t *input1, const int8_t *input2, int8_t *output);

/* SOFTMAX_S8 over the last axis: input and output are [outer_size][depth]; output scale 1/256, zero
 * point -128. input_multiplier in [0, 2^31 - 1], input_left_shift in [0, 31], diff_min <= 0. TFLM
 * aborts when a row's sum of exponentials needs more than 8 integer bits (possible from depth 512);
 * this kernel then matches the TS reference (see mf_rdbpot_wide). */
typedef struct {
	int32_t outer_size, depth, input_multiplier, input_left_shift, diff_min;
} mf_softmax_params;

void mf_softmax_s8(const MF_FLASH mf_softmax_params *p, const int8_t *input, int8_t *output);

/* COPY: data movement of any dtype (elem_size 1, 2 or 4 bytes; bytes are copied, never converted). For each
 * output index (i0..i5) < dims and r < run, output element out_start + sum_d i_d * out_stride_d + r is input
 * element sum_d index_d[i_d] + r, or pad_value when some index_d[i_d] is -1. index holds dims[0] entries for
 * dim 0, then dims[1] for dim 1, and so on. pad_value is the element's bit pattern (int8, int16, int32 or
 * float32 bits). The runs are copied with memmove (or one store when a run is one byte), so the output
 * may be written by several calls (a concatenation, region by region). All offsets fit int32. */
typedef struct {
	int32_t elem_size, pad_value, run, out_start;
	int32_t dim[6], out_stride[6];
} mf_copy_params;

void mf_copy(const MF_FLASH mf_copy_params *p, const void *input, const MF_FLASH int32_t *index, void *output);

/* LUT_S8: output[i] = table[(uint8_t)input[i]] for i < count. The 256-entry table holds an elementwise int8
 * op (logistic, tanh, hard swish, leaky relu, relu, requantize) computed offline. input may be output. */
typedef struct {
	int32_t count;
} mf_lut_params;

void mf_lut_s8(const MF_FLASH mf_lut_params *p, const int8_t *input, const MF_FLASH int8_t *table, int8_t *output);

/* LUT_S8_F32: DEQUANTIZE as a table, output[i] = table[(uint8_t)input[i]] (float32, 4-byte aligned). */
void mf_lut_s8_f32(const MF_FLASH mf_lut_params *p, const int8_t *input, const MF_FLASH float *table, float *output);

#endif
