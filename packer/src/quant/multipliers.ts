/*
 * Offline quantization math: everything TFLM's kernel Prepare functions compute from float scales,
 * done here in the packer (doubles, exactly as the C++ does) so the device sees only integers.
 */
import { PackError } from '../errors.js';

export interface QuantizedMultiplier {
  /** Q31 multiplier in [0, 2^31 - 1] (0 only for a zero or vanishing scale). */
  readonly multiplier: number;
  /** Power-of-two exponent in [-31, 30]; positive shifts left. */
  readonly shift: number;
}

/** std::frexp: x = m * 2^e with |m| in [0.5, 1). */
function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  let e = Math.floor(Math.log2(Math.abs(x))) + 1;
  let m = x * 2 ** -e;
  while (Math.abs(m) < 0.5) {
    m *= 2;
    e--;
  }
  while (Math.abs(m) >= 1) {
    m /= 2;
    e++;
  }
  return [m, e];
}

/** std::round: half away from zero. */
export function roundHalfAway(x: number): number {
  return Math.sign(x) * Math.floor(Math.abs(x) + 0.5);
}

/** TFLM QuantizeMultiplier (double-rounding build). */
export function quantizeMultiplier(real: number): QuantizedMultiplier {
  if (real === 0) return { multiplier: 0, shift: 0 };
  const [q, e] = frexp(real);
  let fixed = roundHalfAway(q * 2 ** 31);
  let shift = e;
  if (fixed === 2 ** 31) {
    fixed /= 2;
    shift++;
  }
  if (shift < -31) return { multiplier: 0, shift: 0 };
  return { multiplier: fixed, shift };
}

/**
 * quantizeMultiplier for a scale a kernel will use: shifts outside [-31, 30] cannot be applied to an
 * int32 (TFLM would shift by more than the width), so such models are refused here, offline.
 */
export function kernelMultiplier(real: number, what: string): QuantizedMultiplier {
  const q = quantizeMultiplier(real);
  if (!(q.shift >= -31 && q.shift <= 30) || !Number.isFinite(real) || real < 0) {
    throw new PackError(
      'UNSUPPORTED_PARAMS',
      `${what}: effective scale ${real} cannot be represented as a Q31 multiplier with a shift in [-31, 30]`,
    );
  }
  return q;
}

/**
 * Per-channel requantization of conv-like ops: effective scale input * filter[c] / output in double,
 * as TFLM's PopulateConvolutionQuantizationParams computes it (one entry for per-tensor weights).
 */
export function perChannelMultipliers(
  inputScale: number,
  filterScales: readonly number[],
  outputScale: number,
): { multipliers: number[]; shifts: number[] } {
  const multipliers: number[] = [];
  const shifts: number[] = [];
  for (const fs of filterScales) {
    const q = kernelMultiplier((inputScale * fs) / outputScale, 'requantization');
    multipliers.push(q.multiplier);
    shifts.push(q.shift);
  }
  return { multipliers, shifts };
}

/** TFLM CalculateActivationRangeQuantized for int8 outputs (quantize in float32, std::round). */
export function calculateActivationRangeQuantized(
  act: 'NONE' | 'RELU' | 'RELU_N1_TO_1' | 'RELU6',
  scale: number,
  zeroPoint: number,
): { actMin: number; actMax: number } {
  const quantize = (f: number): number => zeroPoint + roundHalfAway(Math.fround(f / scale));
  switch (act) {
    case 'RELU':
      return { actMin: Math.max(-128, quantize(0)), actMax: 127 };
    case 'RELU6':
      return { actMin: Math.max(-128, quantize(0)), actMax: Math.min(127, quantize(6)) };
    case 'RELU_N1_TO_1':
      return { actMin: Math.max(-128, quantize(-1)), actMax: Math.min(127, quantize(1)) };
    default:
      return { actMin: -128, actMax: 127 };
  }
}

export interface QuantParams {
  readonly scale: number;
  readonly zeroPoint: number;
}

export interface AddParams {
  readonly input1Offset: number;
  readonly input2Offset: number;
  readonly outputOffset: number;
  readonly leftShift: number;
  readonly input1Multiplier: number;
  readonly input1Shift: number;
  readonly input2Multiplier: number;
  readonly input2Shift: number;
  readonly outputMultiplier: number;
  readonly outputShift: number;
  readonly actMin: number;
  readonly actMax: number;
}

/** TFLM's int8 ADD prepare: both inputs rescaled to twice the larger input scale, left shift 20. */
export function addParams(
  in1: QuantParams,
  in2: QuantParams,
  out: QuantParams,
  act: 'NONE' | 'RELU' | 'RELU_N1_TO_1' | 'RELU6',
): AddParams {
  const leftShift = 20;
  const twiceMax = 2 * Math.max(in1.scale, in2.scale);
  const m1 = kernelMultiplier(in1.scale / twiceMax, 'input 1 scale');
  const m2 = kernelMultiplier(in2.scale / twiceMax, 'input 2 scale');
  const mo = kernelMultiplier(twiceMax / ((1 << leftShift) * out.scale), 'output scale');
  const { actMin, actMax } = calculateActivationRangeQuantized(act, out.scale, out.zeroPoint);
  return {
    input1Offset: -in1.zeroPoint,
    input2Offset: -in2.zeroPoint,
    outputOffset: out.zeroPoint,
    leftShift,
    input1Multiplier: m1.multiplier,
    input1Shift: m1.shift,
    input2Multiplier: m2.multiplier,
    input2Shift: m2.shift,
    outputMultiplier: mo.multiplier,
    outputShift: mo.shift,
    actMin,
    actMax,
  };
}

/** TFLM's int8 softmax prepare: PreprocessSoftmaxScaling with 5 integer bits and the input radius. */
export function softmaxParams(beta: number, inputScale: number): { inputMultiplier: number; inputLeftShift: number; diffMin: number } {
  const scaledDiffIntegerBits = 5;
  const real = Math.min(beta * inputScale * 2 ** (31 - scaledDiffIntegerBits), 2 ** 31 - 1);
  const q = kernelMultiplier(real, 'softmax input scale');
  if (q.shift < 0)
    throw new PackError('UNSUPPORTED_PARAMS', `softmax: beta x input scale ${beta * inputScale} is too small for TFLM's int8 softmax`);
  const radius = Math.floor((((1 << scaledDiffIntegerBits) - 1) * 2 ** (31 - scaledDiffIntegerBits)) / 2 ** q.shift);
  return { inputMultiplier: q.multiplier, inputLeftShift: q.shift, diffMin: -radius };
}
