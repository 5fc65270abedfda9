/*
 * The lowering table: TFLite operator name -> lowering. A closed, frozen table; anything not here
 * is reported by name with this list as the supported set.
 */
import type { LowerContext } from '../lower.js';
import { lowerAdd } from './add.js';
import { lowerConv2d } from './conv_2d.js';
import { lowerDepthwiseConv2d } from './depthwise_conv_2d.js';
import { lowerFullyConnected } from './fully_connected.js';
import { lowerAveragePool2d, lowerMaxPool2d } from './pooling.js';
import { lowerReshape } from './reshape.js';
import { lowerSoftmax } from './softmax.js';

export type Lowering = (ctx: LowerContext) => void;

export const LOWERINGS: Readonly<Record<string, Lowering | undefined>> = Object.freeze({
  ADD: lowerAdd,
  AVERAGE_POOL_2D: lowerAveragePool2d,
  CONV_2D: lowerConv2d,
  DEPTHWISE_CONV_2D: lowerDepthwiseConv2d,
  EXPAND_DIMS: lowerReshape,
  FULLY_CONNECTED: lowerFullyConnected,
  MAX_POOL_2D: lowerMaxPool2d,
  RESHAPE: lowerReshape,
  SOFTMAX: lowerSoftmax,
  SQUEEZE: lowerReshape,
});

export const SUPPORTED_TFLITE_OPS: readonly string[] = Object.freeze(Object.keys(LOWERINGS).sort());
