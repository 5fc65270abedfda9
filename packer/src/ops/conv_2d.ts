/* CONV_2D (int8, per-channel or per-tensor weights) -> CONV_2D_S8. */
import { OPS } from '../../../runtime/src/format/ops.js';
import type { LowerContext } from '../lower.js';
import { calculateActivationRangeQuantized } from '../quant/multipliers.js';
import { constData, fusedActivation, quantOf, requireDtype, weightScales } from './common.js';
import { convGeometry } from './conv_geometry.js';
import { requantConstants } from './requant.js';
import { biasOperand, foldedBias } from './bias.js';

export function lowerConv2d(ctx: LowerContext): void {
  const opts = ctx.op.options;
  if (opts?.type !== 'Conv2DOptions') return ctx.fail('BAD_MODEL', 'missing Conv2DOptions');
  const input = ctx.input(0);
  const filter = ctx.input(1);
  const bias = ctx.optionalInput(2);
  const output = ctx.output(0);
  if (input.dtype !== 'int8') ctx.fail('UNSUPPORTED_DTYPE', `input is ${input.dtype}`, { tensor: input.name, supported: ['int8'] });
  requireDtype(ctx, filter, 'int8', 'filter');
  requireDtype(ctx, output, 'int8', 'output');
  constData(ctx, filter, 'filter');
  const g = convGeometry(ctx, opts, input, filter, output, false);
  const inQ = quantOf(ctx, input);
  const outQ = quantOf(ctx, output);
  const oc = g.params[6] as number;
  const rq = requantConstants(ctx, output.name, inQ.scale, weightScales(ctx, filter, 0), outQ.scale);
  // When every window lies wholly inside the input (1x1 filters without padding, above all), the input
  // offset folds into the bias exactly as for FULLY_CONNECTED and the kernel runs a plain int8 dot.
  const [, inH, inW, , outH, outW, , kH, kW, sH, sW, dH, dW, padH, padW] = g.params as number[];
  const inside = (n: number, out: number, k: number, st: number, dil: number, pad: number): boolean =>
    pad === 0 && (out - 1) * st + (k - 1) * dil + 1 <= n;
  const fold = inside(inH!, outH!, kH!, sH!, dH!, padH!) && inside(inW!, outW!, kW!, sW!, dW!, padW!);
  const biasId = fold
    ? foldedBias(ctx, bias, output.name, constData(ctx, filter, 'filter'), oc, -inQ.zeroPoint)
    : biasOperand(ctx, bias, output.name, oc);
  const { actMin, actMax } = calculateActivationRangeQuantized(fusedActivation(ctx, opts.fusedActivation), outQ.scale, outQ.zeroPoint);
  ctx.emit(
    OPS.CONV_2D_S8,
    [...g.params, fold ? 0 : -inQ.zeroPoint, outQ.zeroPoint, actMin, actMax, rq.perChannel],
    [ctx.ir(input), ctx.ir(filter), biasId, rq.multiplier, rq.shift, ctx.ir(output)],
    g.outputs * g.macsPerOutput,
  );
}
