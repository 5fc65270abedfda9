/*
 * Helpers shared by the op lowerings: quantization facts of a tensor, TFLite padding, fused
 * activations, little-endian constant encoding.
 */
import type { TfliteTensor } from '../tflite/index.js';
import type { LowerContext } from '../lower.js';

export type Activation = 'NONE' | 'RELU' | 'RELU_N1_TO_1' | 'RELU6';
const ACTIVATIONS: readonly string[] = ['NONE', 'RELU', 'RELU_N1_TO_1', 'RELU6'];

/** The fused activation of an op's options, rejecting TANH/SIGN_BIT which no kernel fuses. */
export function fusedActivation(ctx: LowerContext, act: string | undefined): Activation {
  const a = act ?? 'NONE';
  if (!ACTIVATIONS.includes(a)) ctx.fail('UNSUPPORTED_PARAMS', `fused activation ${a} is not supported`, { supported: ACTIVATIONS });
  return a as Activation;
}

/** Per-tensor scale and zero point of an int8 activation tensor. */
export function quantOf(ctx: LowerContext, t: TfliteTensor): { scale: number; zeroPoint: number } {
  const q = t.quantization;
  if (!q || q.scale.length !== 1 || q.zeroPoint.length > 1) {
    return ctx.fail('UNSUPPORTED_PARAMS', 'needs per-tensor quantization (one scale and zero point)', { tensor: t.name });
  }
  const scale = q.scale[0] as number;
  const zeroPoint = q.zeroPoint[0] ?? 0;
  if (!(scale > 0 && scale < Infinity)) ctx.fail('BAD_MODEL', `scale ${scale} is not a positive finite number`, { tensor: t.name });
  if (zeroPoint < -128 || zeroPoint > 127) ctx.fail('BAD_MODEL', `int8 zero point ${zeroPoint} is out of range`, { tensor: t.name });
  return { scale, zeroPoint };
}

/**
 * Scales of a symmetric int8 weight tensor: one (per-tensor) or one per output channel along
 * `channelDim`. Zero points must all be 0 — the kernels assume symmetric weights, like TFLM's.
 */
export function weightScales(ctx: LowerContext, t: TfliteTensor, channelDim: number): number[] {
  const q = t.quantization;
  if (!q || q.scale.length === 0) return ctx.fail('UNSUPPORTED_PARAMS', 'weights are not quantized', { tensor: t.name });
  const channels = t.shape[channelDim] as number;
  if (q.scale.length !== 1 && (q.scale.length !== channels || q.quantizedDimension !== channelDim)) {
    ctx.fail('UNSUPPORTED_PARAMS', `per-channel weights must have ${channels} scales along dimension ${channelDim}`, { tensor: t.name });
  }
  if (q.zeroPoint.some((z) => z !== 0)) ctx.fail('UNSUPPORTED_PARAMS', 'weights must be symmetric (zero point 0)', { tensor: t.name });
  for (const s of q.scale)
    if (!(s > 0 && s < Infinity)) ctx.fail('BAD_MODEL', `weight scale ${s} is not a positive finite number`, { tensor: t.name });
  return q.scale.slice();
}

export function requireDtype(ctx: LowerContext, t: TfliteTensor, dtype: string, role: string): void {
  if (t.dtype !== dtype) ctx.fail('UNSUPPORTED_DTYPE', `${role} is ${t.dtype}, expected ${dtype}`, { tensor: t.name });
}

export function requireRank(ctx: LowerContext, t: TfliteTensor, rank: number, role: string): void {
  if (t.shape.length !== rank)
    ctx.fail('UNSUPPORTED_PARAMS', `${role} must have rank ${rank}, has shape [${t.shape.join(', ')}]`, { tensor: t.name });
}

export function requireShape(ctx: LowerContext, t: TfliteTensor, want: readonly number[], role: string): void {
  if (t.shape.length !== want.length || t.shape.some((d, i) => d !== want[i])) {
    ctx.fail('BAD_MODEL', `${role} has shape [${t.shape.join(', ')}], the op computes [${want.join(', ')}]`, { tensor: t.name });
  }
}

/**
 * TFLite's padding rule (ComputePaddingHeightWidth): SAME keeps ceil(in / stride) outputs and pads
 * floor(total / 2) before; VALID pads nothing.
 */
export function padding(
  padType: 'SAME' | 'VALID',
  inSize: number,
  k: number,
  stride: number,
  dilation: number,
): { out: number; pad: number } {
  const span = (k - 1) * dilation + 1;
  const out = padType === 'SAME' ? Math.floor((inSize + stride - 1) / stride) : Math.floor((inSize - span + stride) / stride);
  const total = (out - 1) * stride + span - inSize;
  return { out, pad: padType === 'SAME' && total > 0 ? Math.floor(total / 2) : 0 };
}

export function int32Bytes(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const dv = new DataView(out.buffer);
  values.forEach((v, i) => dv.setInt32(4 * i, v, true));
  return out;
}

export function float32Bytes(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const dv = new DataView(out.buffer);
  values.forEach((v, i) => dv.setFloat32(4 * i, v, true));
  return out;
}

/** Reads a constant tensor's little-endian int32 elements. */
export function int32Values(t: TfliteTensor): number[] {
  const d = t.data as Uint8Array;
  const dv = new DataView(d.buffer, d.byteOffset, d.byteLength);
  return Array.from({ length: d.byteLength / 4 }, (_, i) => dv.getInt32(4 * i, true));
}

/** A constant TFLite tensor's bytes, or a fail naming it when it is not constant. */
export function constData(ctx: LowerContext, t: TfliteTensor, role: string): Uint8Array {
  if (!t.data) return ctx.fail('UNSUPPORTED_PARAMS', `${role} must be a constant tensor`, { tensor: t.name });
  return t.data;
}
