/*
 * SPLIT, SPLIT_V and UNPACK: one COPY per output, each reading its slab of the input along the axis
 * (UNPACK's slab is one index thick and drops the axis). A one-way split is an alias.
 */
import type { TfliteTensor } from '../tflite/index.js';
import type { LowerContext } from '../lower.js';
import {
  copyOrAlias,
  constInt32s,
  denseStrides,
  moveElementSize,
  positiveAxis,
  requireShapeEq,
  stridedAxis,
  type CopyAxis,
} from './copy.js';

function outputsOf(ctx: LowerContext): TfliteTensor[] {
  return ctx.op.outputs.map((_, i) => ctx.output(i));
}

/** Output j takes sizes[j] indices of the input's `axis` from the sum of the sizes before it. */
function lowerSlabs(ctx: LowerContext, input: TfliteTensor, axis: number, sizes: readonly number[]): void {
  const outputs = outputsOf(ctx);
  const elemSize = moveElementSize(ctx, [input, ...outputs]);
  if (sizes.length !== outputs.length) ctx.fail('BAD_MODEL', `${sizes.length} splits but ${outputs.length} outputs`);
  const inStrides = denseStrides(input.shape);
  let first = 0;
  outputs.forEach((out, j) => {
    const shape = input.shape.map((n, d) => (d === axis ? (sizes[j] as number) : n));
    requireShapeEq(ctx, out, shape, `output ${j}`);
    const outStrides = denseStrides(shape);
    const axes = shape.map((n, d) => stridedAxis(n, inStrides[d] as number, outStrides[d] as number, d === axis ? first : 0));
    copyOrAlias(ctx, input, out, { axes }, elemSize);
    first += sizes[j] as number;
  });
}

/** SPLIT: inputs (axis, input); num_splits equal slabs. */
export function lowerSplit(ctx: LowerContext): void {
  const input = ctx.input(1);
  const [axisValue] = constInt32s(ctx, ctx.input(0), 'axis', 1);
  const axis = positiveAxis(ctx, axisValue as number, input.shape.length);
  const n = ctx.op.outputs.length;
  const o = ctx.op.options;
  if (o?.type === 'SplitOptions' && o.numSplits !== n) ctx.fail('BAD_MODEL', `num_splits ${o.numSplits} but ${n} outputs`);
  const size = input.shape[axis] as number;
  if (size % n !== 0) ctx.fail('UNSUPPORTED_PARAMS', `axis ${axis} of size ${size} does not split into ${n} equal parts`);
  lowerSlabs(ctx, input, axis, new Array<number>(n).fill(size / n));
}

/** SPLIT_V: inputs (input, size_splits, axis); one size may be -1 (the rest of the axis). */
export function lowerSplitV(ctx: LowerContext): void {
  const input = ctx.input(0);
  const sizes = constInt32s(ctx, ctx.input(1), 'size_splits');
  const [axisValue] = constInt32s(ctx, ctx.input(2), 'axis', 1);
  const axis = positiveAxis(ctx, axisValue as number, input.shape.length);
  const total = input.shape[axis] as number;
  const unknown = sizes.filter((s) => s === -1).length;
  const known = sizes.filter((s) => s !== -1).reduce((a, b) => a + b, 0);
  if (unknown > 1 || sizes.some((s) => s < -1 || s === 0)) ctx.fail('UNSUPPORTED_PARAMS', `size_splits [${sizes.join(', ')}] is not valid`);
  const resolved = sizes.map((s) => (s === -1 ? total - known : s));
  if (resolved.reduce((a, b) => a + b, 0) !== total || resolved.some((s) => s < 1))
    ctx.fail('UNSUPPORTED_PARAMS', `size_splits [${sizes.join(', ')}] does not cover axis ${axis} of size ${total}`);
  lowerSlabs(ctx, input, axis, resolved);
}

/** UNPACK: output j is the input at index j of `axis`, with that axis removed. */
export function lowerUnpack(ctx: LowerContext): void {
  const input = ctx.input(0);
  const outputs = outputsOf(ctx);
  const elemSize = moveElementSize(ctx, [input, ...outputs]);
  const o = ctx.op.options;
  const rank = input.shape.length;
  const axis = positiveAxis(ctx, o?.type === 'UnpackOptions' ? o.axis : 0, rank);
  const n = input.shape[axis] as number;
  if (outputs.length !== n || (o?.type === 'UnpackOptions' && o.num !== n))
    ctx.fail(
      'BAD_MODEL',
      `axis ${axis} has ${n} entries, the op has ${outputs.length} outputs (num ${o?.type === 'UnpackOptions' ? o.num : '?'})`,
    );
  const inStrides = denseStrides(input.shape);
  const shape = input.shape.filter((_, d) => d !== axis);
  const outStrides = denseStrides(shape);
  outputs.forEach((out, j) => {
    requireShapeEq(ctx, out, shape, `output ${j}`);
    let k = 0;
    const axes: CopyAxis[] = input.shape.map((size, d) =>
      d === axis
        ? { offsets: [j * (inStrides[d] as number)], outStride: 0 }
        : stridedAxis(size, inStrides[d] as number, outStrides[k++] as number),
    );
    copyOrAlias(ctx, input, out, { axes }, elemSize);
  });
}
