/* Helpers of the float32 lowerings: TFLite's fused activation as an ACT_* code, a float bias operand. */
import { ACT_NONE, ACT_RELU, ACT_RELU6, ACT_RELU_N1_TO_1 } from '../../../runtime/src/format/ops.js';
import type { TfliteTensor } from '../tflite/index.js';
import type { LowerContext } from '../lower.js';
import { requireBiasLength } from './bias.js';
import { float32Bytes, fusedActivation, requireDtype } from './common.js';

const FLOAT_ACT = { NONE: ACT_NONE, RELU: ACT_RELU, RELU_N1_TO_1: ACT_RELU_N1_TO_1, RELU6: ACT_RELU6 } as const;

/** The ACT_* code float kernels clamp with, for a fused activation name. */
export function floatActivation(ctx: LowerContext, act: string | undefined): number {
  return FLOAT_ACT[fusedActivation(ctx, act)];
}

/** The model's float32 bias (checked: n elements), or n zeros when it has none; kernels always get one. */
export function floatBias(ctx: LowerContext, bias: TfliteTensor | null, name: string, n: number): number {
  if (!bias) return ctx.constant(`${name}/bias`, 'float32', [n], float32Bytes(new Array<number>(n).fill(0)));
  requireDtype(ctx, bias, 'float32', 'bias');
  requireBiasLength(ctx, bias, n);
  return ctx.ir(bias);
}

/** Fails unless every tensor is float32. */
export function requireFloat(ctx: LowerContext, tensors: readonly (readonly [TfliteTensor, string])[]): void {
  for (const [t, role] of tensors) requireDtype(ctx, t, 'float32', role);
}
