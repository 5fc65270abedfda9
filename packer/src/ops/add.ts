/*
 * ADD (int8, with broadcasting) -> ADD_S8. Shapes are right-aligned to rank 4; a broadcast
 * dimension gets element stride 0 so one kernel loop serves every broadcast pattern.
 */
import { OPS } from '../../../runtime/src/format/ops.js';
import type { TfliteTensor } from '../tflite/index.js';
import type { LowerContext } from '../lower.js';
import { addParams } from '../quant/multipliers.js';
import { fusedActivation, quantOf, requireDtype, requireShape } from './common.js';

/** Pads a shape to rank 4 with leading 1s; fails when it has more than 4 non-unit leading dims. */
function rank4(ctx: LowerContext, t: TfliteTensor): number[] {
  const s = [...t.shape];
  while (s.length > 4) {
    if (s[0] !== 1) ctx.fail('UNSUPPORTED_PARAMS', `broadcasting supports rank <= 4, shape is [${t.shape.join(', ')}]`, { tensor: t.name });
    s.shift();
  }
  while (s.length < 4) s.unshift(1);
  return s;
}

/** Element strides of `shape` for each output dimension, 0 where the dimension broadcasts. */
function broadcastStrides(ctx: LowerContext, t: TfliteTensor, shape: number[], out: number[]): number[] {
  const strides = [0, 0, 0, 0];
  let step = 1;
  for (let d = 3; d >= 0; d--) {
    const n = shape[d] as number;
    if (n !== out[d] && n !== 1)
      ctx.fail('BAD_MODEL', `shape [${t.shape.join(', ')}] does not broadcast to the output`, { tensor: t.name });
    strides[d] = n === 1 ? 0 : step;
    step *= n;
  }
  return strides;
}

/** ADD's broadcast block (out dims, then each input's strides) for inputs a and b, checked against the output. */
export function broadcastParams(ctx: LowerContext, a: TfliteTensor, b: TfliteTensor, output: TfliteTensor): number[] {
  const sa = rank4(ctx, a);
  const sb = rank4(ctx, b);
  const out = sa.map((d, i) => Math.max(d, sb[i] as number));
  requireShape(ctx, output, out.slice(4 - Math.max(output.shape.length, 1)), 'output');
  return [...out, ...broadcastStrides(ctx, a, sa, out), ...broadcastStrides(ctx, b, sb, out)];
}

export function lowerAdd(ctx: LowerContext): void {
  const opts = ctx.op.options;
  const act = fusedActivation(ctx, opts?.type === 'AddOptions' ? opts.fusedActivation : 'NONE');
  const a = ctx.input(0);
  const b = ctx.input(1);
  const output = ctx.output(0);
  if (a.dtype !== 'int8') ctx.fail('UNSUPPORTED_DTYPE', `input is ${a.dtype}`, { tensor: a.name, supported: ['int8'] });
  requireDtype(ctx, b, 'int8', 'input 2');
  requireDtype(ctx, output, 'int8', 'output');
  const bcast = broadcastParams(ctx, a, b, output);
  const p = addParams(quantOf(ctx, a), quantOf(ctx, b), quantOf(ctx, output), act);
  const params = [
    p.input1Offset,
    p.input2Offset,
    p.outputOffset,
    p.leftShift,
    p.input1Multiplier,
    p.input1Shift,
    p.input2Multiplier,
    p.input2Shift,
    p.outputMultiplier,
    p.outputShift,
    p.actMin,
    p.actMax,
    ...bcast,
  ];
  ctx.emit(OPS.ADD_S8, params, [ctx.ir(a), ctx.ir(b), ctx.ir(output)], 0);
}
