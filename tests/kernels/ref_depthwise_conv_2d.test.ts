/* DEPTHWISE_CONV_2D_S8 reference kernel on hand-computed cases: depth multiplier, padding, per-channel. */
import test from 'ava';
import { OPS } from '../../runtime/src/format/ops.js';
import { i32, i8, ONE, params, runRef } from './ref_run.js';

const DW = OPS.DEPTHWISE_CONV_2D_S8;
const dw = (f: Readonly<Record<string, number>>): Int32Array =>
  params(DW, {
    batches: 1,
    stride_h: 1,
    stride_w: 1,
    dil_h: 1,
    dil_w: 1,
    pad_h: 0,
    pad_w: 0,
    depth_multiplier: 1,
    input_offset: 0,
    output_offset: 0,
    act_min: -128,
    act_max: 127,
    per_channel: 0,
    ...f,
  });

test('depthwise, depth multiplier 2: output channel ic * 2 + m reads input channel ic', (t) => {
  // Input 1x1x2x2: pixels (1, 2) and (3, 4). Filter [1][1][2][4]: kx 0 -> [1,2,3,4], kx 1 -> [5,6,7,8].
  const p = dw({ in_h: 1, in_w: 2, in_c: 2, out_h: 1, out_w: 1, out_c: 4, k_h: 1, k_w: 2, depth_multiplier: 2 });
  const out = runRef(DW, p, [i8(1, 2, 3, 4), i8(1, 2, 3, 4, 5, 6, 7, 8), i32(0, 0, 0, 0), ONE.mult, ONE.shift], new Int8Array(4));
  // oc0: 1x1 + 5x3 = 16; oc1: 2x1 + 6x3 = 20; oc2: 3x2 + 7x4 = 34; oc3: 4x2 + 8x4 = 40.
  t.deepEqual([...out], [16, 20, 34, 40]);
});

test('depthwise per-channel multipliers and bias', (t) => {
  const p = dw({ in_h: 1, in_w: 2, in_c: 2, out_h: 1, out_w: 1, out_c: 4, k_h: 1, k_w: 2, depth_multiplier: 2, per_channel: 1 });
  const mult = i32(1 << 30, 1 << 30, 1 << 30, 1 << 30);
  const out = runRef(DW, p, [i8(1, 2, 3, 4), i8(1, 2, 3, 4, 5, 6, 7, 8), i32(4, 0, -4, 0), mult, i32(0, 0, -1, 1)], new Int8Array(4));
  // (16 + 4) x 0.5 = 10; 20 x 0.5 = 10; (34 - 4) x 0.25 = 7.5 -> 8; 40 x 1 = 40.
  t.deepEqual([...out], [10, 10, 8, 40]);
});

test('depthwise 3x3 SAME with input_offset: out-of-image taps skipped per channel', (t) => {
  // 2x2 image, 2 channels of zeros, input_offset 1 and -1; all-ones filter: +-(in-image taps) = +-4 everywhere.
  const p = dw({ in_h: 2, in_w: 2, in_c: 2, out_h: 2, out_w: 2, out_c: 2, k_h: 3, k_w: 3, pad_h: 1, pad_w: 1, input_offset: 1 });
  const input = i8(0, -2, 0, -2, 0, -2, 0, -2); // channel 1 holds -2: (-2 + 1) = -1 per tap
  const out = runRef(DW, p, [input, new Int8Array(18).fill(1), i32(0, 0), ONE.mult, ONE.shift], new Int8Array(8));
  t.deepEqual([...out], [4, -4, 4, -4, 4, -4, 4, -4]);
});
