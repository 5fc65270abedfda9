/*
 * The runtime's int32 fixed-point helpers against exact BigInt arithmetic of the gemmlowp formulas,
 * and against values printed by TFLM's own code (tflite-micro 90b983c2 common.h / gemmlowp 719139c
 * fixedpoint.h compiled with g++ x86-64) for the exp and reciprocal of the int8 softmax.
 */
import test from 'ava';
import {
  INT32_MAX,
  INT32_MIN,
  multiplyByQuantizedMultiplier,
  multiplyByQuantizedMultiplierGreaterThanOne,
  multiplyByQuantizedMultiplierSmallerThanOneExp,
  roundingDivideByPOT,
  saturatingRoundingDoublingHighMul,
} from '../../runtime/src/quant/fixed_point.js';
import { expOnNegativeValues, getReciprocal } from '../../runtime/src/quant/softmax_math.js';
import { Rng, INTERESTING_I32 } from '../../fuzz/rng.js';

/** gemmlowp SaturatingRoundingDoublingHighMul in exact 64-bit arithmetic (BigInt division truncates). */
function srdhmOracle(a: number, b: number): number {
  if (a === INT32_MIN && b === INT32_MIN) return INT32_MAX;
  const ab = BigInt(a) * BigInt(b);
  const nudge = ab >= 0n ? 1n << 30n : 1n - (1n << 30n);
  return Number((ab + nudge) / (1n << 31n));
}

function int32s(rng: Rng, n: number): number[] {
  const out = [...INTERESTING_I32, INT32_MAX - 1, INT32_MIN + 1, 1 << 30, -(1 << 30), 0xffff, 0x10000, -0x10000];
  while (out.length < n) {
    const v = rng.u32() | 0;
    out.push(rng.chance(0.5) ? v >> rng.below(32) : v);
  }
  return out;
}

test('saturatingRoundingDoublingHighMul equals the 64-bit formula (edge values and 200k random pairs)', (t) => {
  const rng = new Rng(7);
  const xs = int32s(rng, 600);
  let checked = 0;
  for (const a of xs) {
    for (const b of xs.slice(0, 350)) {
      if (saturatingRoundingDoublingHighMul(a, b) !== srdhmOracle(a, b)) return t.fail(`srdhm(${a}, ${b})`);
      checked++;
    }
  }
  t.true(checked > 200000);
});

test('saturatingRoundingDoublingHighMul: ties go toward +infinity, INT32_MIN^2 saturates (TFLM values)', (t) => {
  t.is(saturatingRoundingDoublingHighMul(5, 1 << 30), 3); // 2.5
  t.is(saturatingRoundingDoublingHighMul(-5, 1 << 30), -2); // -2.5
  t.is(saturatingRoundingDoublingHighMul(3, 1 << 30), 2); // 1.5
  t.is(saturatingRoundingDoublingHighMul(-3, 1 << 30), -1); // -1.5
  t.is(saturatingRoundingDoublingHighMul(INT32_MIN, INT32_MIN), INT32_MAX);
  t.is(saturatingRoundingDoublingHighMul(INT32_MIN, INT32_MAX), -INT32_MAX);
});

test('roundingDivideByPOT: nearest, halves away from zero, for every exponent 0..31', (t) => {
  const rng = new Rng(11);
  for (const x of int32s(rng, 3000)) {
    for (let e = 0; e <= 31; e++) {
      const exact = x / 2 ** e;
      const want = exact < 0 ? -Math.floor(-exact + 0.5) : Math.floor(exact + 0.5);
      if (roundingDivideByPOT(x, e) !== want) return t.fail(`rdbpot(${x}, ${e}) = ${roundingDivideByPOT(x, e)}, want ${want}`);
    }
  }
  t.is(roundingDivideByPOT(-5, 1), -3);
  t.is(roundingDivideByPOT(5, 1), 3);
  t.is(roundingDivideByPOT(-6, 2), -2);
  t.is(roundingDivideByPOT(INT32_MIN, 31), -1);
});

test('multiplyByQuantizedMultiplier is the double-rounding form (TFLM values)', (t) => {
  t.is(multiplyByQuantizedMultiplier(1000, 1073741824, -1), 250);
  t.is(multiplyByQuantizedMultiplier(-1000, 1431655765, -3), -83);
  t.is(multiplyByQuantizedMultiplier(-7, 1073741824, 0), -3); // -3.5 -> -3
  t.is(multiplyByQuantizedMultiplier(7, 1073741824, -1), 2); // 1.75
  // 1 x 0.25: the high multiply rounds 0.5 up to 1, the shift rounds 0.5 up again: 1, not 0.
  t.is(multiplyByQuantizedMultiplier(1, 1 << 30, -1), 1);
  // Positive shifts wrap like the C++'s int32 multiply: 3 << 30 is -2^30.
  t.is(multiplyByQuantizedMultiplier(3, INT32_MAX, 30), -1073741823);
});

test('the SmallerThanOneExp and GreaterThanOne forms agree with the general one on their ranges', (t) => {
  const rng = new Rng(3);
  for (const x of int32s(rng, 2000)) {
    const m = 0x40000000 + rng.below(0x40000000);
    const s = -rng.below(32);
    t.is(multiplyByQuantizedMultiplierSmallerThanOneExp(x, m, s), multiplyByQuantizedMultiplier(x, m, s));
    const l = rng.below(31);
    t.is(multiplyByQuantizedMultiplierGreaterThanOne(x, m, l), multiplyByQuantizedMultiplier(x, m, l));
  }
});

test('exp_on_negative_values (F5 in, F0 out) matches gemmlowp', (t) => {
  const table: [number, number][] = [
    [0, 2147483647],
    [-1, 2147483124],
    [-(1 << 24), 1672462419], // exp(-1/4)
    [-(1 << 26), 790015308], // exp(-1)
    [-(1 << 27), 290630390], // exp(-2)
    [-3 * (1 << 26), 106916946],
    [-(1 << 30), 242], // exp(-16)
    [INT32_MIN, 0], // exp(-32)
    [-123456789, 341177383],
  ];
  for (const [a, want] of table) t.is(expOnNegativeValues(a), want, `exp(${a})`);
});

test('GetReciprocal (Q12 sum in, F0 out) matches TFLM', (t) => {
  const table: [number, number][] = [
    [1 << 19, 2147483647],
    [3 << 19, 1431655762],
    [1 << 20, 2147483647],
    [5 << 18, 1717986914],
    [12345678, 1459166394],
    [1 << 30, 2147483647],
  ];
  for (const [x, want] of table) t.is(getReciprocal(x, Math.clz32(x)), want, `1/${x}`);
});
