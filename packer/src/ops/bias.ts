/* The int32 bias operand of conv-like ops: the model's own, or zeros when the op has none. */
import type { TfliteTensor } from '../tflite/index.js';
import type { LowerContext } from '../lower.js';
import { constData, int32Bytes, int32Values, requireDtype } from './common.js';

/** A bias must be a constant with one element per output channel. */
export function requireBiasLength(ctx: LowerContext, bias: TfliteTensor, channels: number): void {
  if (constData(ctx, bias, 'bias').byteLength !== 4 * channels)
    ctx.fail('BAD_MODEL', `bias must have ${channels} elements`, { tensor: bias.name });
}

export function biasOperand(ctx: LowerContext, bias: TfliteTensor | null, name: string, channels: number): number {
  if (!bias) return ctx.constant(`${name}/bias`, 'int32', [channels], int32Bytes(new Array<number>(channels).fill(0)));
  requireDtype(ctx, bias, 'int32', 'bias');
  if (constData(ctx, bias, 'bias').byteLength !== 4 * channels)
    ctx.fail('BAD_MODEL', `bias must have ${channels} elements`, { tensor: bias.name });
  return ctx.ir(bias);
}

/**
 * The bias with the input offset folded in: b[o] + input_offset * sum(filter[o]), exact in int32.
 * Valid only when no tap of any window falls outside the input (no border corrections needed).
 */
export function foldedBias(
  ctx: LowerContext,
  bias: TfliteTensor | null,
  name: string,
  filter: Uint8Array,
  channels: number,
  inputOffset: number,
): number {
  if (bias) {
    requireDtype(ctx, bias, 'int32', 'bias');
    if (constData(ctx, bias, 'bias').byteLength !== 4 * channels)
      ctx.fail('BAD_MODEL', `bias must have ${channels} elements`, { tensor: bias.name });
  }
  const b = bias ? int32Values(bias) : new Array<number>(channels).fill(0);
  const per = filter.length / channels;
  const folded = b.map((bv, o) => {
    let sum = 0;
    for (let i = 0; i < per; i++) sum += ((filter[o * per + i] as number) << 24) >> 24;
    return (bv + inputOffset * sum) | 0;
  });
  return ctx.constant(`${name}/bias_folded`, 'int32', [channels], int32Bytes(folded));
}
