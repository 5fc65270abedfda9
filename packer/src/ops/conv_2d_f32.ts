/* CONV_2D and DEPTHWISE_CONV_2D, float32 -> CONV_2D_F32 / DEPTHWISE_CONV_2D_F32 (TS kernels: see docs/ops.md). */
import { OPS } from '../../../runtime/src/format/ops.js';
import type { LowerContext } from '../lower.js';
import { constData } from './common.js';
import { convGeometry } from './conv_geometry.js';
import { floatActivation, floatBias, requireFloat } from './float_common.js';

function lowerConvF32(ctx: LowerContext, depthwise: boolean): void {
  const opts = ctx.op.options;
  const want = depthwise ? 'DepthwiseConv2DOptions' : 'Conv2DOptions';
  if (opts?.type !== 'Conv2DOptions' && opts?.type !== 'DepthwiseConv2DOptions') return ctx.fail('BAD_MODEL', `missing ${want}`);
  if (opts.type !== want) return ctx.fail('BAD_MODEL', `missing ${want}`);
  const input = ctx.input(0);
  const filter = ctx.input(1);
  const output = ctx.output(0);
  requireFloat(ctx, [
    [input, 'input'],
    [filter, 'filter'],
    [output, 'output'],
  ]);
  constData(ctx, filter, 'filter');
  const g = convGeometry(ctx, opts, input, filter, output, depthwise);
  const ic = g.params[3] as number;
  const oc = g.params[6] as number;
  const act = floatActivation(ctx, opts.fusedActivation);
  const operands = [ctx.ir(input), ctx.ir(filter), floatBias(ctx, ctx.optionalInput(2), output.name, oc), ctx.ir(output)];
  const macs = g.outputs * g.macsPerOutput;
  if (!depthwise) return ctx.emit(OPS.CONV_2D_F32, [...g.params, act], operands, macs);
  if (oc % ic !== 0) ctx.fail('UNSUPPORTED_PARAMS', `output depth ${oc} is not a multiple of input depth ${ic}`);
  ctx.emit(OPS.DEPTHWISE_CONV_2D_F32, [...g.params, oc / ic, act], operands, macs);
}

export const lowerConv2dF32 = (ctx: LowerContext): void => lowerConvF32(ctx, false);
export const lowerDepthwiseConv2dF32 = (ctx: LowerContext): void => lowerConvF32(ctx, true);
