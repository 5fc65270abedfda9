/* SOFTMAX (int8 in, int8 out with scale 1/256 and zero point -128, as TFLM requires) over the last axis. */
import { OPS } from '../../../runtime/src/format/ops.js';
import type { LowerContext } from '../lower.js';
import { elementCount } from '../ir.js';
import { softmaxParams } from '../quant/multipliers.js';
import { quantOf, requireDtype } from './common.js';

export function lowerSoftmax(ctx: LowerContext): void {
  const opts = ctx.op.options;
  const beta = opts?.type === 'SoftmaxOptions' ? opts.beta : 1;
  const input = ctx.input(0);
  const output = ctx.output(0);
  if (input.dtype !== 'int8') ctx.fail('UNSUPPORTED_DTYPE', `input is ${input.dtype}`, { tensor: input.name, supported: ['int8'] });
  requireDtype(ctx, output, 'int8', 'output');
  const inQ = quantOf(ctx, input);
  const outQ = quantOf(ctx, output);
  if (outQ.zeroPoint !== -128 || Math.abs(outQ.scale - 1 / 256) > 1e-3 / 256) {
    ctx.fail('UNSUPPORTED_PARAMS', `output must have scale 1/256 and zero point -128, has ${outQ.scale} and ${outQ.zeroPoint}`, {
      tensor: output.name,
    });
  }
  const depth = input.shape[input.shape.length - 1] ?? 1;
  const total = elementCount(input.shape);
  if (elementCount(output.shape) !== total) ctx.fail('BAD_MODEL', 'output and input sizes differ', { tensor: output.name });
  const p = softmaxParams(beta, inQ.scale);
  ctx.emit(OPS.SOFTMAX_S8, [total / depth, depth, p.inputMultiplier, p.inputLeftShift, p.diffMin], [ctx.ir(input), ctx.ir(output)], 0);
}
