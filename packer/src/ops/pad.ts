/*
 * PAD and PADV2 as one COPY: each output axis maps index i to input index i - before, or to padding
 * outside [before, before + in). The pad element is TFLM's: PADV2's constant value; for PAD the output
 * zero point (int8) or 0 (float32, int16, int32).
 */
import type { LowerContext } from '../lower.js';
import { copyOrAlias, constInt32s, denseStrides, moveElementSize, PAD, requireShapeEq, type CopyAxis } from './copy.js';

/** The pad element's bit pattern as COPY takes it: PADV2's constant scalar, read at its own width. */
function constantValue(ctx: LowerContext, elemSize: number): number {
  const c = ctx.input(2);
  const out = ctx.output(0);
  if (!c.data) return ctx.fail('UNSUPPORTED_PARAMS', 'the constant value must be a constant tensor', { tensor: c.name });
  if (c.data.byteLength !== elemSize) ctx.fail('BAD_MODEL', 'the constant value must be a scalar', { tensor: c.name });
  if (c.dtype === 'int8') {
    // TFLM's condition: the value is in the output's quantization, so it is copied unchanged.
    const cq = c.quantization;
    const oq = out.quantization;
    if ((cq?.zeroPoint[0] ?? 0) !== (oq?.zeroPoint[0] ?? 0) || (cq?.scale[0] ?? 0) !== (oq?.scale[0] ?? 0))
      ctx.fail('UNSUPPORTED_PARAMS', "the constant value's scale and zero point must equal the output's", { tensor: c.name });
  }
  const dv = new DataView(c.data.buffer, c.data.byteOffset, c.data.byteLength);
  return elemSize === 1 ? dv.getInt8(0) : elemSize === 2 ? dv.getInt16(0, true) : dv.getInt32(0, true);
}

export function lowerPad(ctx: LowerContext): void {
  const input = ctx.input(0);
  const output = ctx.output(0);
  const v2 = ctx.op.inputs.length >= 3 && (ctx.op.inputs[2] as number) >= 0;
  const elemSize = moveElementSize(ctx, v2 ? [input, output, ctx.input(2)] : [input, output]);
  const rank = input.shape.length;
  const paddings = constInt32s(ctx, ctx.input(1), 'paddings', 2 * rank);
  if (paddings.some((p) => p < 0)) ctx.fail('UNSUPPORTED_PARAMS', `paddings [${paddings.join(', ')}] must not be negative`);
  const before = (d: number): number => paddings[2 * d] as number;
  requireShapeEq(
    ctx,
    output,
    input.shape.map((n, d) => n + before(d) + (paddings[2 * d + 1] as number)),
    'output',
  );
  const inStrides = denseStrides(input.shape);
  const outStrides = denseStrides(output.shape);
  const axes: CopyAxis[] = output.shape.map((size, d) => ({
    offsets: Array.from({ length: size }, (_, i) => {
      const at = i - before(d);
      return at >= 0 && at < (input.shape[d] as number) ? at * (inStrides[d] as number) : PAD;
    }),
    outStride: outStrides[d] as number,
  }));
  const padValue = v2 ? constantValue(ctx, elemSize) : input.dtype === 'int8' ? (output.quantization?.zeroPoint[0] ?? 0) : 0;
  copyOrAlias(ctx, input, output, { axes, padValue }, elemSize);
}
