/*
 * The geometry shared by CONV_2D and DEPTHWISE_CONV_2D lowering: NHWC shapes, TFLite padding, and
 * the first 15 params (CONV_GEOMETRY in ops.ts), checked against the model's output shape.
 */
import type { TfliteTensor } from '../tflite/index.js';
import type { LowerContext } from '../lower.js';
import { padding, requireRank, requireShape } from './common.js';

export interface ConvOptionsLike {
  readonly padding: 'SAME' | 'VALID';
  readonly strideW: number;
  readonly strideH: number;
  readonly dilationWFactor: number;
  readonly dilationHFactor: number;
}

export interface ConvGeometry {
  /** batches, in_h, in_w, in_c, out_h, out_w, out_c, k_h, k_w, stride_h, stride_w, dil_h, dil_w, pad_h, pad_w */
  readonly params: number[];
  readonly macsPerOutput: number;
  readonly outputs: number;
}

export function convGeometry(
  ctx: LowerContext,
  o: ConvOptionsLike,
  input: TfliteTensor,
  filter: TfliteTensor,
  output: TfliteTensor,
  depthwise: boolean,
): ConvGeometry {
  requireRank(ctx, input, 4, 'input');
  requireRank(ctx, filter, 4, 'filter');
  const [n, ih, iw, ic] = input.shape as [number, number, number, number];
  const [f0, kh, kw, f3] = filter.shape as [number, number, number, number];
  const oc = depthwise ? f3 : f0;
  if (depthwise && f0 !== 1)
    ctx.fail('UNSUPPORTED_PARAMS', `depthwise filter must be [1, kh, kw, out_c], is [${filter.shape.join(', ')}]`, { tensor: filter.name });
  if (!depthwise && f3 !== ic)
    ctx.fail('UNSUPPORTED_PARAMS', `filter depth ${f3} differs from input depth ${ic} (grouped convolution)`, { tensor: filter.name });
  for (const [v, name] of [
    [o.strideH, 'stride_h'],
    [o.strideW, 'stride_w'],
    [o.dilationHFactor, 'dilation_h'],
    [o.dilationWFactor, 'dilation_w'],
  ] as const) {
    if (!(v >= 1 && v <= 0xffff)) ctx.fail('UNSUPPORTED_PARAMS', `${name} = ${v} must be in [1, 65535]`);
  }
  const h = padding(o.padding, ih, kh, o.strideH, o.dilationHFactor);
  const w = padding(o.padding, iw, kw, o.strideW, o.dilationWFactor);
  if (h.out < 1 || w.out < 1) ctx.fail('BAD_MODEL', `the ${kh}x${kw} window does not fit the ${ih}x${iw} input`);
  requireShape(ctx, output, [n, h.out, w.out, oc], 'output');
  return {
    params: [n, ih, iw, ic, h.out, w.out, oc, kh, kw, o.strideH, o.strideW, o.dilationHFactor, o.dilationWFactor, h.pad, w.pad],
    macsPerOutput: kh * kw * (depthwise ? 1 : ic),
    outputs: n * h.out * w.out * oc,
  };
}
