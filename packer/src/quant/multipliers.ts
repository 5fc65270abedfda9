/*
 * Offline quantization math: everything TFLM's kernel Prepare functions compute from float scales
 * (tflite-micro 90b983c2, kernels/internal/quantization_util.cc, kernels/kernel_util.cc,
 * micro/kernels/{fully_connected,add,softmax}_common.cc), done here in the packer so the device sees
 * only integers. Scales are float32 in the model: every scale argument is rounded to float32 first
 * (a no-op for values read from a .tflite), then widened to double exactly where the C++ does.
 * TFLM is built without TFLITE_SINGLE_ROUNDING, so these are the double-rounding forms.
 */
import { PackError } from '../errors.js';

export interface QuantizedMultiplier {
  /** Q31 multiplier: in [2^30, 2^31 - 1] for a positive real; 0 for zero or a vanishing real (< 2^-32). */
  readonly multiplier: number;
  /** Power-of-two exponent (positive = left): value = multiplier * 2^(shift - 31). 0 when multiplier is 0. */
  readonly shift: number;
}

export type FusedActivation = 'NONE' | 'RELU' | 'RELU_N1_TO_1' | 'RELU6';

const f32 = Math.fround;
const frexpView = new DataView(new ArrayBuffer(8));

/** std::frexp: x = fraction * 2^exponent with |fraction| in [0.5, 1), exact (subnormals included). */
export function frexp(x: number): { fraction: number; exponent: number } {
  if (x === 0 || !Number.isFinite(x)) return { fraction: x, exponent: 0 };
  const v = frexpView;
  let bias = 0;
  v.setFloat64(0, x);
  if ((v.getUint16(0) & 0x7ff0) === 0) {
    v.setFloat64(0, x * 2 ** 64); // subnormal: exact scaling into the normal range
    bias = 64;
  }
  const hi = v.getUint16(0);
  const exponent = ((hi >> 4) & 0x7ff) - 1022 - bias;
  v.setUint16(0, (hi & 0x800f) | (1022 << 4)); // same sign and mantissa, exponent of [0.5, 1)
  return { fraction: v.getFloat64(0), exponent };
}

/** std::round: nearest integer, halves away from zero; exact for every double. */
export function roundHalfAway(x: number): number {
  const a = Math.abs(x);
  const floor = Math.floor(a);
  const r = a - floor >= 0.5 ? floor + 1 : floor; // a - floor is exact
  return x < 0 ? -r : r;
}

/**
 * TFLM QuantizeMultiplier: fraction rounded to Q31 half away from zero; a fraction that rounds up to
 * 2^31 becomes 2^30 with the exponent one higher; exponents below -31 flush to {0, 0}. Shifts above
 * 30 are returned as they are (only the single-rounding build saturates them): kernelMultiplier
 * refuses them. Throws RangeError for NaN and infinities (the C++ would hit undefined behaviour).
 */
export function quantizeMultiplier(real: number): QuantizedMultiplier {
  if (!Number.isFinite(real)) throw new RangeError(`quantizeMultiplier: ${real} is not finite`);
  if (real === 0) return { multiplier: 0, shift: 0 };
  const { fraction, exponent } = frexp(real);
  let fixed = roundHalfAway(fraction * 2 ** 31); // exact: the product only moves the exponent
  let shift = exponent;
  if (fixed === 2 ** 31) {
    fixed /= 2;
    shift++;
  }
  if (shift < -31) return { multiplier: 0, shift: 0 };
  return { multiplier: fixed, shift };
}

function refuse(what: string, real: number, why: string): never {
  throw new PackError('UNSUPPORTED_PARAMS', `${what}: effective scale ${real} ${why}`);
}

/**
 * quantizeMultiplier for a requantization a kernel will apply with MultiplyByQuantizedMultiplier:
 * the real must be finite and >= 0 and its shift in [-31, 30] (TFLM would shift an int32 by 31 or
 * more). `what` names the scale in the error.
 */
export function kernelMultiplier(real: number, what: string): QuantizedMultiplier {
  if (!Number.isFinite(real) || real < 0) refuse(what, real, 'must be finite and >= 0');
  const q = quantizeMultiplier(real);
  if (q.shift > 30) refuse(what, real, 'is too large: Q31 multiplier shifts are limited to [-31, 30]');
  return q;
}

/** TFLM QuantizeMultiplierSmallerThanOneExp: the real must lie in (0, 1) and its shift be <= 0. */
function smallerThanOneExp(real: number, what: string): QuantizedMultiplier {
  if (!(real > 0 && real < 1)) refuse(what, real, 'must lie in (0, 1)');
  const q = quantizeMultiplier(real);
  if (q.shift > 0) refuse(what, real, 'rounds to 1.0 in Q31');
  return q;
}

export interface RequantArrays {
  /** One entry per filter scale (one for per-tensor weights). */
  readonly multipliers: number[];
  readonly shifts: number[];
}

/**
 * CONV_2D / DEPTHWISE_CONV_2D (per-channel or per-tensor) and per-channel FULLY_CONNECTED, as TFLM's
 * PopulateConvolutionQuantizationParams and the per-channel branch of CalculateOpDataFullyConnected:
 * effective scale = (double)input * (double)filter[c] / (double)output.
 */
export function perChannelMultipliers(inputScale: number, filterScales: readonly number[], outputScale: number): RequantArrays {
  const input = f32(inputScale);
  const output = f32(outputScale);
  const multipliers: number[] = [];
  const shifts: number[] = [];
  for (const fs of filterScales) {
    const q = kernelMultiplier((input * f32(fs)) / output, 'requantization');
    multipliers.push(q.multiplier);
    shifts.push(q.shift);
  }
  return { multipliers, shifts };
}

/**
 * FULLY_CONNECTED's requantization. Per-channel weights (more than one scale) as perChannelMultipliers;
 * per-tensor weights as TFLM's GetQuantizedConvolutionMultipler, whose input x filter product is
 * taken in float32 before the double division: (double)(input * filter) / (double)output.
 */
export function fullyConnectedMultipliers(inputScale: number, filterScales: readonly number[], outputScale: number): RequantArrays {
  if (filterScales.length !== 1) return perChannelMultipliers(inputScale, filterScales, outputScale);
  const product = f32(f32(inputScale) * f32(filterScales[0] as number));
  const q = kernelMultiplier(product / f32(outputScale), 'requantization');
  return { multipliers: [q.multiplier], shifts: [q.shift] };
}

/**
 * TFLM CalculateActivationRangeQuantized for an int8 output: bounds quantized in float32
 * (roundf(f / scale)) plus the zero point, intersected with [-128, 127]. A bound whose quantized
 * value leaves int32 is refused, as TFLM's Quantize refuses it.
 */
export function calculateActivationRangeQuantized(
  act: FusedActivation,
  scale: number,
  zeroPoint: number,
): { actMin: number; actMax: number } {
  const s = f32(scale);
  const quantize = (f: number): number => {
    const q = roundHalfAway(f32(f / s));
    if (!(q >= -(2 ** 31) && q < 2 ** 31)) {
      throw new PackError('UNSUPPORTED_PARAMS', `activation bound ${f} quantizes outside int32 with output scale ${s}`);
    }
    return zeroPoint + q;
  };
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

/** The ADD_S8 scalar params, in ops.ts field order (shifts are all <= 0). */
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

/**
 * TFLM's int8 ADD prepare (CalculateOpDataAdd): both inputs rescaled to twice the larger input
 * scale after a left shift of 20; every real multiplier must lie in (0, 1), as
 * QuantizeMultiplierSmallerThanOneExp requires (so the output scale must exceed
 * 2 * max(input scales) / 2^20).
 */
export function addParams(in1: QuantParams, in2: QuantParams, out: QuantParams, act: FusedActivation): AddParams {
  const leftShift = 20;
  const twiceMax = 2 * Math.max(f32(in1.scale), f32(in2.scale));
  const m1 = smallerThanOneExp(f32(in1.scale) / twiceMax, 'ADD input 1 rescale');
  const m2 = smallerThanOneExp(f32(in2.scale) / twiceMax, 'ADD input 2 rescale');
  const mo = smallerThanOneExp(twiceMax / ((1 << leftShift) * f32(out.scale)), 'ADD output rescale');
  const { actMin, actMax } = calculateActivationRangeQuantized(act, out.scale, out.zeroPoint);
  return {
    input1Offset: 0 - in1.zeroPoint, // never -0
    input2Offset: 0 - in2.zeroPoint,
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

export interface SoftmaxParams {
  readonly inputMultiplier: number;
  /** In [0, 31]. */
  readonly inputLeftShift: number;
  /** <= 0: differences from the row maximum below it contribute nothing. */
  readonly diffMin: number;
}

/**
 * TFLM's int8 softmax prepare (CalculateSoftmaxParams): PreprocessSoftmaxScaling with 5 integer bits,
 * real = min((double)beta * (double)inputScale * 2^26, 2^31 - 1), which QuantizeMultiplierGreaterThanOne
 * requires to exceed 1; diffMin = -floor(31 * 2^26 / 2^shift) (CalculateInputRadius).
 */
export function softmaxParams(beta: number, inputScale: number): SoftmaxParams {
  const scaledDiffIntegerBits = 5;
  const real = Math.min(f32(beta) * f32(inputScale) * 2 ** (31 - scaledDiffIntegerBits), 2 ** 31 - 1);
  if (!(real > 1)) refuse('softmax beta x input scale x 2^26', real, 'must exceed 1 (TFLM QuantizeMultiplierGreaterThanOne)');
  const q = quantizeMultiplier(real); // real <= 2^31 - 1 keeps the shift <= 31
  const radius = Math.floor((((1 << scaledDiffIntegerBits) - 1) * 2 ** (31 - scaledDiffIntegerBits)) / 2 ** q.shift);
  return { inputMultiplier: q.multiplier, inputLeftShift: q.shift, diffMin: radius === 0 ? 0 : -radius };
}
