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

/** exp(a) for a <= 0: a is F5 (26 fractional bits), the result F0. */
export function expOnNegativeValues(a: number): number {
  const oneQuarter = 1 << 24;
  const aModQuarterMinusQuarter = sub(a & (oneQuarter - 1), oneQuarter);
  let result = expOnIntervalNegQuarterTo0(saturatingRoundingMultiplyByPOT(aModQuarterMinusQuarter, 5));
  const remainder = sub(aModQuarterMinusQuarter, a);
  for (let k = 0; k < 7; k++) {
    // Bit 24 + k of the remainder stands for 2^(k - 2) (26 fractional bits).
    if ((remainder & (1 << (24 + k))) !== 0) result = mul(result, BARREL_MULTIPLIERS[k] as number);
  }
  return a === 0 ? INT32_MAX : result;
}

/** 1 / (1 + x) for x in [0, 1): F0 in and out (Newton-Raphson, three steps). */
function oneOverOnePlusX(a: number): number {
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
  return saturatingRoundingMultiplyByPOT(x, 1);
}

/**
 * TFLM GetReciprocal: 1 / x as F0 for x with `integerDigits` integer bits, given the headroom
 * clz32(x); the caller shifts the result right by (integerDigits - headroom) bits more.
 */
export function getReciprocal(x: number, headroom: number): number {
  const shiftedSumMinusOne = (((x >>> 0) * 2 ** headroom) % 2 ** 32) - 2 ** 31;
  return oneOverOnePlusX(shiftedSumMinusOne | 0);
}
