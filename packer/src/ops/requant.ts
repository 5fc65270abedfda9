/*
 * The per-channel requantization constants of FC / CONV_2D / DEPTHWISE_CONV_2D: one multiplier and
 * shift per output channel (or one for per-tensor weights), computed offline exactly as TFLM's
 * prepare does, so the device never touches a float.
 */
import type { LowerContext } from '../lower.js';
import { fullyConnectedMultipliers, perChannelMultipliers } from '../quant/multipliers.js';
import { int32Bytes } from './common.js';

export interface Requant {
  readonly multiplier: number;
  readonly shift: number;
  readonly perChannel: 0 | 1;
}

/**
 * Emits the multiplier and shift constants; returns their IR ids and the per_channel flag.
 * `fc` selects FULLY_CONNECTED's rule, whose per-tensor product is rounded to float32 first.
 */
export function requantConstants(
  ctx: LowerContext,
  name: string,
  inputScale: number,
  filterScales: readonly number[],
  outputScale: number,
  op: 'conv' | 'fc' = 'conv',
): Requant {
  const compute = op === 'fc' ? fullyConnectedMultipliers : perChannelMultipliers;
  const { multipliers, shifts } = compute(inputScale, filterScales, outputScale);
  return {
    multiplier: ctx.constant(`${name}/multiplier`, 'int32', [multipliers.length], int32Bytes(multipliers)),
    shift: ctx.constant(`${name}/shift`, 'int32', [shifts.length], int32Bytes(shifts)),
    perChannel: filterScales.length > 1 ? 1 : 0,
  };
}
