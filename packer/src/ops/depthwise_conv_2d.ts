/* DEPTHWISE_CONV_2D (int8) -> DEPTHWISE_CONV_2D_S8; the depth multiplier is out_c / in_c, as TFLM computes it. */
import { OPS } from '../../../runtime/src/format/ops.js';
import type { LowerContext } from '../lower.js';
import { calculateActivationRangeQuantized } from '../quant/multipliers.js';
import { biasOperand } from './bias.js';
import { constData, fusedActivation, quantOf, requireDtype, weightScales } from './common.js';
import { convGeometry } from './conv_geometry.js';
import { requantConstants } from './requant.js';

export function lowerDepthwiseConv2d(ctx: LowerContext): void {
  const opts = ctx.op.options;
  if (opts?.type !== 'DepthwiseConv2DOptions') return ctx.fail('BAD_MODEL', 'missing DepthwiseConv2DOptions');
  const input = ctx.input(0);
  const filter = ctx.input(1);
  const bias = ctx.optionalInput(2);
  const output = ctx.output(0);
  if (input.dtype !== 'int8') ctx.fail('UNSUPPORTED_DTYPE', `input is ${input.dtype}`, { tensor: input.name, supported: ['int8'] });
  requireDtype(ctx, filter, 'int8', 'filter');
  requireDtype(ctx, output, 'int8', 'output');
  constData(ctx, filter, 'filter');
  const g = convGeometry(ctx, opts, input, filter, output, true);
  const ic = g.params[3] as number;
  const oc = g.params[6] as number;
  if (oc % ic !== 0) ctx.fail('UNSUPPORTED_PARAMS', `output depth ${oc} is not a multiple of input depth ${ic}`);
  const inQ = quantOf(ctx, input);
  const outQ = quantOf(ctx, output);
  const rq = requantConstants(ctx, output.name, inQ.scale, weightScales(ctx, filter, 3), outQ.scale);
  const { actMin, actMax } = calculateActivationRangeQuantized(fusedActivation(ctx, opts.fusedActivation), outQ.scale, outQ.zeroPoint);
  ctx.emit(
    OPS.DEPTHWISE_CONV_2D_S8,
    [...g.params, oc / ic, -inQ.zeroPoint, outQ.zeroPoint, actMin, actMax, rq.perChannel],
    [ctx.ir(input), ctx.ir(filter), biasOperand(ctx, bias, output.name, oc), rq.multiplier, rq.shift, ctx.ir(output)],
    g.outputs * g.macsPerOutput,
  );
}
