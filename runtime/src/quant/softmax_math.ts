/*
 * The gemmlowp fixed-point exp and reciprocal TFLM's int8 softmax uses. Values are raw int32 of
 * fixed-point numbers; Fk means k integer bits (31 - k fractional bits).
 */
import {
  INT32_MAX,
  roundingDivideByPOT,
  saturatingRoundingDoublingHighMul as mul,
  saturatingRoundingMultiplyByPOT,
} from './fixed_point.js';

const add = (a: number, b: number): number => (a + b) | 0;
const sub = (a: number, b: number): number => (a - b) | 0;

/** exp(a) for a in [-1/4, 0), F0 in and out. */
function expOnIntervalNegQuarterTo0(a: number): number {
  const constantTerm = 1895147668;
  const constant1Over3 = 715827883;
  const x = add(a, 1 << 28); // a + 1/8 (Taylor expansion around -1/8)
  const x2 = mul(x, x);
  const x3 = mul(x2, x);
  const x4 = mul(x2, x2);
  const x4Over4 = roundingDivideByPOT(x4, 2);
  const poly = roundingDivideByPOT(add(mul(add(x4Over4, x3), constant1Over3), x2), 1);
  return add(constantTerm, mul(constantTerm, add(x, poly)));
}

/** exp(-2^k) in F0 for k = -2..4: the barrel shifter applied per set bit of the input's magnitude. */
const BARREL_MULTIPLIERS: readonly number[] = [1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242];

/**
 * exp(a) for a <= 0: a has `integerBits` integer bits (F5 for softmax, 31 - 5 = 26 fractional bits),
 * the result F0. Split into a remainder in [-1/4, 0) and a barrel of exp(-2^k) factors.
 */
export function expOnNegativeValues(a: number, integerBits = 5): number {
  const fractionalBits = 31 - integerBits;
  const oneQuarter = 1 << (fractionalBits - 2);
  const aModQuarterMinusQuarter = sub(a & (oneQuarter - 1), oneQuarter);
  let result = expOnIntervalNegQuarterTo0(saturatingRoundingMultiplyByPOT(aModQuarterMinusQuarter, integerBits));
  const remainder = sub(aModQuarterMinusQuarter, a);
  for (let k = 0; k < 7; k++) {
    // Factor k stands for exp(-2^(k - 2)): bit fractionalBits + k - 2 of the remainder, if the format has it.
    const exponent = k - 2;
    if (integerBits > exponent && (remainder & (1 << (fractionalBits + exponent))) !== 0)
      result = mul(result, BARREL_MULTIPLIERS[k] as number);
  }
  if (integerBits > 5 && a < -(1 << (36 - integerBits))) result = 0; // below -32: exp underflows F0
  return a === 0 ? INT32_MAX : result;
}

/** Newton-Raphson for 1 / (1 + a), a in [0, 1) F0: three steps from 48/17 - 32/17 * d; the result F2. */
function reciprocalOfOnePlusF2(a: number): number {
  const sum = a + INT32_MAX;
  const halfDenominator = Math.trunc((sum + (sum >= 0 ? 1 : -1)) / 2); // RoundingHalfSum(a, One)
  const c48Over17 = 1515870810;
  const cNeg32Over17 = -1010580540;
  let x = add(c48Over17, mul(halfDenominator, cNeg32Over17)); // F2
  const oneF2 = 1 << 29;
  for (let i = 0; i < 3; i++) {
    const halfDenominatorTimesX = mul(halfDenominator, x);
    const oneMinus = sub(oneF2, halfDenominatorTimesX);
    x = add(x, saturatingRoundingMultiplyByPOT(mul(x, oneMinus), 2));
  }
  return x;
}

/** 1 / (1 + x) for x in [0, 1): F0 in and out (gemmlowp one_over_one_plus_x_for_x_in_0_1). */
export function oneOverOnePlusX(a: number): number {
  return saturatingRoundingMultiplyByPOT(reciprocalOfOnePlusF2(a), 1);
}

/** (1 - x) / (1 + x) for x in [0, 1): F0 in and out (gemmlowp one_minus_x_over_one_plus_x_for_x_in_0_1). */
export function oneMinusXOverOnePlusX(a: number): number {
  return saturatingRoundingMultiplyByPOT(sub(reciprocalOfOnePlusF2(a), 1 << 29), 2);
}

/**
 * TFLM GetReciprocal: 1 / x as F0 for x with `integerDigits` integer bits, given the headroom
 * clz32(x); the caller shifts the result right by (integerDigits - headroom) bits more.
 */
export function getReciprocal(x: number, headroom: number): number {
  const shiftedSumMinusOne = (((x >>> 0) * 2 ** headroom) % 2 ** 32) - 2 ** 31;
  return oneOverOnePlusX(shiftedSumMinusOne | 0);
}
