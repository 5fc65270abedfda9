/* AVERAGE_POOL_2D, float32 -> AVERAGE_POOL_2D_F32 (a TS kernel: see docs/ops.md). */
import { OPS } from '../../../runtime/src/format/ops.js';
import type { LowerContext } from '../lower.js';
import { floatActivation, requireFloat } from './float_common.js';
import { poolGeometry } from './pooling.js';

export function lowerAveragePool2dF32(ctx: LowerContext): void {
  const input = ctx.input(0);
  const output = ctx.output(0);
  requireFloat(ctx, [
    [input, 'input'],
    [output, 'output'],
  ]);
  const g = poolGeometry(ctx);
  ctx.emit(OPS.AVERAGE_POOL_2D_F32, [...g.params, floatActivation(ctx, g.act)], [ctx.ir(input), ctx.ir(output)], 0);
}
