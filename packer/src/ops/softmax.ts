/* SOFTMAX (int8 in, int8 out with scale 1/256 and zero point -128, as TFLM requires) over the last axis. */
import { OPS } from '../../../runtime/src/format/ops.js';
import type { LowerContext } from '../lower.js';
import { elementCount } from '../ir.js';
import { softmaxParams } from '../quant/multipliers.js';
import { float32Bytes, quantOf, requireDtype } from './common.js';
import { requireFloat } from './float_common.js';

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

/** SOFTMAX float32 -> SOFTMAX_F32 over the last axis, beta as float32 bits (a TS kernel: see docs/ops.md). */
export function lowerSoftmaxF32(ctx: LowerContext): void {
  const opts = ctx.op.options;
  const beta = opts?.type === 'SoftmaxOptions' ? opts.beta : 1;
  const input = ctx.input(0);
  const output = ctx.output(0);
  requireFloat(ctx, [
    [input, 'input'],
    [output, 'output'],
  ]);
  const depth = input.shape[input.shape.length - 1] ?? 1;
  const total = elementCount(input.shape);
  if (elementCount(output.shape) !== total) ctx.fail('BAD_MODEL', 'output and input sizes differ', { tensor: output.name });
  if (!Number.isFinite(Math.fround(beta))) ctx.fail('UNSUPPORTED_PARAMS', `beta ${beta} is not finite`);
  const bits = new DataView(float32Bytes([beta]).buffer).getInt32(0, true);
  ctx.emit(OPS.SOFTMAX_F32, [total / depth, depth, bits], [ctx.ir(input), ctx.ir(output)], 0);
}
