/*
 * STRIDED_SLICE and SLICE as one COPY. Each input axis becomes the list of indices TFLM's reference
 * loop visits (strided_slice::StridedSliceStartForAxis / StridedSliceEndForAxis: negative indices
 * count from the end, begin/end are clamped, then the masks override them; any non-zero stride, also
 * negative); a shrunk axis is a single index that folds into the start offset.
 *
 * TFLM ignores ellipsis_mask, new_axis_mask and the offset flag (it zeroes them), while TFLite
 * honours them: a model that sets them has no single meaning, so it is refused.
 */
import type { LowerContext } from '../lower.js';
import type { TfliteOptions } from '../tflite/index.js';
import { copyOrAlias, constInt32s, denseStrides, moveElementSize, requireShapeEq, type CopyAxis } from './copy.js';

const NO_MASKS: TfliteOptions = {
  type: 'StridedSliceOptions',
  beginMask: 0,
  endMask: 0,
  ellipsisMask: 0,
  newAxisMask: 0,
  shrinkAxisMask: 0,
  offset: false,
};

const clamp = (v: number, lo: number, hi: number): number => Math.min(Math.max(v, lo), hi);

/** The indices visited along one axis of `size` (TFLM's StridedSlice{Start,End}ForAxis and loop). */
function axisIndices(
  size: number,
  begin: number,
  end: number,
  stride: number,
  masks: { begin: boolean; end: boolean; shrink: boolean },
): number[] {
  let start = begin < 0 ? begin + size : begin;
  start = stride > 0 ? clamp(start, 0, size) : clamp(start, -1, size - 1);
  if (masks.begin) start = stride > 0 ? 0 : size - 1;
  let stop: number;
  if (masks.shrink) stop = start >= size ? start : start + 1;
  else {
    stop = end < 0 ? end + size : end;
    stop = stride > 0 ? clamp(stop, 0, size) : clamp(stop, -1, size - 1);
    if (masks.end) stop = stride > 0 ? size : -1;
  }
  const out: number[] = [];
  for (let i = start; stride > 0 ? i < stop : i > stop; i += stride) out.push(i);
  return out;
}

/** The COPY of the index lists (one per input axis; shrunk axes leave the output shape). */
function lowerIndexLists(ctx: LowerContext, lists: readonly number[][], shrink: readonly boolean[]): void {
  const input = ctx.input(0);
  const output = ctx.output(0);
  const elemSize = moveElementSize(ctx, [input, output]);
  lists.forEach((l, d) => {
    if (l.length === 0) ctx.fail('UNSUPPORTED_PARAMS', `axis ${d} selects no elements (empty tensors are not supported)`);
  });
  const kept = lists.filter((_, d) => !shrink[d]);
  requireShapeEq(
    ctx,
    output,
    kept.map((l) => l.length),
    'output',
  );
  const inStrides = denseStrides(input.shape);
  const outStrides = denseStrides(output.shape);
  let k = 0;
  const axes: CopyAxis[] = lists.map((l, d) => ({
    offsets: l.map((i) => i * (inStrides[d] as number)),
    outStride: shrink[d] ? 0 : (outStrides[k++] as number),
  }));
  copyOrAlias(ctx, input, output, { axes }, elemSize);
}

export function lowerStridedSlice(ctx: LowerContext): void {
  const input = ctx.input(0);
  const rank = input.shape.length;
  // No options table means TFLite's defaults: every mask 0.
  const o = ctx.op.options ?? NO_MASKS;
  if (o.type !== 'StridedSliceOptions') return ctx.fail('BAD_MODEL', `STRIDED_SLICE has ${o.type}, not StridedSliceOptions`);
  if (o.ellipsisMask !== 0 || o.newAxisMask !== 0 || o.offset)
    ctx.fail('UNSUPPORTED_PARAMS', 'ellipsis_mask, new_axis_mask and offset are not supported (TFLM ignores them, TFLite does not)', {
      supported: ['begin_mask', 'end_mask', 'shrink_axis_mask', 'any non-zero strides'],
    });
  const begin = constInt32s(ctx, ctx.input(1), 'begin', rank);
  const end = constInt32s(ctx, ctx.input(2), 'end', rank);
  const strides = constInt32s(ctx, ctx.input(3), 'strides', rank);
  const bit = (mask: number, d: number): boolean => ((mask >>> d) & 1) === 1;
  const lists = input.shape.map((size, d) => {
    const stride = strides[d] as number;
    if (stride === 0) ctx.fail('UNSUPPORTED_PARAMS', `strides[${d}] is 0`);
    return axisIndices(size, begin[d] as number, end[d] as number, stride, {
      begin: bit(o.beginMask, d),
      end: bit(o.endMask, d),
      shrink: bit(o.shrinkAxisMask, d),
    });
  });
  lowerIndexLists(
    ctx,
    lists,
    input.shape.map((_, d) => bit(o.shrinkAxisMask, d)),
  );
}

/** SLICE: begin and size per axis (size -1: to the end), as TFLM's slice.cc reads them. */
export function lowerSlice(ctx: LowerContext): void {
  const input = ctx.input(0);
  const rank = input.shape.length;
  const begin = constInt32s(ctx, ctx.input(1), 'begin', rank);
  const size = constInt32s(ctx, ctx.input(2), 'size', rank);
  const lists = input.shape.map((n, d) => {
    const b = begin[d] as number;
    const len = size[d] === -1 ? n - b : (size[d] as number);
    if (!(b >= 0 && len >= 0 && b + len <= n))
      ctx.fail('UNSUPPORTED_PARAMS', `begin ${b} and size ${size[d]} leave axis ${d} of size ${n}`);
    return Array.from({ length: len }, (_, i) => b + i);
  });
  lowerIndexLists(
    ctx,
    lists,
    lists.map(() => false),
  );
}
