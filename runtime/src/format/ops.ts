/*
 * The closed set of mflow operators: one opcode per operator *variant* (operator x dtype), chosen
 * offline by the packer so the runtime never switches on types while it runs.
 *
 * Every op carries an int32 parameter block (`params`) whose field order is defined here and nowhere
 * else; the C kernels' params structs (host/include/mf_kernels.h) mirror it field for field. Operands
 * are tensor indices, inputs first, then outputs, in the order listed by `operands`.
 *
 * Adding an opcode is a minor format version bump; changing a field order is a major one.
 */

export interface OperandSpec {
  /** Name used in errors and docs. */
  readonly name: string;
  /**
   * Element type the kernel expects; 'any' for data movement, whose element size is a param (the op's
   * check ties the two together).
   */
  readonly dtype: 'int8' | 'int32' | 'float32' | 'any';
  /** 'arena': an activation; 'const': constant data in the file; 'any': either. */
  readonly where: 'arena' | 'const' | 'any';
  readonly role: 'input' | 'output';
}

export interface OpSpec {
  readonly code: number;
  /** Stable name: TFLite operator name plus a dtype suffix. */
  readonly name: string;
  /** int32 parameter names, in file order. */
  readonly params: readonly string[];
  readonly operands: readonly OperandSpec[];
  /** The format minor version that added this opcode (absent: 0). The packer writes the highest one used. */
  readonly since?: number;
}

const inS8 = (name: string, where: OperandSpec['where'] = 'arena'): OperandSpec => ({ name, dtype: 'int8', where, role: 'input' });
const inI32 = (name: string): OperandSpec => ({ name, dtype: 'int32', where: 'const', role: 'input' });
const outS8 = (name = 'output'): OperandSpec => ({ name, dtype: 'int8', where: 'arena', role: 'output' });
const inF32 = (name: string, where: OperandSpec['where'] = 'arena'): OperandSpec => ({ name, dtype: 'float32', where, role: 'input' });
const outF32 = (name = 'output'): OperandSpec => ({ name, dtype: 'float32', where: 'arena', role: 'output' });
const inAny = (name: string): OperandSpec => ({ name, dtype: 'any', where: 'any', role: 'input' });
const outAny = (name = 'output'): OperandSpec => ({ name, dtype: 'any', where: 'arena', role: 'output' });

/** COPY's iteration space: six output dims, outermost first (leading ones are 1 when fewer are needed). */
const COPY_DIMS = ['dim0', 'dim1', 'dim2', 'dim3', 'dim4', 'dim5'] as const;
const COPY_OUT_STRIDES = ['out_stride0', 'out_stride1', 'out_stride2', 'out_stride3', 'out_stride4', 'out_stride5'] as const;

/** Per-channel requantization operands shared by FC, CONV_2D and DEPTHWISE_CONV_2D (int8). */
const requantOperands: readonly OperandSpec[] = [inI32('bias'), inI32('multiplier'), inI32('shift')];

const CONV_GEOMETRY = [
  'batches',
  'in_h',
  'in_w',
  'in_c',
  'out_h',
  'out_w',
  'out_c',
  'k_h',
  'k_w',
  'stride_h',
  'stride_w',
  'dil_h',
  'dil_w',
  'pad_h',
  'pad_w',
] as const;

const POOL_PARAMS = [
  'batches',
  'in_h',
  'in_w',
  'channels',
  'out_h',
  'out_w',
  'f_h',
  'f_w',
  'stride_h',
  'stride_w',
  'pad_h',
  'pad_w',
  'act_min',
  'act_max',
] as const;

/** ADD's broadcasting: output dims, then each input's element stride per output dim (0 where it broadcasts). */
const ADD_BROADCAST = [
  'out_d0',
  'out_d1',
  'out_d2',
  'out_d3',
  'in1_stride0',
  'in1_stride1',
  'in1_stride2',
  'in1_stride3',
  'in2_stride0',
  'in2_stride1',
  'in2_stride2',
  'in2_stride3',
] as const;

export const OPS = Object.freeze({
  /**
   * output[b][o] = requant(bias[o] + sum_i input[b][i] * weights[o][i]).
   * The input zero point is folded into `bias` offline: bias[o] = b[o] - input_zp * sum_i weights[o][i].
   * multiplier/shift hold out_depth entries when per_channel = 1, else one entry.
   */
  FULLY_CONNECTED_S8: {
    code: 1,
    name: 'FULLY_CONNECTED_S8',
    params: ['batches', 'accum_depth', 'out_depth', 'output_offset', 'act_min', 'act_max', 'per_channel'],
    operands: [inS8('input'), inS8('weights', 'const'), ...requantOperands, outS8()],
  },
  /** Float FC; `activation` is an ACT_* code; bias is always present (zeros when the model had none). */
  FULLY_CONNECTED_F32: {
    code: 2,
    name: 'FULLY_CONNECTED_F32',
    params: ['batches', 'accum_depth', 'out_depth', 'activation'],
    operands: [inF32('input'), inF32('weights', 'const'), inF32('bias', 'const'), outF32()],
  },
  /**
   * NHWC conv. filter is [out_c, k_h, k_w, in_c]. input_offset = -input_zp is applied per tap
   * (taps outside the image contribute nothing, as in TFLM). bias is the model's bias (zeros if absent).
   */
  CONV_2D_S8: {
    code: 3,
    name: 'CONV_2D_S8',
    params: [...CONV_GEOMETRY, 'input_offset', 'output_offset', 'act_min', 'act_max', 'per_channel'],
    operands: [inS8('input'), inS8('filter', 'const'), ...requantOperands, outS8()],
  },
  /** NHWC depthwise conv. filter is [1, k_h, k_w, out_c]; out_c = in_c * depth_multiplier. */
  DEPTHWISE_CONV_2D_S8: {
    code: 4,
    name: 'DEPTHWISE_CONV_2D_S8',
    params: [...CONV_GEOMETRY, 'depth_multiplier', 'input_offset', 'output_offset', 'act_min', 'act_max', 'per_channel'],
    operands: [inS8('input'), inS8('filter', 'const'), ...requantOperands, outS8()],
  },
  /** Average over the window's in-image taps, rounded half away from zero (TFLM reference). */
  AVERAGE_POOL_2D_S8: {
    code: 5,
    name: 'AVERAGE_POOL_2D_S8',
    params: POOL_PARAMS,
    operands: [inS8('input'), outS8()],
  },
  MAX_POOL_2D_S8: {
    code: 6,
    name: 'MAX_POOL_2D_S8',
    params: POOL_PARAMS,
    operands: [inS8('input'), outS8()],
  },
  /**
   * Broadcasting int8 add (TFLM reference arithmetic, left_shift 20). Shapes are right-aligned to
   * rank 4; the in1_stride and in2_stride fields are element strides per output dimension, 0 where broadcast.
   */
  ADD_S8: {
    code: 7,
    name: 'ADD_S8',
    params: [
      'input1_offset',
      'input2_offset',
      'output_offset',
      'left_shift',
      'input1_multiplier',
      'input1_shift',
      'input2_multiplier',
      'input2_shift',
      'output_multiplier',
      'output_shift',
      'act_min',
      'act_max',
      ...ADD_BROADCAST,
    ],
    operands: [inS8('input1', 'any'), inS8('input2', 'any'), outS8()],
  },
  /** TFLM int8 softmax over the last axis; output scale 1/256, zero point -128. */
  SOFTMAX_S8: {
    code: 8,
    name: 'SOFTMAX_S8',
    params: ['outer_size', 'depth', 'input_multiplier', 'input_left_shift', 'diff_min'],
    operands: [inS8('input'), outS8()],
  },
  /**
   * Any int8 -> int8 function of one element (LOGISTIC, TANH, HARD_SWISH, LEAKY_RELU, RELU, RELU6,
   * QUANTIZE int8 -> int8): output[i] = table[input[i] & 255], the 256 entries computed offline with
   * TFLM's arithmetic for that op and quantization (entry k is the result for input (int8)k).
   */
  LUT_S8: {
    code: 9,
    name: 'LUT_S8',
    params: ['count'],
    operands: [inS8('input'), inS8('table', 'const'), outS8()],
    since: 1,
  },
  /** DEQUANTIZE int8 -> float32 as a table: output[i] = table[input[i] & 255], float32 (x - zp) * scale. */
  LUT_S8_F32: {
    code: 10,
    name: 'LUT_S8_F32',
    params: ['count'],
    operands: [inS8('input'), inF32('table', 'const'), outF32()],
    since: 1,
  },
  /**
   * QUANTIZE float32 -> int8 (TFLM AffineQuantize): clamp(round_half_away(x / scale) + zero_point), the
   * division in float32; scale_bits is the float32 scale's bit pattern. NaN gives the zero point.
   */
  QUANTIZE_F32_S8: {
    code: 11,
    name: 'QUANTIZE_F32_S8',
    params: ['count', 'zero_point', 'scale_bits'],
    operands: [inF32('input'), outS8()],
    since: 1,
  },
  /** Float CONV_2D (TFLM reference_ops::Conv order: window rows, columns, input channels); bias always present. */
  CONV_2D_F32: {
    code: 12,
    name: 'CONV_2D_F32',
    params: [...CONV_GEOMETRY, 'activation'],
    operands: [inF32('input'), inF32('filter', 'const'), inF32('bias', 'const'), outF32()],
    since: 1,
  },
  /** Float DEPTHWISE_CONV_2D; filter [1, k_h, k_w, out_c]; bias always present. */
  DEPTHWISE_CONV_2D_F32: {
    code: 14,
    name: 'DEPTHWISE_CONV_2D_F32',
    params: [...CONV_GEOMETRY, 'depth_multiplier', 'activation'],
    operands: [inF32('input'), inF32('filter', 'const'), inF32('bias', 'const'), outF32()],
    since: 1,
  },
  /** Float AVERAGE_POOL_2D: the sum over the window's part inside the image, divided by its size. */
  AVERAGE_POOL_2D_F32: {
    code: 15,
    name: 'AVERAGE_POOL_2D_F32',
    params: [...POOL_PARAMS.slice(0, 12), 'activation'],
    operands: [inF32('input'), outF32()],
    since: 1,
  },
  /** Float ADD with ADD_S8's broadcasting (element strides per output dimension, 0 where broadcast). */
  ADD_F32: {
    code: 16,
    name: 'ADD_F32',
    params: ['activation', ...ADD_BROADCAST],
    operands: [inF32('input1', 'any'), inF32('input2', 'any'), outF32()],
    since: 1,
  },
  /** Float LOGISTIC as TFLM's reference: 1 / (1 + exp(-x)), exp(x) below -9, 1 above 16.619. */
  LOGISTIC_F32: {
    code: 17,
    name: 'LOGISTIC_F32',
    params: ['count'],
    operands: [inF32('input'), outF32()],
    since: 1,
  },
  /** Float SOFTMAX over the last axis; beta_bits is the float32 beta's bit pattern. */
  SOFTMAX_F32: {
    code: 18,
    name: 'SOFTMAX_F32',
    params: ['outer_size', 'depth', 'beta_bits'],
    operands: [inF32('input'), outF32()],
    since: 1,
  },
  /** MINIMUM int8: the smaller of two elements (inputs and output share one quantization), broadcasting as ADD_S8. */
  MINIMUM_S8: {
    code: 19,
    name: 'MINIMUM_S8',
    params: [...ADD_BROADCAST],
    operands: [inS8('input1', 'any'), inS8('input2', 'any'), outS8()],
    since: 1,
  },
  /** MAXIMUM int8: the larger of two elements, as MINIMUM_S8. */
  MAXIMUM_S8: {
    code: 20,
    name: 'MAXIMUM_S8',
    params: [...ADD_BROADCAST],
    operands: [inS8('input1', 'any'), inS8('input2', 'any'), outS8()],
    since: 1,
  },
  /**
   * Data movement of any dtype (elem_size = 1, 2 or 4 bytes; bytes are copied, never converted): PAD,
   * PADV2, TRANSPOSE, STRIDED_SLICE, SLICE, SPLIT, SPLIT_V, UNPACK, SPACE_TO_DEPTH, DEPTH_TO_SPACE,
   * RESIZE_NEAREST_NEIGHBOR, and one COPY per input of CONCATENATION and PACK, all computed offline.
   * For each output index (i0..i5) and r in [0, run): the element at output
   * out_start + sum_d i_d * out_stride_d + r is input[sum_d index_d[i_d] + r], or pad_value when
   * some index_d[i_d] is -1. `index` holds dim0 + ... + dim5 int32 entries, dim0's first. pad_value
   * is the element's bit pattern (an int8/int16 value, int32, or float32 bits).
   */
  COPY: {
    code: 13,
    name: 'COPY',
    params: ['elem_size', 'pad_value', 'run', 'out_start', ...COPY_DIMS, ...COPY_OUT_STRIDES],
    operands: [inAny('input'), inI32('index'), outAny()],
    since: 1,
  },
} as const satisfies Record<string, OpSpec>);

export type OpName = keyof typeof OPS;

/** Opcode -> spec; index 0 and unknown codes are undefined. */
export const OP_BY_CODE: readonly (OpSpec | undefined)[] = (() => {
  const table: (OpSpec | undefined)[] = [];
  for (const spec of Object.values(OPS) as OpSpec[]) table[spec.code] = spec;
  return Object.freeze(table);
})();

/** Index of a named parameter in an op's params block (used by packer and validators). */
export function paramIndex(spec: OpSpec, name: string): number {
  const i = spec.params.indexOf(name);
  if (i < 0) throw new Error(`${spec.name} has no parameter ${name}`);
  return i;
}

/** Fused activation codes for float kernels (int8 kernels get act_min/act_max instead). */
export const ACT_NONE = 0;
export const ACT_RELU = 1;
export const ACT_RELU_N1_TO_1 = 2;
export const ACT_RELU6 = 3;
