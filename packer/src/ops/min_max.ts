/*
 * MINIMUM / MAXIMUM (int8, broadcasting as ADD) -> MINIMUM_S8 / MAXIMUM_S8. TFLM compares the stored
 * values whatever the quantizations say; that is only the real minimum or maximum when both inputs and
 * the output share one scale and zero point, so anything else is refused.
 */
import { OPS, type OpSpec } from '../../../runtime/src/format/ops.js';
import type { LowerContext } from '../lower.js';
import { broadcastParams } from './add.js';
import { quantOf, requireDtype } from './common.js';

function lowerMinMax(ctx: LowerContext, spec: OpSpec): void {
  const a = ctx.input(0);
  const b = ctx.input(1);
  const output = ctx.output(0);
  if (a.dtype !== 'int8') ctx.fail('UNSUPPORTED_DTYPE', `input is ${a.dtype}`, { tensor: a.name, supported: ['int8'] });
  requireDtype(ctx, b, 'int8', 'input 2');
  requireDtype(ctx, output, 'int8', 'output');
  const qo = quantOf(ctx, output);
  for (const t of [a, b]) {
    const q = quantOf(ctx, t);
    if (q.scale !== qo.scale || q.zeroPoint !== qo.zeroPoint) {
      ctx.fail(
        'UNSUPPORTED_PARAMS',
        `inputs and output must share one quantization (output: scale ${qo.scale}, zero point ${qo.zeroPoint})`,
        {
          tensor: t.name,
        },
      );
    }
  }
  ctx.emit(spec, broadcastParams(ctx, a, b, output), [ctx.ir(a), ctx.ir(b), ctx.ir(output)], 0);
}

export const lowerMinimum = (ctx: LowerContext): void => lowerMinMax(ctx, OPS.MINIMUM_S8);
export const lowerMaximum = (ctx: LowerContext): void => lowerMinMax(ctx, OPS.MAXIMUM_S8);
