/*
 * The lowering table: TFLite operator name -> lowering, plus what each lowering accepts (dtype
 * variants, the mflow ops it emits, the parameters it handles). A closed, frozen table; anything not
 * here is reported by name with this list as the supported set. docs/ops.md is generated from it
 * (npm run docs:ops), and `mflow inspect` reads it to mark each op's backends.
 */
import type { OpName } from '../../../runtime/src/format/ops.js';
import type { LowerContext } from '../lower.js';
import { lowerAdd } from './add.js';
import { lowerAddF32 } from './add_f32.js';
import { lowerConcatenation, lowerPack } from './concatenation.js';
import { lowerConv2d } from './conv_2d.js';
import { lowerConv2dF32, lowerDepthwiseConv2dF32 } from './conv_2d_f32.js';
import { lowerDepthwiseConv2d } from './depthwise_conv_2d.js';
import {
  lowerDequantize,
  lowerHardSwish,
  lowerLeakyRelu,
  lowerLogistic,
  lowerLogisticF32,
  lowerQuantize,
  lowerRelu,
  lowerRelu6,
  lowerTanh,
} from './elementwise.js';
import { lowerFullyConnected } from './fully_connected.js';
import { lowerMaximum, lowerMinimum } from './min_max.js';
import { lowerPad } from './pad.js';
import { lowerAveragePool2d, lowerMaxPool2d } from './pooling.js';
import { lowerAveragePool2dF32 } from './pooling_f32.js';
import { lowerReshape } from './reshape.js';
import { lowerResizeNearestNeighbor } from './resize_nearest_neighbor.js';
import { lowerSoftmax, lowerSoftmaxF32 } from './softmax.js';
import { lowerDepthToSpace, lowerSpaceToDepth } from './space_depth.js';
import { lowerSplit, lowerSplitV, lowerUnpack } from './split.js';
import { lowerSlice, lowerStridedSlice } from './strided_slice.js';
import { lowerTranspose } from './transpose.js';

export type Lowering = (ctx: LowerContext) => void;

/** One accepted dtype combination of a TFLite operator. */
export interface OpVariant {
  /** Input -> output element types, e.g. 'int8' or 'float32 -> int8'. */
  readonly dtype: string;
  /** The mflow ops it lowers to ([] for an alias that costs nothing). */
  readonly ops: readonly OpName[];
  /** The parameters handled, in general (shown in docs/ops.md). */
  readonly handles: string;
}

export interface OpSupport {
  readonly lower: Lowering;
  readonly variants: readonly OpVariant[];
}

const TABLE = "any input and output quantization, TFLM's arithmetic folded offline into a 256-entry table";
/** A lowering per input dtype: float32 models take the float op, everything else the int8 lowering (which names what it supports). */
const byDtype =
  (int8: Lowering, float32: Lowering): Lowering =>
  (ctx) =>
    (ctx.input(0).dtype === 'float32' ? float32 : int8)(ctx);

const FLOAT_TS = "float32 arithmetic in TFLM's order";
const FUSED = 'fused NONE/RELU/RELU6/RELU_N1_TO_1';
const ALIAS: readonly OpVariant[] = [{ dtype: 'any', ops: [], handles: 'an alias of its input: no code, no memory' }];

/**
 * Data movement lowers to COPY, which moves elements of any size: the same variants for every dtype
 * TFLM moves (int8 on its own: gen-c runs int8 models only). A no-op becomes an alias.
 */
function moves(handles: string): readonly OpVariant[] {
  return ['int8', 'float32, int16, int32'].map((dtype) => ({ dtype, ops: ['COPY'], handles }));
}

export const OP_SUPPORT: Readonly<Record<string, OpSupport>> = Object.freeze({
  ADD: {
    lower: byDtype(lowerAdd, lowerAddF32),
    variants: [
      { dtype: 'int8', ops: ['ADD_S8'], handles: `broadcasting up to rank 4, ${FUSED}` },
      { dtype: 'float32', ops: ['ADD_F32'], handles: `broadcasting up to rank 4, ${FUSED}` },
    ],
  },
  AVERAGE_POOL_2D: {
    lower: byDtype(lowerAveragePool2d, lowerAveragePool2dF32),
    variants: [
      { dtype: 'int8', ops: ['AVERAGE_POOL_2D_S8'], handles: `any window and stride, SAME/VALID, ${FUSED}` },
      { dtype: 'float32', ops: ['AVERAGE_POOL_2D_F32'], handles: `any window and stride, SAME/VALID, ${FUSED}; ${FLOAT_TS}` },
    ],
  },
  CONCATENATION: {
    lower: lowerConcatenation,
    variants: moves(
      "any number of inputs along any axis (negative too), one COPY per input into its region; int8 inputs in the output's quantization",
    ),
  },
  CONV_2D: {
    lower: byDtype(lowerConv2d, lowerConv2dF32),
    variants: [
      {
        dtype: 'int8',
        ops: ['CONV_2D_S8'],
        handles: `per-channel or per-tensor weights, any kernel, stride and dilation, SAME/VALID, optional bias, ${FUSED}`,
      },
      {
        dtype: 'float32',
        ops: ['CONV_2D_F32'],
        handles: `any kernel, stride and dilation, SAME/VALID, optional bias, ${FUSED}; ${FLOAT_TS}`,
      },
    ],
  },
  DEPTHWISE_CONV_2D: {
    lower: byDtype(lowerDepthwiseConv2d, lowerDepthwiseConv2dF32),
    variants: [
      {
        dtype: 'int8',
        ops: ['DEPTHWISE_CONV_2D_S8'],
        handles: `any depth multiplier, kernel, stride and dilation, SAME/VALID, per-channel or per-tensor, ${FUSED}`,
      },
      {
        dtype: 'float32',
        ops: ['DEPTHWISE_CONV_2D_F32'],
        handles: `any depth multiplier, kernel, stride and dilation, SAME/VALID, optional bias, ${FUSED}; ${FLOAT_TS}`,
      },
    ],
  },
  DEQUANTIZE: {
    lower: lowerDequantize,
    variants: [{ dtype: 'int8 -> float32', ops: ['LUT_S8_F32'], handles: 'any per-tensor quantization, as a 256-entry float32 table' }],
  },
  DEPTH_TO_SPACE: { lower: lowerDepthToSpace, variants: moves('any block size, NHWC') },
  EXPAND_DIMS: { lower: lowerReshape, variants: ALIAS },
  FULLY_CONNECTED: {
    lower: lowerFullyConnected,
    variants: [
      {
        dtype: 'int8',
        ops: ['FULLY_CONNECTED_S8'],
        handles: `per-channel or per-tensor weights, any batch, keep_num_dims, optional bias, ${FUSED}`,
      },
      { dtype: 'float32', ops: ['FULLY_CONNECTED_F32'], handles: `any batch, keep_num_dims, optional bias, ${FUSED}` },
    ],
  },
  HARD_SWISH: { lower: lowerHardSwish, variants: [{ dtype: 'int8', ops: ['LUT_S8'], handles: TABLE }] },
  LEAKY_RELU: { lower: lowerLeakyRelu, variants: [{ dtype: 'int8', ops: ['LUT_S8'], handles: `any alpha (negative too), ${TABLE}` }] },
  LOGISTIC: {
    lower: byDtype(lowerLogistic, lowerLogisticF32),
    variants: [
      { dtype: 'int8', ops: ['LUT_S8'], handles: `any input quantization (output scale 1/256, zero point -128), as a table` },
      { dtype: 'float32', ops: ['LOGISTIC_F32'], handles: `TFLM's cut-offs (exp below -9, 1 above 16.62); ${FLOAT_TS}` },
    ],
  },
  MAX_POOL_2D: {
    lower: lowerMaxPool2d,
    variants: [{ dtype: 'int8', ops: ['MAX_POOL_2D_S8'], handles: `any window and stride, SAME/VALID, ${FUSED}` }],
  },
  MAXIMUM: {
    lower: lowerMaximum,
    variants: [{ dtype: 'int8', ops: ['MAXIMUM_S8'], handles: 'broadcasting up to rank 4; inputs and output in one quantization' }],
  },
  MINIMUM: {
    lower: lowerMinimum,
    variants: [{ dtype: 'int8', ops: ['MINIMUM_S8'], handles: 'broadcasting up to rank 4; inputs and output in one quantization' }],
  },
  PACK: { lower: lowerPack, variants: moves('any number of inputs along any axis (negative too), one COPY per input') },
  PAD: { lower: lowerPad, variants: moves('any rank, non-negative paddings (constant), pads with the zero point (int8) or 0') },
  PADV2: {
    lower: lowerPad,
    variants: moves('any rank, non-negative paddings (constant), a constant pad value (int8: in the output quantization)'),
  },
  QUANTIZE: {
    lower: lowerQuantize,
    variants: [
      {
        dtype: 'float32 -> int8',
        ops: ['QUANTIZE_F32_S8'],
        handles: 'per-tensor output quantization; round half away from zero, saturating',
      },
      { dtype: 'int8 -> int8', ops: ['LUT_S8'], handles: `requantization, ${TABLE}` },
    ],
  },
  RELU: { lower: lowerRelu, variants: [{ dtype: 'int8', ops: ['LUT_S8'], handles: TABLE }] },
  RELU6: {
    lower: lowerRelu6,
    variants: [{ dtype: 'int8', ops: ['LUT_S8'], handles: `${TABLE}; a different output quantization is requantized (TFLM would not)` }],
  },
  RESHAPE: { lower: lowerReshape, variants: ALIAS },
  RESIZE_NEAREST_NEIGHBOR: {
    lower: lowerResizeNearestNeighbor,
    variants: moves('any sizes (constant), align_corners, half_pixel_centers; source indices as TFLM computes them in float32'),
  },
  SLICE: { lower: lowerSlice, variants: moves('any rank, constant int32 begin and size (-1: to the end)') },
  SOFTMAX: {
    lower: byDtype(lowerSoftmax, lowerSoftmaxF32),
    variants: [
      { dtype: 'int8', ops: ['SOFTMAX_S8'], handles: 'any beta, over the last axis of any rank; output scale 1/256, zero point -128' },
      { dtype: 'float32', ops: ['SOFTMAX_F32'], handles: `any beta, over the last axis of any rank; ${FLOAT_TS}` },
    ],
  },
  SPACE_TO_DEPTH: { lower: lowerSpaceToDepth, variants: moves('any block size, NHWC') },
  SPLIT: { lower: lowerSplit, variants: moves('any axis (negative too) and number of splits, one COPY per output') },
  SPLIT_V: { lower: lowerSplitV, variants: moves('any axis (negative too) and split sizes (one may be -1), one COPY per output') },
  SQUEEZE: { lower: lowerReshape, variants: ALIAS },
  STRIDED_SLICE: {
    lower: lowerStridedSlice,
    variants: moves(
      'any rank, constant begin/end/strides (negative too), begin_mask, end_mask, shrink_axis_mask; refuses ellipsis_mask, new_axis_mask and offset',
    ),
  },
  TANH: {
    lower: lowerTanh,
    variants: [{ dtype: 'int8', ops: ['LUT_S8'], handles: 'any input quantization (output scale 1/128, zero point 0), as a table' }],
  },
  TRANSPOSE: { lower: lowerTranspose, variants: moves('any permutation (constant) up to rank 6') },
  UNPACK: { lower: lowerUnpack, variants: moves('any axis (negative too), one COPY per output') },
});

export const LOWERINGS: Readonly<Record<string, Lowering | undefined>> = Object.freeze(
  Object.fromEntries(Object.entries(OP_SUPPORT).map(([name, s]) => [name, s.lower])),
);

export const SUPPORTED_TFLITE_OPS: readonly string[] = Object.freeze(Object.keys(OP_SUPPORT).sort());
