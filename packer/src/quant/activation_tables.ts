/*
 * TFLM's int8 elementwise ops as 256-entry tables (tflite-micro 90b983c2: micro/kernels/{logistic,tanh,
 * hard_swish,leaky_relu,activations,quantize}_common.cc for the Prepare math, kernels/internal/reference
 * for the per-element arithmetic). Every output of these ops is a function of one int8 input, so the
 * packer evaluates that function at all 256 inputs with TFLM's exact integer arithmetic and the device
 * only looks results up (LUT_S8). Entry k is the result for the input byte k: (int8)k.
 */
import { PackError } from '../errors.js';
import { multiplyByQuantizedMultiplier, roundingDivideByPOT } from '../../../runtime/src/quant/fixed_point.js';
import { expOnNegativeValues, oneMinusXOverOnePlusX, oneOverOnePlusX } from '../../../runtime/src/quant/softmax_math.js';
import { frexp, kernelMultiplier, quantizeMultiplier, roundHalfAway, type QuantParams } from './multipliers.js';

const f32 = Math.fround;
const INT32_MAX = 2147483647;

const clampS8 = (v: number): number => (v < -128 ? -128 : v > 127 ? 127 : v);

/** The table of f over every int8 input, indexed by the input's byte. */
function tabulate(f: (x: number) => number): Int8Array {
  const t = new Int8Array(256);
  for (let k = 0; k < 256; k++) t[k] = f((k << 24) >> 24);
  return t;
}

/** Throws a PackError naming the op when TFLM's prepare would reject (or misbehave on) the scales. */
function refuse(op: string, why: string): never {
  throw new PackError('UNSUPPORTED_PARAMS', `${op}: ${why}`);
}

/*
 * LOGISTIC and TANH: the input is rescaled to fixed point with 4 integer bits (inputs beyond
 * +-input_range_radius saturate), then gemmlowp's logistic / tanh produce F0 results that are
 * rounded down to the fixed int8 output scale (1/256 with zero point -128; 1/128 with zero point 0).
 */
interface SigmoidRescale {
  readonly multiplier: number;
  readonly leftShift: number;
  readonly radius: number;
}

function sigmoidRescale(op: string, inputScale: number): SigmoidRescale {
  const inputIntegerBits = 4;
  const real = f32(inputScale) * 2 ** (31 - inputIntegerBits);
  const { fraction, exponent } = frexp(real);
  const multiplier = roundHalfAway(fraction * 2 ** 31);
  // TFLM neither renormalises a fraction that rounds to 2^31 nor guards the shifts below: refuse those.
  if (multiplier >= 2 ** 31) refuse(op, `input scale ${inputScale} rounds its Q31 multiplier up to 2^31`);
  if (exponent < 0 || exponent > 30) refuse(op, `input scale ${inputScale} is outside [2^-27, 8)`);
  // CalculateInputRadius(4, shift, 31): the largest input whose rescaled value stays below 2^4.
  const radius = Math.floor((((1 << inputIntegerBits) - 1) * 2 ** (31 - inputIntegerBits)) / 2 ** exponent);
  return { multiplier, leftShift: exponent, radius };
}

/** gemmlowp logistic of an F4 value: an F0 result. */
function logisticF4(a: number): number {
  if (a === 0) return 1 << 30;
  const positive = a > 0;
  const r = oneOverOnePlusX(expOnNegativeValues(positive ? -a : a, 4));
  return positive ? r : (INT32_MAX - r) | 0;
}

/** gemmlowp tanh of an F4 value: -|a| is read as F5 (ExactMulByPot<1> doubles by reinterpreting). */
function tanhF4(a: number): number {
  if (a === 0) return 0;
  const negative = a < 0;
  const t = oneMinusXOverOnePlusX(expOnNegativeValues(negative ? a : -a, 5));
  return negative ? -t : t;
}

export function logisticTable(input: QuantParams): Int8Array {
  const r = sigmoidRescale('LOGISTIC', input.scale);
  return tabulate((x) => {
    const v = x - input.zeroPoint;
    if (v <= -r.radius) return -128;
    if (v >= r.radius) return 127;
    const q0 = logisticF4(multiplyByQuantizedMultiplier(v, r.multiplier, r.leftShift));
    return clampS8(roundingDivideByPOT(q0, 31 - 8) - 128);
  });
}

export function tanhTable(input: QuantParams): Int8Array {
  const r = sigmoidRescale('TANH', input.scale);
  return tabulate((x) => {
    const v = x - input.zeroPoint;
    if (v <= -r.radius) return -128;
    if (v >= r.radius) return 127;
    const q0 = tanhF4(multiplyByQuantizedMultiplier(v, r.multiplier, r.leftShift));
    return clampS8(roundingDivideByPOT(q0, 31 - 7));
  });
}

/*
 * HARD_SWISH: x * relu6(x + 3) / 6 in int16 fixed point (reference_ops::HardSwish): the input on a
 * 2^-7 finer scale, a "reluish" factor in [0, 1] on scale 3/32768 computed from it, and their product
 * rescaled to the output. int16 arithmetic wraps and saturates where the C++ does.
 */
const s16 = (v: number): number => (v << 16) >> 16;

function srdhm16(a: number, b: number): number {
  if (a === -32768 && b === -32768) return 32767;
  const ab = a * b;
  return s16(Math.trunc((ab + (ab >= 0 ? 1 << 14 : 1 - (1 << 14))) / 32768));
}

function sdhm16(a: number, b: number): number {
  if (a === -32768 && b === -32768) return 32767;
  return s16(Math.trunc((a * b) / 32768));
}

function satShl16(v: number, amount: number): number {
  const r = v * 2 ** amount;
  return r > 32767 ? 32767 : r < -32768 ? -32768 : r;
}

/** gemmlowp RoundingDivideByPOT on int16: the mask is truncated to 16 bits as Dup<int16_t> does. */
function rdbpot16(x: number, exponent: number): number {
  const mask = s16(2 ** exponent - 1);
  const remainder = s16(x & mask);
  const threshold = s16((mask >> 1) + (x < 0 ? 1 : 0));
  return s16((x >> exponent) + (remainder > threshold ? 1 : 0));
}

/** DownScaleInt32ToInt16Multiplier: a Q31 multiplier rounded to Q15. */
function toQ15(m: number): number {
  return m >= INT32_MAX - (1 << 15) ? 32767 : (m + (1 << 15)) >> 16;
}

export function hardSwishTable(input: QuantParams, output: QuantParams): Int8Array {
  const hiresInputScale = f32(f32(1 / 128) * f32(input.scale));
  const reluishScale = f32(3 / 32768);
  const out = quantizeMultiplier(f32(hiresInputScale / f32(output.scale)));
  const reluish = quantizeMultiplier(f32(hiresInputScale / reluishScale));
  if (out.shift > 0)
    refuse('HARD_SWISH', `output scale ${output.scale} is below input scale / 128 (TFLM requires an output exponent <= 0)`);
  if (reluish.shift > 30) refuse('HARD_SWISH', `input scale ${input.scale} is too large (its reluish shift exceeds 30)`);
  const outM = toQ15(out.multiplier);
  const reluM = toQ15(reluish.multiplier);
  return tabulate((x) => {
    const hires = s16(s16(x - input.zeroPoint) * 128);
    const preshift = srdhm16(hires, outM);
    let r = hires;
    if (reluish.shift > 0) r = satShl16(r, reluish.shift - 1);
    r = srdhm16(r, reluM);
    if (reluish.shift > 0) r = satShl16(r, 1);
    if (reluish.shift < 0) r = rdbpot16(r, -reluish.shift);
    r = s16((r + (1 << 15)) >> 1);
    const v = s16(rdbpot16(sdhm16(r, preshift), -out.shift) + output.zeroPoint);
    return clampS8(v);
  });
}

/**
 * LEAKY_RELU (reference_ops::QuantizeLeakyRelu): non-negative inputs rescaled by input/output scale,
 * negative ones by input * alpha / output (a negative alpha by its magnitude, then negated).
 */
export function leakyReluTable(input: QuantParams, output: QuantParams, alpha: number): Int8Array {
  const alphaReal = f32(f32(f32(input.scale) * f32(alpha)) / f32(output.scale));
  const a = kernelMultiplier(Math.abs(alphaReal), 'LEAKY_RELU alpha rescale');
  const id = kernelMultiplier(f32(f32(input.scale) / f32(output.scale)), 'LEAKY_RELU rescale');
  return tabulate((x) => {
    const v = x - input.zeroPoint;
    if (v >= 0) return clampS8(output.zeroPoint + multiplyByQuantizedMultiplier(v, id.multiplier, id.shift));
    const scaled = multiplyByQuantizedMultiplier(v, a.multiplier, a.shift);
    return clampS8(output.zeroPoint + (alphaReal < 0 ? -scaled : scaled));
  });
}

/**
 * RELU (ReluQuantized): requantize by input/output scale (a float32 quotient), then clamp below at
 * the output's zero point. `max` (RELU6: 6) also clamps above at the output's quantized value.
 */
export function reluTable(input: QuantParams, output: QuantParams, max: number): Int8Array {
  const m = kernelMultiplier(f32(f32(input.scale) / f32(output.scale)), 'RELU rescale');
  const lo = Math.max(-128, output.zeroPoint);
  const hi = max === Infinity ? 127 : Math.min(127, output.zeroPoint + roundHalfAway(f32(max / f32(output.scale))));
  return tabulate((x) => {
    const v = output.zeroPoint + multiplyByQuantizedMultiplier(x - input.zeroPoint, m.multiplier, m.shift);
    return v < lo ? lo : v > hi ? hi : v;
  });
}

/**
 * RELU6 with the same input and output quantization (TFLM's Relu6Quantized): clamp to
 * [zero point, quantized 6], computed as FloatToQuantizedType does (round(6 / scale) in float32).
 */
export function relu6SameQuantTable(q: QuantParams): Int8Array {
  const six = clampS8(roundHalfAway(f32(6 / f32(q.scale))) + q.zeroPoint);
  return tabulate((x) => (x > six ? six : x < q.zeroPoint ? q.zeroPoint : x));
}

/** QUANTIZE int8 -> int8 (reference_ops::Requantize): scale ratio in double, zero points applied. */
export function requantizeTable(input: QuantParams, output: QuantParams): Int8Array {
  const m = kernelMultiplier(f32(input.scale) / f32(output.scale), 'QUANTIZE rescale');
  return tabulate((x) => clampS8(multiplyByQuantizedMultiplier(x - input.zeroPoint, m.multiplier, m.shift) + output.zeroPoint));
}

/** DEQUANTIZE int8 -> float32 (reference_ops::Dequantize): float32((double)scale * (x - zero point)). */
export function dequantizeTable(input: QuantParams): Float32Array {
  const t = new Float32Array(256);
  for (let k = 0; k < 256; k++) t[k] = f32(f32(input.scale) * (((k << 24) >> 24) - input.zeroPoint));
  return t;
}
