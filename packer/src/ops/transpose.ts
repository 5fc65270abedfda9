/*
 * TRANSPOSE as one COPY: output axis k walks input axis perm[k], so its offsets are i times that
 * input axis's stride (an identity permutation becomes an alias).
 */
import type { LowerContext } from '../lower.js';
import { copyOrAlias, constInt32s, denseStrides, moveElementSize, requireShapeEq, stridedAxis } from './copy.js';

export function lowerTranspose(ctx: LowerContext): void {
  const input = ctx.input(0);
  const output = ctx.output(0);
  const elemSize = moveElementSize(ctx, [input, output]);
  const rank = input.shape.length;
  const perm = constInt32s(ctx, ctx.input(1), 'perm', rank);
  const seen = new Set(perm);
  if (seen.size !== rank || perm.some((p) => !(Number.isInteger(p) && p >= 0 && p < rank)))
    ctx.fail('UNSUPPORTED_PARAMS', `perm [${perm.join(', ')}] is not a permutation of 0..${rank - 1}`);
  requireShapeEq(
    ctx,
    output,
    perm.map((p) => input.shape[p] as number),
    'output',
  );
  const inStrides = denseStrides(input.shape);
  const outStrides = denseStrides(output.shape);
  const axes = perm.map((p, k) => stridedAxis(input.shape[p] as number, inStrides[p] as number, outStrides[k] as number));
  copyOrAlias(ctx, input, output, { axes }, elemSize);
}
