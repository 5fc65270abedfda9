/* The int32 bias operand of conv-like ops: the model's own, or zeros when the op has none. */
import type { TfliteTensor } from '../tflite/index.js';
import type { LowerContext } from '../lower.js';
import { constData, int32Bytes, requireDtype } from './common.js';

export function biasOperand(ctx: LowerContext, bias: TfliteTensor | null, name: string, channels: number): number {
  if (!bias) return ctx.constant(`${name}/bias`, 'int32', [channels], int32Bytes(new Array<number>(channels).fill(0)));
  requireDtype(ctx, bias, 'int32', 'bias');
  if (constData(ctx, bias, 'bias').byteLength !== 4 * channels) ctx.fail('BAD_MODEL', `bias must have ${channels} elements`, { tensor: bias.name });
  return ctx.ir(bias);
}
