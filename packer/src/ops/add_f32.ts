/* ADD, float32 -> ADD_F32 with ADD_S8's broadcasting (a TS kernel: see docs/ops.md). */
import { OPS } from '../../../runtime/src/format/ops.js';
import type { LowerContext } from '../lower.js';
import { broadcastParams } from './add.js';
import { floatActivation, requireFloat } from './float_common.js';

export function lowerAddF32(ctx: LowerContext): void {
  const opts = ctx.op.options;
  const a = ctx.input(0);
  const b = ctx.input(1);
  const output = ctx.output(0);
  requireFloat(ctx, [
    [a, 'input 1'],
    [b, 'input 2'],
    [output, 'output'],
  ]);
  const act = floatActivation(ctx, opts?.type === 'AddOptions' ? opts.fusedActivation : 'NONE');
  ctx.emit(OPS.ADD_F32, [act, ...broadcastParams(ctx, a, b, output)], [ctx.ir(a), ctx.ir(b), ctx.ir(output)], 0);
}
