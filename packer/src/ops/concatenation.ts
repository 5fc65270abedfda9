/*
 * CONCATENATION and PACK: one COPY per input, each writing its region of the shared output (its slab
 * along the axis, or for PACK its index of the new axis). Why several ops instead of one op with a
 * variable operand count: see ./copy.ts. A single input is an alias.
 */
import type { TfliteTensor } from '../tflite/index.js';
import type { LowerContext } from '../lower.js';
import { copyOrAlias, denseStrides, emitCopy, moveElementSize, positiveAxis, requireShapeEq, stridedAxis, type CopyAxis } from './copy.js';

function inputsOf(ctx: LowerContext): TfliteTensor[] {
  return ctx.op.inputs.map((_, i) => ctx.input(i));
}

/** Input j is written as regions[j] from output element starts[j] on (one input: possibly an alias). */
function writeRegions(
  ctx: LowerContext,
  inputs: readonly TfliteTensor[],
  output: TfliteTensor,
  regions: readonly CopyAxis[][],
  starts: readonly number[],
): void {
  const elemSize = moveElementSize(ctx, [...inputs, output]);
  if (inputs.length === 1) {
    copyOrAlias(ctx, inputs[0] as TfliteTensor, output, { axes: regions[0] as CopyAxis[], outStart: starts[0] as number }, elemSize);
    return;
  }
  inputs.forEach((t, j) => emitCopy(ctx, t, output, { axes: regions[j] as CopyAxis[], outStart: starts[j] as number }, elemSize));
}

export function lowerConcatenation(ctx: LowerContext): void {
  const inputs = inputsOf(ctx);
  const output = ctx.output(0);
  // No options table means TFLite's defaults: axis 0, no activation.
  const o = ctx.op.options ?? { type: 'ConcatenationOptions', axis: 0, fusedActivation: 'NONE' };
  if (o.type !== 'ConcatenationOptions') return ctx.fail('BAD_MODEL', `CONCATENATION has ${o.type}, not ConcatenationOptions`);
  if (o.fusedActivation !== 'NONE')
    ctx.fail('UNSUPPORTED_PARAMS', `fused activation ${o.fusedActivation} is not supported (TFLM refuses it too)`, { supported: ['NONE'] });
  const rank = output.shape.length;
  const axis = positiveAxis(ctx, o.axis, rank);
  const oq = output.quantization;
  for (const t of inputs) {
    if (t.shape.length !== rank || t.shape.some((n, d) => d !== axis && n !== output.shape[d]))
      ctx.fail('BAD_MODEL', `input shape [${t.shape.join(', ')}] does not match output [${output.shape.join(', ')}] off axis ${axis}`, {
        tensor: t.name,
      });
    // TFLM's int8 concatenation copies bytes, so it requires every input in the output's quantization.
    const q = t.quantization;
    if (t.dtype === 'int8' && ((q?.scale[0] ?? 0) !== (oq?.scale[0] ?? 0) || (q?.zeroPoint[0] ?? 0) !== (oq?.zeroPoint[0] ?? 0)))
      ctx.fail('UNSUPPORTED_PARAMS', "every int8 input needs the output's scale and zero point (no requantization)", { tensor: t.name });
  }
  requireShapeEq(
    ctx,
    output,
    output.shape.map((n, d) => (d === axis ? inputs.reduce((s, t) => s + (t.shape[d] as number), 0) : n)),
    'output',
  );
  const outStrides = denseStrides(output.shape);
  const starts: number[] = [];
  let along = 0;
  const regions = inputs.map((t) => {
    starts.push(along * (outStrides[axis] as number));
    along += t.shape[axis] as number;
    const inStrides = denseStrides(t.shape);
    return t.shape.map((n, d) => stridedAxis(n, inStrides[d] as number, outStrides[d] as number));
  });
  writeRegions(ctx, inputs, output, regions, starts);
}

export function lowerPack(ctx: LowerContext): void {
  const inputs = inputsOf(ctx);
  const output = ctx.output(0);
  const o = ctx.op.options;
  if (o?.type !== 'PackOptions') return ctx.fail('BAD_MODEL', 'PACK has no PackOptions');
  const shape = (inputs[0] as TfliteTensor).shape;
  if (o.valuesCount !== inputs.length) ctx.fail('BAD_MODEL', `values_count ${o.valuesCount} but ${inputs.length} inputs`);
  const axis = positiveAxis(ctx, o.axis, shape.length + 1);
  for (const t of inputs) requireShapeEq(ctx, t, shape, 'input');
  requireShapeEq(ctx, output, [...shape.slice(0, axis), inputs.length, ...shape.slice(axis)], 'output');
  const outStrides = denseStrides(output.shape);
  const inStrides = denseStrides(shape);
  // Input axis d is output axis d, or d + 1 from the new axis on.
  const region = shape.map((n, d) => stridedAxis(n, inStrides[d] as number, outStrides[d < axis ? d : d + 1] as number));
  writeRegions(
    ctx,
    inputs,
    output,
    inputs.map(() => region),
    inputs.map((_, j) => j * (outStrides[axis] as number)),
  );
}
