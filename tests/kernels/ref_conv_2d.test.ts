/* CONV_2D_S8 reference kernel on hand-computed cases: 1x1, padding, stride, dilation, per-channel. */
import test from 'ava';
import { OPS } from '../../runtime/src/format/ops.js';
import { i32, i8, ONE, params, runRef } from './ref_run.js';

const CONV = OPS.CONV_2D_S8;
type Fields = Readonly<Record<string, number>>;
const conv = (f: Fields): Int32Array =>
  params(CONV, {
    batches: 1,
    stride_h: 1,
    stride_w: 1,
    dil_h: 1,
    dil_w: 1,
    pad_h: 0,
    pad_w: 0,
    input_offset: 0,
    output_offset: 0,
    act_min: -128,
    act_max: 127,
    per_channel: 0,
    ...f,
  });

test('conv 1x1: out = (x0 + 1) - (x1 + 1) + 10 per pixel, input_offset 1, clamped', (t) => {
  const p = conv({ in_h: 2, in_w: 2, in_c: 2, out_h: 2, out_w: 2, out_c: 1, k_h: 1, k_w: 1, input_offset: 1 });
  const input = i8(3, 1, 0, 5, -2, -2, 127, -128);
  const out = runRef(CONV, p, [input, i8(1, -1), i32(10), ONE.mult, ONE.shift], new Int8Array(4));
  t.deepEqual([...out], [12, 5, 10, 127]); // the last is 265
});

test('conv 3x3 SAME on 3x3: taps outside the image contribute nothing (not input_offset)', (t) => {
  // All inputs 0 with input_offset 1: every in-image tap adds 1, so each output counts its in-image taps.
  const p = conv({ in_h: 3, in_w: 3, in_c: 1, out_h: 3, out_w: 3, out_c: 1, k_h: 3, k_w: 3, pad_h: 1, pad_w: 1, input_offset: 1 });
  const out = runRef(CONV, p, [new Int8Array(9), new Int8Array(9).fill(1), i32(0), ONE.mult, ONE.shift], new Int8Array(9));
  t.deepEqual([...out], [4, 6, 4, 6, 9, 6, 4, 6, 4]);
});

test('conv stride 2 and dilation 2 (VALID)', (t) => {
  const input = i8(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25); // 5x5
  // 2x2 filter of ones dilated by 2 spans 3x3; stride 2 -> 2x2 outputs.
  const p = conv({ in_h: 5, in_w: 5, in_c: 1, out_h: 2, out_w: 2, out_c: 1, k_h: 2, k_w: 2, stride_h: 2, stride_w: 2, dil_h: 2, dil_w: 2 });
  const out = runRef(CONV, p, [input, i8(1, 1, 1, 1), i32(0), ONE.mult, ONE.shift], new Int8Array(4));
  // (0,0): 1 + 3 + 11 + 13 = 28; (0,1): 3 + 5 + 13 + 15 = 36; (1,0): 11 + 13 + 21 + 23 = 68; (1,1): 76.
  t.deepEqual([...out], [28, 36, 68, 76]);
});

test('conv per-channel: two output channels, filter [out_c][k_h][k_w][in_c], own multipliers and bias', (t) => {
  const p = conv({ in_h: 1, in_w: 2, in_c: 2, out_h: 1, out_w: 1, out_c: 2, k_h: 1, k_w: 2, per_channel: 1, output_offset: -3 });
  const input = i8(1, 2, 3, 4);
  const filter = i8(1, 0, 0, 1, /* channel 1 */ 2, 2, 2, 2);
  // ch0: 1 + 4 = 5, + bias 1 = 6, x 1.0 = 6, - 3 = 3. ch1: 2 x 10 = 20, + 0, x 0.25 = 5, - 3 = 2.
  const out = runRef(CONV, p, [input, filter, i32(1, 0), i32(1 << 30, 1 << 30), i32(1, -1)], new Int8Array(2));
  t.deepEqual([...out], [3, 2]);
});

test('conv with a negative pad starts the window inside the input', (t) => {
  // 1x4 input, 1x1 filter, pad_w -2: output x reads input x + 2.
  const p = conv({ in_h: 1, in_w: 4, in_c: 1, out_h: 1, out_w: 2, out_c: 1, k_h: 1, k_w: 1, pad_w: -2 });
  const out = runRef(CONV, p, [i8(10, 20, 30, 40), i8(1), i32(0), ONE.mult, ONE.shift], new Int8Array(2));
  t.deepEqual([...out], [30, 40]);
});
