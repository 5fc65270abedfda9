/*
 * SPACE_TO_DEPTH and DEPTH_TO_SPACE as one COPY each, through a 6-D view of the 4-D output in which
 * the block offsets are axes of their own (TFLM's reference index maps):
 *   SPACE_TO_DEPTH: output (n, h, w, (bh * b + bw) * C + c) = input (n, h * b + bh, w * b + bw, c)
 *   DEPTH_TO_SPACE: output (n, h * b + bh, w * b + bw, c) = input (n, h, w, (bh * b + bw) * C' + c)
 */
import type { LowerContext } from '../lower.js';
import { copyOrAlias, denseStrides, moveElementSize, requireShapeEq, stridedAxis } from './copy.js';

function blockSize(ctx: LowerContext, want: 'SpaceToDepthOptions' | 'DepthToSpaceOptions'): number {
  const o = ctx.op.options;
  const b = o?.type === want ? o.blockSize : 0;
  if (!(b >= 1)) ctx.fail('UNSUPPORTED_PARAMS', `block_size ${b} must be >= 1`);
  return b;
}

function shape4(ctx: LowerContext): [number, number, number, number] {
  const input = ctx.input(0);
  if (input.shape.length !== 4) ctx.fail('UNSUPPORTED_PARAMS', `input must have rank 4 (NHWC), has [${input.shape.join(', ')}]`);
  return input.shape as unknown as [number, number, number, number];
}

export function lowerSpaceToDepth(ctx: LowerContext): void {
  const input = ctx.input(0);
  const output = ctx.output(0);
  const elemSize = moveElementSize(ctx, [input, output]);
  const b = blockSize(ctx, 'SpaceToDepthOptions');
  const [n, h, w, c] = shape4(ctx);
  if (h % b !== 0 || w % b !== 0) ctx.fail('UNSUPPORTED_PARAMS', `height ${h} and width ${w} must be multiples of block_size ${b}`);
  requireShapeEq(ctx, output, [n, h / b, w / b, c * b * b], 'output');
  const [i0, i1, i2] = denseStrides(input.shape) as [number, number, number, number];
  const [o0, o1, o2] = denseStrides(output.shape) as [number, number, number, number];
  const axes = [
    stridedAxis(n, i0, o0),
    stridedAxis(h / b, b * i1, o1),
    stridedAxis(w / b, b * i2, o2),
    stridedAxis(b, i1, b * c),
    stridedAxis(b, i2, c),
    stridedAxis(c, 1, 1),
  ];
  copyOrAlias(ctx, input, output, { axes }, elemSize);
}

export function lowerDepthToSpace(ctx: LowerContext): void {
  const input = ctx.input(0);
  const output = ctx.output(0);
  const elemSize = moveElementSize(ctx, [input, output]);
  const b = blockSize(ctx, 'DepthToSpaceOptions');
  const [n, h, w, c] = shape4(ctx);
  if (c % (b * b) !== 0) ctx.fail('UNSUPPORTED_PARAMS', `depth ${c} must be a multiple of block_size^2 = ${b * b}`);
  const oc = c / (b * b);
  requireShapeEq(ctx, output, [n, h * b, w * b, oc], 'output');
  const [i0, i1, i2] = denseStrides(input.shape) as [number, number, number, number];
  const [o0, o1, o2] = denseStrides(output.shape) as [number, number, number, number];
  const axes = [
    stridedAxis(n, i0, o0),
    stridedAxis(h, i1, b * o1),
    stridedAxis(b, b * oc, o1),
    stridedAxis(w, i2, b * o2),
    stridedAxis(b, oc, o2),
    stridedAxis(oc, 1, 1),
  ];
  copyOrAlias(ctx, input, output, { axes }, elemSize);
}
