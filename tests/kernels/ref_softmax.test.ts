/* SOFTMAX_S8 reference kernel: output scale 1/256, zero point -128; TFLM's fixed-point exp and reciprocal. */
import test from 'ava';
import { softmaxParams } from '../../packer/src/quant/multipliers.js';
import { OPS } from '../../runtime/src/format/ops.js';
import { i8, params, runRef } from './ref_run.js';

const SM = OPS.SOFTMAX_S8;
function sm(outer: number, depth: number, beta: number, scale: number): Int32Array {
  const q = softmaxParams(beta, scale);
  return params(SM, {
    outer_size: outer,
    depth,
    input_multiplier: q.inputMultiplier,
    input_left_shift: q.inputLeftShift,
    diff_min: q.diffMin,
  });
}

test('softmax of equal inputs: 1/depth each (1/4 -> 64 - 128 = -64; 1/2 -> 0; 1 -> 127)', (t) => {
  t.deepEqual([...runRef(SM, sm(1, 4, 1, 0.1), [i8(5, 5, 5, 5)], new Int8Array(4))], [-64, -64, -64, -64]);
  t.deepEqual([...runRef(SM, sm(2, 2, 1, 0.1), [i8(-128, -128, 127, 127)], new Int8Array(4))], [0, 0, 0, 0]);
  t.deepEqual([...runRef(SM, sm(1, 1, 1, 0.1), [i8(-7)], new Int8Array(1))], [127]); // 256 saturates
});

test('softmax: a dominant logit takes all, rows are independent', (t) => {
  // Scale 0.1: differences of -25.5 give exp ~ 8e-12, far below one output step; diff_min cuts the rest.
  const out = runRef(SM, sm(2, 3, 1, 0.1), [i8(127, -128, -128, 0, 0, -128)], new Int8Array(6));
  t.deepEqual([...out], [127, -128, -128, 0, 0, -128]);
});

test('softmax of two logits one unit of ln 3 apart: 3/4 and 1/4', (t) => {
  // beta x scale = ln 3 per step: [x, x - 1] -> [0.75, 0.25] -> [192 - 128, 64 - 128] up to fixed-point error.
  const out = runRef(SM, sm(1, 2, 1, Math.fround(Math.log(3))), [i8(1, 0)], new Int8Array(2));
  t.deepEqual([...out], [64, -64]);
});
