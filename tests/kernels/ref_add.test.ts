/* ADD_S8 reference kernel: TFLM's left-shift-20 arithmetic with addParams' constants, broadcasting by strides. */
import test from 'ava';
import { addParams, type AddParams } from '../../packer/src/quant/multipliers.js';
import { OPS } from '../../runtime/src/format/ops.js';
import { i8, params, runRef } from './ref_run.js';

const ADD = OPS.ADD_S8;

function addBlock(q: AddParams, outDims: readonly number[], s1: readonly number[], s2: readonly number[]): Int32Array {
  const fields: Record<string, number> = {
    input1_offset: q.input1Offset,
    input2_offset: q.input2Offset,
    output_offset: q.outputOffset,
    left_shift: q.leftShift,
    input1_multiplier: q.input1Multiplier,
    input1_shift: q.input1Shift,
    input2_multiplier: q.input2Multiplier,
    input2_shift: q.input2Shift,
    output_multiplier: q.outputMultiplier,
    output_shift: q.outputShift,
    act_min: q.actMin,
    act_max: q.actMax,
  };
  outDims.forEach((d, i) => (fields[`out_d${i}`] = d));
  s1.forEach((s, i) => (fields[`in1_stride${i}`] = s));
  s2.forEach((s, i) => (fields[`in2_stride${i}`] = s));
  return params(ADD, fields);
}

const unit = { scale: 1, zeroPoint: 0 };

test('add with equal scales is an exact saturating int8 add', (t) => {
  const p = addBlock(addParams(unit, unit, unit, 'NONE'), [1, 1, 1, 4], [0, 0, 0, 1], [0, 0, 0, 1]);
  const out = runRef(ADD, p, [i8(3, -100, 127, -7), i8(4, -100, 1, 7)], new Int8Array(4));
  t.deepEqual([...out], [7, -128, 127, 0]);
});

test('add with zero points and different scales', (t) => {
  // in1: scale 0.5, zp 10; in2: scale 0.25, zp -20; out: scale 1, zp 5.
  const q = addParams({ scale: 0.5, zeroPoint: 10 }, { scale: 0.25, zeroPoint: -20 }, { scale: 1, zeroPoint: 5 }, 'NONE');
  const p = addBlock(q, [1, 1, 1, 3], [0, 0, 0, 1], [0, 0, 0, 1]);
  // (14 - 10) x 0.5 + (-12 + 20) x 0.25 = 4 -> 9; 1 x 0.5 + 1 x 0.25 = 0.75 -> 1 -> 6;
  // -1 x 0.5 + 0 = -0.5: the final rounding shift takes the tie away from zero, -1 -> 4.
  const out = runRef(ADD, p, [i8(14, 11, 9), i8(-12, -19, -20)], new Int8Array(3));
  t.deepEqual([...out], [9, 6, 4]);
});

test('add broadcasts a row and a scalar by zero strides', (t) => {
  const p = addBlock(addParams(unit, unit, unit, 'RELU'), [1, 1, 2, 3], [0, 0, 3, 1], [0, 0, 0, 1]);
  const out = runRef(ADD, p, [i8(1, 2, 3, 4, 5, 6), i8(10, -20, 30)], new Int8Array(6));
  t.deepEqual([...out], [11, 0, 33, 14, 0, 36]); // relu clamps -18 and -15 to 0
  const s = addBlock(addParams(unit, unit, unit, 'NONE'), [1, 1, 2, 3], [0, 0, 0, 0], [0, 0, 3, 1]);
  t.deepEqual([...runRef(ADD, s, [i8(-1), i8(1, 2, 3, 4, 5, 6)], new Int8Array(6))], [0, 1, 2, 3, 4, 5]);
});
