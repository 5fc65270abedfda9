/* AVERAGE_POOL_2D / MAX_POOL_2D (int8; output keeps the input quantization, as TFLM requires). */
import { OPS } from '../../../runtime/src/format/ops.js';
import type { OpSpec } from '../../../runtime/src/format/ops.js';
import type { LowerContext } from '../lower.js';
import { calculateActivationRangeQuantized } from '../quant/multipliers.js';
import { fusedActivation, padding, quantOf, requireDtype, requireRank, requireShape } from './common.js';

/** NHWC pooling geometry from Pool2DOptions: batches, in_h, in_w, channels, out_h, out_w, f_h, f_w, stride_h, stride_w, pad_h, pad_w. */
export function poolGeometry(ctx: LowerContext): { params: number[]; act: string } {
  const opts = ctx.op.options;
  if (opts?.type !== 'Pool2DOptions') return ctx.fail('BAD_MODEL', 'missing Pool2DOptions');
  const input = ctx.input(0);
  const output = ctx.output(0);
  requireRank(ctx, input, 4, 'input');
  const [n, ih, iw, c] = input.shape as [number, number, number, number];
  for (const [v, name] of [
    [opts.strideH, 'stride_h'],
    [opts.strideW, 'stride_w'],
    [opts.filterHeight, 'filter_h'],
    [opts.filterWidth, 'filter_w'],
  ] as const) {
    if (!(v >= 1 && v <= 0xffff)) ctx.fail('UNSUPPORTED_PARAMS', `${name} = ${v} must be in [1, 65535]`);
  }
  const h = padding(opts.padding, ih, opts.filterHeight, opts.strideH, 1);
  const w = padding(opts.padding, iw, opts.filterWidth, opts.strideW, 1);
  if (h.out < 1 || w.out < 1) ctx.fail('BAD_MODEL', 'the pooling window does not fit the input');
  requireShape(ctx, output, [n, h.out, w.out, c], 'output');
  return {
    params: [n, ih, iw, c, h.out, w.out, opts.filterHeight, opts.filterWidth, opts.strideH, opts.strideW, h.pad, w.pad],
    act: opts.fusedActivation,
  };
}

function lowerPool(ctx: LowerContext, spec: OpSpec): void {
  const input = ctx.input(0);
  const output = ctx.output(0);
  if (input.dtype !== 'int8') ctx.fail('UNSUPPORTED_DTYPE', `input is ${input.dtype}`, { tensor: input.name, supported: ['int8'] });
  requireDtype(ctx, output, 'int8', 'output');
  const g = poolGeometry(ctx);
  const inQ = quantOf(ctx, input);
  const outQ = quantOf(ctx, output);
  if (inQ.scale !== outQ.scale || inQ.zeroPoint !== outQ.zeroPoint)
    ctx.fail('UNSUPPORTED_PARAMS', 'input and output quantization must be equal', { tensor: output.name });
  const { actMin, actMax } = calculateActivationRangeQuantized(fusedActivation(ctx, g.act), outQ.scale, outQ.zeroPoint);
  ctx.emit(spec, [...g.params, actMin, actMax], [ctx.ir(input), ctx.ir(output)], 0);
}

export const lowerAveragePool2d = (ctx: LowerContext): void => lowerPool(ctx, OPS.AVERAGE_POOL_2D_S8);
export const lowerMaxPool2d = (ctx: LowerContext): void => lowerPool(ctx, OPS.MAX_POOL_2D_S8);
