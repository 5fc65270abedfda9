/*
 * The packer's quantization math, value for value. Every expected number was checked against the
 * C++ it mirrors (tflite-micro 90b983c2: QuantizeMultiplier, PreprocessSoftmaxScaling and
 * CalculateInputRadius compiled from kernels/internal/quantization_util.cc with g++ x86-64; the
 * kernel_util.cc / *_common.cc scale formulas evaluated in float32 and double as written there).
 */
import test from 'ava';
import {
  addParams,
  calculateActivationRangeQuantized,
  frexp,
  fullyConnectedMultipliers,
  kernelMultiplier,
  perChannelMultipliers,
  quantizeMultiplier,
  roundHalfAway,
  softmaxParams,
} from '../../packer/src/quant/multipliers.js';
import { PackError } from '../../packer/src/errors.js';

const q = (real: number): [number, number] => {
  const r = quantizeMultiplier(real);
  return [r.multiplier, r.shift];
};

test('quantizeMultiplier: plain values', (t) => {
  t.deepEqual(q(0), [0, 0]);
  t.deepEqual(q(0.5), [1073741824, 0]);
  t.deepEqual(q(0.75), [1610612736, 0]);
  t.deepEqual(q(1 / 3), [1431655765, -1]);
  t.deepEqual(q(1.5), [1610612736, 1]);
  t.deepEqual(q(3), [1610612736, 2]);
  t.deepEqual(q(1), [1073741824, 1]);
  t.deepEqual(q(0.00390625), [1073741824, -7]);
  t.deepEqual(q(-0.5), [-1073741824, 0]);
});

test('quantizeMultiplier: rounding is half away from zero, not to even', (t) => {
  t.deepEqual(q(0.5 + 2 ** -32), [1073741825, 0]); // 2^30 + 0.5
  t.deepEqual(q(0.5 + 3 * 2 ** -32), [1073741826, 0]); // 2^30 + 1.5
  t.deepEqual(q(-(0.5 + 2 ** -32)), [-1073741825, 0]);
});

test('quantizeMultiplier: just below a power of two carries into the shift', (t) => {
  t.deepEqual(q(1 - 2 ** -53), [1073741824, 1]); // rounds to 2^31: halved, shift + 1
  t.deepEqual(q(1 - 2 ** -32), [1073741824, 1]); // 2^31 - 0.5 rounds away to 2^31
  t.deepEqual(q(1 - 2 ** -31), [2147483647, 0]); // exactly 2^31 - 1: no carry
  t.deepEqual(q(2147483647), [2147483647, 31]);
  t.deepEqual(q(1073741823.9999999), [1073741824, 31]);
});

test('quantizeMultiplier: tiny values flush to zero below a shift of -31', (t) => {
  t.deepEqual(q(2 ** -31), [1073741824, -30]);
  t.deepEqual(q(2 ** -32), [1073741824, -31]);
  t.deepEqual(q(2 ** -32 * (1 - 2 ** -40)), [1073741824, -31]); // carries back up to shift -31
  t.deepEqual(q(2 ** -32 * (1 - 2 ** -30)), [0, 0]); // shift -32
  t.deepEqual(q(1e-10), [0, 0]);
  t.deepEqual(q(5e-324), [0, 0]); // subnormal: no endless loop, flushed
  t.deepEqual(q(1.7976931348623157e308), [1073741824, 1025]);
  t.throws(() => q(Number.NaN), { instanceOf: RangeError });
  t.throws(() => q(Number.POSITIVE_INFINITY), { instanceOf: RangeError });
});

test('frexp and roundHalfAway are exact', (t) => {
  t.deepEqual(frexp(8), { fraction: 0.5, exponent: 4 });
  t.deepEqual(frexp(-0.75), { fraction: -0.75, exponent: 0 });
  t.deepEqual(frexp(5e-324), { fraction: 0.5, exponent: -1073 });
  t.deepEqual(frexp(2 ** -1022), { fraction: 0.5, exponent: -1021 });
  t.is(roundHalfAway(2.5), 3);
  t.is(roundHalfAway(-2.5), -3);
  t.is(roundHalfAway(0.49999999999999994), 0); // floor(x + 0.5) would give 1
  t.is(roundHalfAway(-0.49999999999999994), -0);
  t.is(roundHalfAway(4503599627370497), 4503599627370497);
});

test('kernelMultiplier refuses what a kernel cannot apply', (t) => {
  t.deepEqual(kernelMultiplier(0.25, 'x'), { multiplier: 1073741824, shift: -1 });
  t.throws(() => kernelMultiplier(2 ** 31, 'x'), { instanceOf: PackError, message: /x: .*\[-31, 30\]/ });
  t.throws(() => kernelMultiplier(-0.5, 'x'), { instanceOf: PackError });
  t.throws(() => kernelMultiplier(Number.NaN, 'x'), { instanceOf: PackError });
});

test('perChannelMultipliers: (double)input * (double)filter[c] / (double)output', (t) => {
  t.deepEqual(perChannelMultipliers(0.5, [0.25, 0.125], 0.5), { multipliers: [1073741824, 1073741824], shifts: [-1, -2] });
  // float32 scales 0.1, 0.3, 0.7: the product is taken in double.
  t.deepEqual(perChannelMultipliers(0.1, [0.3], 0.7), { multipliers: [1472560321], shifts: [-4] });
  t.deepEqual(perChannelMultipliers(0.1, [], 0.7), { multipliers: [], shifts: [] });
});

test('fullyConnectedMultipliers: per-tensor takes the input x filter product in float32 first', (t) => {
  t.deepEqual(fullyConnectedMultipliers(0.1, [0.3], 0.7), { multipliers: [1472560299], shifts: [-4] });
  // Per-channel FC is the conv formula.
  t.deepEqual(fullyConnectedMultipliers(0.1, [0.3, 0.3], 0.7), { multipliers: [1472560321, 1472560321], shifts: [-4, -4] });
});

test('calculateActivationRangeQuantized: roundf(f / scale) in float32 plus the zero point, clipped to int8', (t) => {
  t.deepEqual(calculateActivationRangeQuantized('NONE', 0.1, 5), { actMin: -128, actMax: 127 });
  t.deepEqual(calculateActivationRangeQuantized('RELU', 0.1, -20), { actMin: -20, actMax: 127 });
  t.deepEqual(calculateActivationRangeQuantized('RELU6', 0.05, -128), { actMin: -128, actMax: -8 }); // 6 / 0.05 = 120
  t.deepEqual(calculateActivationRangeQuantized('RELU6', 0.01, -128), { actMin: -128, actMax: 127 }); // 600: clipped
  t.deepEqual(calculateActivationRangeQuantized('RELU_N1_TO_1', 0.008, 3), { actMin: -122, actMax: 127 }); // 1 / 0.008 + 3 = 128: clipped
  // 1 / 0.4 = 2.5 in float32 rounds away to 3; -1 / 0.4 to -3.
  t.deepEqual(calculateActivationRangeQuantized('RELU_N1_TO_1', 0.4, 0), { actMin: -3, actMax: 3 });
  t.throws(() => calculateActivationRangeQuantized('RELU6', 1e-30, 0), { instanceOf: PackError });
});

test('addParams: TFLM CalculateOpDataAdd for int8 (left shift 20, twice the larger input scale)', (t) => {
  t.deepEqual(addParams({ scale: 1, zeroPoint: 0 }, { scale: 1, zeroPoint: 0 }, { scale: 1, zeroPoint: 0 }, 'NONE'), {
    input1Offset: 0,
    input2Offset: 0,
    outputOffset: 0,
    leftShift: 20,
    input1Multiplier: 1073741824,
    input1Shift: 0,
    input2Multiplier: 1073741824,
    input2Shift: 0,
    outputMultiplier: 1073741824,
    outputShift: -18,
    actMin: -128,
    actMax: 127,
  });
  // float32 scales 0.02, 0.01 -> 0.03: reals 0.5, 0.25 and 0.04 / (2^20 * 0.03).
  const p = addParams({ scale: 0.02, zeroPoint: 3 }, { scale: 0.01, zeroPoint: -128 }, { scale: 0.03, zeroPoint: -5 }, 'RELU');
  t.like(p, {
    input1Offset: -3,
    input2Offset: 128,
    outputOffset: -5,
    input1Multiplier: 1073741824,
    input1Shift: 0,
    input2Multiplier: 1073741824,
    input2Shift: -1,
    outputMultiplier: 1431655765,
    outputShift: -19,
    actMin: -5,
    actMax: 127,
  });
  // The output multiplier must stay below 1 (QuantizeMultiplierSmallerThanOneExp).
  t.throws(() => addParams({ scale: 1, zeroPoint: 0 }, { scale: 1, zeroPoint: 0 }, { scale: 2 ** -20, zeroPoint: 0 }, 'NONE'), {
    instanceOf: PackError,
    message: /ADD output rescale/,
  });
});

test('softmaxParams: PreprocessSoftmaxScaling(beta, scale, 5) and -CalculateInputRadius(5, shift)', (t) => {
  // beta 1, scale 1/16: real 2^22 -> multiplier 2^30, shift 23; radius floor(31 * 2^26 / 2^23) = 248.
  t.deepEqual(softmaxParams(1, 1 / 16), { inputMultiplier: 1073741824, inputLeftShift: 23, diffMin: -248 });
  // A typical int8 softmax input scale (float32 0.0390625 = 10/256).
  t.deepEqual(softmaxParams(1, 0.0390625), { inputMultiplier: 1342177280, inputLeftShift: 22, diffMin: -496 });
  // float32 beta 4.9642887 and scale 4.076058e-5 (TFLM: 1779865574, 14, -126976).
  t.deepEqual(softmaxParams(4.964288711547852, 0.00004076058030477725), {
    inputMultiplier: 1779865574,
    inputLeftShift: 14,
    diffMin: -126976,
  });
  // beta x scale >= 32: real capped at 2^31 - 1, shift 31, radius 0.
  t.deepEqual(softmaxParams(1, 64), { inputMultiplier: 2147483647, inputLeftShift: 31, diffMin: 0 });
  // real <= 1 fails QuantizeMultiplierGreaterThanOne's check in TFLM.
  t.throws(() => softmaxParams(1, 2 ** -26), { instanceOf: PackError });
});
