/*
 * Data movement lowered to COPY (runtime/src/format/ops.ts). Every data-movement operator describes
 * what it does as a *region*: the output axes it writes, outermost first, each with the input offset
 * (in elements) that every index along it adds — PAD marks padding — and its output stride. The input
 * offset of an output element is then the sum over axes, so one table entry per axis index says it
 * all: a transpose permutes strides, a slice offsets them, a pad marks its borders, a nearest-neighbour
 * resize lists the source rows and columns. Everything is computed here, offline; the kernel only adds.
 *
 * CONCATENATION and PACK write one region of their output per input, each with its own COPY (so a
 * tensor may be written by several consecutive ops: see runtime/src/model.ts). That keeps one
 * operand list shape per opcode — the format, the op checks, the XS graph runner and gen-c all stay
 * fixed-arity — and costs nothing at run time: each input is one contiguous-run walk either way.
 * The memory plan stays right: a tensor is live from the first op that touches it, so the output's
 * block is reserved from its first writer on and no input read by a later writer can share it.
 *
 * Before emitting, a region is simplified: size-1 axes fold into a start offset, and the innermost
 * axes that are contiguous in both input and output merge into one `run` (one memmove in C).
 */
import { OPS } from '../../../runtime/src/format/ops.js';
import type { TfliteTensor } from '../tflite/index.js';
import type { LowerContext } from '../lower.js';
import { elementCount } from '../ir.js';
import { int32Bytes, int32Values } from './common.js';

/** An index-table entry that stands for padding. */
export const PAD = -1;

/** One output axis of a region: the input offset each index along it adds (PAD: padding) and its output stride. */
export interface CopyAxis {
  readonly offsets: readonly number[];
  readonly outStride: number;
}

export interface CopyRegion {
  /** Outermost first; the output element of index (i...) is outStart + sum i_k * outStride_k. */
  readonly axes: readonly CopyAxis[];
  readonly outStart?: number;
  /** The element written where any axis says PAD, as a bit pattern (see COPY's pad_value). */
  readonly padValue?: number;
}

const COPY_DIMS = 6;
const ELEMENT_SIZES: Readonly<Record<string, number>> = { int8: 1, int16: 2, int32: 4, float32: 4 };
/** Dtypes the data-movement lowerings accept (the kernel copies bytes; these are the ones TFLM moves). */
export const MOVE_DTYPES: readonly string[] = Object.keys(ELEMENT_SIZES);

/** Row-major element strides of a shape. */
export function denseStrides(shape: readonly number[]): number[] {
  const s: number[] = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = (s[i + 1] as number) * (shape[i + 1] as number);
  return s;
}

/** An axis of `size` indices whose input offsets are i * inStride (a plain strided view). */
export function stridedAxis(size: number, inStride: number, outStride: number, first = 0): CopyAxis {
  return { offsets: Array.from({ length: size }, (_, i) => (first + i) * inStride), outStride };
}

/**
 * The element size shared by every tensor of a data-movement op: all must have one dtype, and one
 * this lowering moves. Fails naming the first tensor that differs.
 */
export function moveElementSize(ctx: LowerContext, tensors: readonly TfliteTensor[]): number {
  const [head, ...rest] = tensors as [TfliteTensor, ...TfliteTensor[]];
  const size = ELEMENT_SIZES[head.dtype];
  if (size === undefined) ctx.fail('UNSUPPORTED_DTYPE', `input is ${head.dtype}`, { tensor: head.name, supported: MOVE_DTYPES });
  for (const t of rest) {
    if (t.dtype !== head.dtype) ctx.fail('UNSUPPORTED_DTYPE', `${t.dtype} does not match the input's ${head.dtype}`, { tensor: t.name });
  }
  return size as number;
}

/** A constant int32 tensor's values (`count` of them when given), or a fail naming it. */
export function constInt32s(ctx: LowerContext, t: TfliteTensor, role: string, count?: number): number[] {
  if (t.dtype !== 'int32') ctx.fail('UNSUPPORTED_DTYPE', `${role} is ${t.dtype}, expected int32`, { tensor: t.name, supported: ['int32'] });
  if (!t.data) ctx.fail('UNSUPPORTED_PARAMS', `${role} must be a constant tensor`, { tensor: t.name });
  const v = int32Values(t);
  if (count !== undefined && v.length !== count)
    ctx.fail('BAD_MODEL', `${role} has ${v.length} values, expected ${count}`, { tensor: t.name });
  return v;
}

/** A negative axis counts from the end (TFLite's convention); fails outside [-rank, rank). */
export function positiveAxis(ctx: LowerContext, axis: number, rank: number, what = 'axis'): number {
  if (!(Number.isInteger(axis) && axis >= -rank && axis < rank))
    ctx.fail('UNSUPPORTED_PARAMS', `${what} ${axis} is outside [${-rank}, ${rank}) for rank ${rank}`);
  return axis < 0 ? axis + rank : axis;
}

export function requireShapeEq(ctx: LowerContext, t: TfliteTensor, want: readonly number[], role: string): void {
  if (t.shape.length !== want.length || t.shape.some((d, i) => d !== want[i]))
    ctx.fail('BAD_MODEL', `${role} has shape [${t.shape.join(', ')}], the op makes [${want.join(', ')}]`, { tensor: t.name });
}

const isLinear = (offsets: readonly number[], step: number): boolean => {
  const base = offsets[0] as number;
  return base >= 0 && offsets.every((o, i) => o === base + i * step);
};

interface Simplified {
  readonly axes: CopyAxis[];
  readonly run: number;
  readonly inStart: number;
}

/** The region with size-1 axes folded and the contiguous innermost run split off. */
function simplify(ctx: LowerContext, region: CopyRegion): Simplified {
  let inStart = 0;
  const axes: CopyAxis[] = [];
  for (const a of region.axes) {
    if (a.offsets.length === 0) ctx.fail('UNSUPPORTED_PARAMS', 'the op would produce an empty tensor');
    const only = a.offsets[0] as number;
    if (a.offsets.length === 1 && only !== PAD) inStart += only;
    else axes.push(a);
  }
  let run = 1;
  for (let a = axes.at(-1); a && a.outStride === run && isLinear(a.offsets, run); a = axes.at(-1)) {
    inStart += a.offsets[0] as number;
    run *= a.offsets.length;
    axes.pop();
  }
  // Every lowering describes at most six axes (rank <= 6; SPACE_TO_DEPTH's view has six).
  if (axes.length > COPY_DIMS) throw new Error(`internal: a copy region of ${axes.length} axes`);
  return { axes, run, inStart };
}

/** Whether a region is a plain copy of all of `input` onto all of `output` (so it can be an alias). */
export function isIdentity(ctx: LowerContext, input: TfliteTensor, output: TfliteTensor, region: CopyRegion): boolean {
  const s = simplify(ctx, region);
  const n = elementCount(input.shape);
  return s.axes.length === 0 && s.inStart === 0 && (region.outStart ?? 0) === 0 && s.run === n && elementCount(output.shape) === n;
}

/** Emits one COPY of `region` from input to output (whose dtypes moveElementSize has checked). */
export function emitCopy(ctx: LowerContext, input: TfliteTensor, output: TfliteTensor, region: CopyRegion, elemSize: number): void {
  const s = simplify(ctx, region);
  const axes = s.axes.slice();
  while (axes.length < COPY_DIMS) axes.unshift({ offsets: [0], outStride: 0 });
  const head = axes[0] as CopyAxis;
  // The constant start goes into the outermost table (its padding entries stay padding).
  axes[0] = { offsets: head.offsets.map((o) => (o === PAD ? PAD : o + s.inStart)), outStride: head.outStride };
  const index = axes.flatMap((a) => a.offsets);
  const params = [
    elemSize,
    region.padValue ?? 0,
    s.run,
    region.outStart ?? 0,
    ...axes.map((a) => a.offsets.length),
    // A stride where the dim is 1 is never used; 0 keeps it inside the output whatever its size.
    ...axes.map((a) => (a.offsets.length === 1 ? 0 : a.outStride)),
  ];
  const table = ctx.constant(`${output.name}/copy_index`, 'int32', [index.length], int32Bytes(index));
  ctx.emit(OPS.COPY, params, [ctx.ir(input), table, ctx.ir(output)], 0);
}

/**
 * One input to one whole output: an alias when the region moves nothing (an identity TRANSPOSE, a
 * SLICE of everything, a one-way SPLIT), else one COPY.
 */
export function copyOrAlias(ctx: LowerContext, input: TfliteTensor, output: TfliteTensor, region: CopyRegion, elemSize: number): void {
  if (input.data === null && isIdentity(ctx, input, output, region)) ctx.alias(output, input);
  else emitCopy(ctx, input, output, region, elemSize);
}
