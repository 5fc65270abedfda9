/*
 * RESIZE_NEAREST_NEIGHBOR as one COPY: the source row of each output row and the source column of each
 * output column are tables computed here with TFLM's GetNearestNeighbor, in float32 as it computes:
 *   scale = align_corners && out > 1 ? (in - 1) / (float)(out - 1) : in / (float)out
 *   src = min(align_corners ? round((dst + offset) * scale) : floor((dst + offset) * scale), in - 1)
 * with offset 0.5 under half_pixel_centers (which also clamps src at 0), rounding half away from zero.
 */
import type { LowerContext } from '../lower.js';
import { copyOrAlias, constInt32s, denseStrides, moveElementSize, requireShapeEq, stridedAxis, type CopyAxis } from './copy.js';

const f32 = Math.fround;

/** TFLM's GetNearestNeighbor for every output index along one axis. */
export function nearestSources(inSize: number, outSize: number, alignCorners: boolean, halfPixelCenters: boolean): number[] {
  const scale = alignCorners && outSize > 1 ? f32((inSize - 1) / f32(outSize - 1)) : f32(inSize / f32(outSize));
  const offset = halfPixelCenters ? 0.5 : 0;
  return Array.from({ length: outSize }, (_, dst) => {
    const x = f32(f32(dst + offset) * scale);
    // TfLiteRound is std::round (half away from zero); x >= 0 here, and x + 0.5 is exact in double.
    let src = Math.min(alignCorners ? Math.floor(x + 0.5) : Math.floor(x), inSize - 1);
    if (halfPixelCenters) src = Math.max(0, src);
    return src;
  });
}

export function lowerResizeNearestNeighbor(ctx: LowerContext): void {
  const input = ctx.input(0);
  const output = ctx.output(0);
  const elemSize = moveElementSize(ctx, [input, output]);
  if (input.shape.length !== 4) ctx.fail('UNSUPPORTED_PARAMS', `input must have rank 4 (NHWC), has [${input.shape.join(', ')}]`);
  const [n, h, w, c] = input.shape as unknown as [number, number, number, number];
  const [oh, ow] = constInt32s(ctx, ctx.input(1), 'size', 2) as [number, number];
  requireShapeEq(ctx, output, [n, oh, ow, c], 'output');
  const o = ctx.op.options;
  const align = o?.type === 'ResizeNearestNeighborOptions' && o.alignCorners;
  const half = o?.type === 'ResizeNearestNeighborOptions' && o.halfPixelCenters;
  const [i0, i1, i2] = denseStrides(input.shape) as [number, number, number, number];
  const [o0, o1, o2] = denseStrides(output.shape) as [number, number, number, number];
  const table = (inSize: number, outSize: number, inStride: number, outStride: number): CopyAxis => ({
    offsets: nearestSources(inSize, outSize, align, half).map((s) => s * inStride),
    outStride,
  });
  const axes = [stridedAxis(n, i0, o0), table(h, oh, i1, o1), table(w, ow, i2, o2), stridedAxis(c, 1, 1)];
  copyOrAlias(ctx, input, output, { axes }, elemSize);
}
