/* AVERAGE_POOL_2D_S8 and MAX_POOL_2D_S8 reference kernels: rounding of negative sums, padding, clamps. */
import test from 'ava';
import { OPS } from '../../runtime/src/format/ops.js';
import { i8, params, runRef } from './ref_run.js';

type Fields = Readonly<Record<string, number>>;
const pool = (spec: typeof OPS.AVERAGE_POOL_2D_S8 | typeof OPS.MAX_POOL_2D_S8, f: Fields): Int32Array =>
  params(spec, { batches: 1, stride_h: 1, stride_w: 1, pad_h: 0, pad_w: 0, act_min: -128, act_max: 127, ...f });

const AVG = OPS.AVERAGE_POOL_2D_S8;
const MAX = OPS.MAX_POOL_2D_S8;

test('average rounds half away from zero, negative sums included', (t) => {
  // Four 1x2 windows (channels): sums 3, -3, -5, -6 over 2 taps... and 4-tap sums via a 2x2 window below.
  const p = pool(AVG, { in_h: 1, in_w: 2, channels: 4, out_h: 1, out_w: 1, f_h: 1, f_w: 2 });
  const input = i8(1, -1, -2, -3, /* x = 1 */ 2, -2, -3, -4);
  // 3/2 = 1.5 -> 2; -3/2 = -1.5 -> -2; -5/2 = -2.5 -> -3; -7/2 = -3.5 -> -4.
  t.deepEqual([...runRef(AVG, p, [input], new Int8Array(4))], [2, -2, -3, -4]);
  const q = pool(AVG, { in_h: 2, in_w: 2, channels: 2, out_h: 1, out_w: 1, f_h: 2, f_w: 2 });
  // -5/4 = -1.25 -> -1; -6/4 = -1.5 -> -2.
  t.deepEqual([...runRef(AVG, q, [i8(-2, -2, -1, -2, -1, -1, -1, -1)], new Int8Array(2))], [-1, -2]);
});

test('average divides by the in-image taps only (SAME padding)', (t) => {
  // 2x2 image [[4, 8], [12, 16]], 2x2 window, SAME: pad 0 at the top-left, the window hangs over the bottom-right.
  const p = pool(AVG, { in_h: 2, in_w: 2, channels: 1, out_h: 2, out_w: 2, f_h: 2, f_w: 2 });
  t.deepEqual([...runRef(AVG, p, [i8(4, 8, 12, 16)], new Int8Array(4))], [10, 12, 14, 16]);
});

test('average with activation clamp', (t) => {
  const p = pool(AVG, { in_h: 1, in_w: 2, channels: 1, out_h: 1, out_w: 1, f_h: 1, f_w: 2, act_min: 0, act_max: 50 });
  t.deepEqual([...runRef(AVG, p, [i8(-100, -50)], new Int8Array(1))], [0]);
  t.deepEqual([...runRef(AVG, p, [i8(100, 120)], new Int8Array(1))], [50]);
});

test('max over the in-image taps, stride 2, padding never wins', (t) => {
  // 3x3 image of negatives, 2x2 window, stride 2, pad 1: padded taps must not act as 0 (or the zero point).
  const p = pool(MAX, { in_h: 3, in_w: 3, channels: 1, out_h: 2, out_w: 2, f_h: 2, f_w: 2, stride_h: 2, stride_w: 2, pad_h: 1, pad_w: 1 });
  const input = i8(-9, -8, -7, -6, -5, -4, -3, -2, -1);
  // windows: {(0,0)} -> -9; {(0,1),(0,2)} -> -7; {(1,0),(2,0)} -> -3; {(1,1),(1,2),(2,1),(2,2)} -> -1.
  t.deepEqual([...runRef(MAX, p, [input], new Int8Array(4))], [-9, -7, -3, -1]);
});

test('max clamps to [act_min, act_max]', (t) => {
  const p = pool(MAX, { in_h: 1, in_w: 2, channels: 2, out_h: 1, out_w: 1, f_h: 1, f_w: 2, act_min: -10, act_max: 6 });
  t.deepEqual([...runRef(MAX, p, [i8(-128, 100, -20, 3)], new Int8Array(2))], [-10, 6]);
});
