/*
 * RESHAPE, SQUEEZE, EXPAND_DIMS: the bytes do not change, so the output becomes an alias of the input
 * (no op, no copy, no arena). The output shape is the model's own, checked for the same element count.
 */
import type { LowerContext } from '../lower.js';

export function lowerReshape(ctx: LowerContext): void {
  ctx.alias(ctx.output(0), ctx.input(0));
}
