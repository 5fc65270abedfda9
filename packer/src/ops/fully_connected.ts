/*
 * FULLY_CONNECTED -> FULLY_CONNECTED_S8 (input zero point folded into the bias) or FULLY_CONNECTED_F32.
 * Weights are [out_depth, accum_depth]; every leading input dimension is a batch, as in TFLM.
 */
import { OPS } from '../../../runtime/src/format/ops.js';
import type { LowerContext } from '../lower.js';
import { elementCount } from '../ir.js';
import { calculateActivationRangeQuantized } from '../quant/multipliers.js';
import { constData, fusedActivation, int32Bytes, int32Values, quantOf, requireDtype, requireRank, weightScales } from './common.js';
import { floatActivation, floatBias, requireFloat } from './float_common.js';
import { requantConstants } from './requant.js';
import { requireBiasLength } from './bias.js';

export function lowerFullyConnected(ctx: LowerContext): void {
  const opts = ctx.op.options;
  if (opts?.type !== 'FullyConnectedOptions') return ctx.fail('BAD_MODEL', 'missing FullyConnectedOptions');
  if (opts.weightsFormat !== 'DEFAULT')
    ctx.fail('UNSUPPORTED_PARAMS', `weights format ${opts.weightsFormat} is not supported`, { supported: ['DEFAULT'] });
  const input = ctx.input(0);
  const weights = ctx.input(1);
  const bias = ctx.optionalInput(2);
  const output = ctx.output(0);
  requireRank(ctx, weights, 2, 'weights');
  const [outDepth, accum] = weights.shape as [number, number];
  const batches = elementCount(input.shape) / accum;
  if (!Number.isInteger(batches))
    ctx.fail('BAD_MODEL', `input has ${elementCount(input.shape)} elements, not a multiple of accum depth ${accum}`, {
      tensor: input.name,
    });
  if (elementCount(output.shape) !== batches * outDepth)
    ctx.fail('BAD_MODEL', `output has ${elementCount(output.shape)} elements, expected ${batches} x ${outDepth}`, { tensor: output.name });
  const act = fusedActivation(ctx, opts.fusedActivation);
  const w = constData(ctx, weights, 'weights');
  const macs = batches * accum * outDepth;

  if (input.dtype === 'float32') {
    requireFloat(ctx, [
      [weights, 'weights'],
      [output, 'output'],
    ]);
    const biasId = floatBias(ctx, bias, output.name, outDepth);
    ctx.emit(
      OPS.FULLY_CONNECTED_F32,
      [batches, accum, outDepth, floatActivation(ctx, opts.fusedActivation)],
      [ctx.ir(input), ctx.ir(weights), biasId, ctx.ir(output)],
      macs,
    );
    return;
  }

  requireDtype(ctx, input, 'int8', 'input');
  requireDtype(ctx, weights, 'int8', 'weights');
  requireDtype(ctx, output, 'int8', 'output');
  const inQ = quantOf(ctx, input);
  const outQ = quantOf(ctx, output);
  const scales = weightScales(ctx, weights, 0);
  let b = new Array<number>(outDepth).fill(0);
  if (bias) {
    requireDtype(ctx, bias, 'int32', 'bias');
    requireBiasLength(ctx, bias, outDepth);
    b = int32Values(bias);
  }
  // Fold the input zero point: sum((x - zp) * w) + b = sum(x * w) + (b - zp * sum(w)), exactly in int32.
  const folded = b.map((bv, o) => {
    let sum = 0;
    for (let i = 0; i < accum; i++) sum += ((w[o * accum + i] as number) << 24) >> 24;
    return (bv - inQ.zeroPoint * sum) | 0;
  });
  const rq = requantConstants(ctx, output.name, inQ.scale, scales, outQ.scale, 'fc');
  const { actMin, actMax } = calculateActivationRangeQuantized(act, outQ.scale, outQ.zeroPoint);
  const biasId = ctx.constant(`${output.name}/bias_folded`, 'int32', [outDepth], int32Bytes(folded));
  ctx.emit(
    OPS.FULLY_CONNECTED_S8,
    [batches, accum, outDepth, outQ.zeroPoint, actMin, actMax, rq.perChannel],
    [ctx.ir(input), ctx.ir(weights), biasId, rq.multiplier, rq.shift, ctx.ir(output)],
    macs,
  );
}
