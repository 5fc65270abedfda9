/*
 * The lowering table: TFLite operator name -> lowering, plus what each lowering accepts (dtype
 * variants, the mflow ops it emits, the parameters it handles). A closed, frozen table; anything not
 * here is reported by name with this list as the supported set. docs/ops.md is generated from it
 * (npm run docs:ops), and `mflow inspect` reads it to mark each op's backends.
 */
import type { OpName } from '../../../runtime/src/format/ops.js';
import type { LowerContext } from '../lower.js';
import { lowerAdd } from './add.js';
import { lowerConv2d } from './conv_2d.js';
import { lowerDepthwiseConv2d } from './depthwise_conv_2d.js';
import { lowerFullyConnected } from './fully_connected.js';
import { lowerAveragePool2d, lowerMaxPool2d } from './pooling.js';
import { lowerReshape } from './reshape.js';
import { lowerSoftmax } from './softmax.js';

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

const FUSED = 'fused NONE/RELU/RELU6/RELU_N1_TO_1';
const ALIAS: readonly OpVariant[] = [{ dtype: 'any', ops: [], handles: 'an alias of its input: no code, no memory' }];

export const OP_SUPPORT: Readonly<Record<string, OpSupport>> = Object.freeze({
  ADD: {
    lower: lowerAdd,
    variants: [{ dtype: 'int8', ops: ['ADD_S8'], handles: `broadcasting up to rank 4, ${FUSED}` }],
  },
  AVERAGE_POOL_2D: {
    lower: lowerAveragePool2d,
    variants: [{ dtype: 'int8', ops: ['AVERAGE_POOL_2D_S8'], handles: `any window and stride, SAME/VALID, ${FUSED}` }],
  },
  CONV_2D: {
    lower: lowerConv2d,
    variants: [
      {
        dtype: 'int8',
        ops: ['CONV_2D_S8'],
        handles: `per-channel or per-tensor weights, any kernel, stride and dilation, SAME/VALID, optional bias, ${FUSED}`,
      },
    ],
  },
  DEPTHWISE_CONV_2D: {
    lower: lowerDepthwiseConv2d,
    variants: [
      {
        dtype: 'int8',
        ops: ['DEPTHWISE_CONV_2D_S8'],
        handles: `any depth multiplier, kernel, stride and dilation, SAME/VALID, per-channel or per-tensor, ${FUSED}`,
      },
    ],
  },
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
  MAX_POOL_2D: {
    lower: lowerMaxPool2d,
    variants: [{ dtype: 'int8', ops: ['MAX_POOL_2D_S8'], handles: `any window and stride, SAME/VALID, ${FUSED}` }],
  },
  RESHAPE: { lower: lowerReshape, variants: ALIAS },
  SOFTMAX: {
    lower: lowerSoftmax,
    variants: [{ dtype: 'int8', ops: ['SOFTMAX_S8'], handles: 'any beta, over the last axis of any rank; output scale 1/256, zero point -128' }],
  },
  SQUEEZE: { lower: lowerReshape, variants: ALIAS },
});

export const LOWERINGS: Readonly<Record<string, Lowering | undefined>> = Object.freeze(
  Object.fromEntries(Object.entries(OP_SUPPORT).map(([name, s]) => [name, s.lower])),
);

export const SUPPORTED_TFLITE_OPS: readonly string[] = Object.freeze(Object.keys(OP_SUPPORT).sort());
