/* FULLY_CONNECTED_S8 / _F32 reference kernels on hand-computed cases. */
import test from 'ava';
import { ACT_NONE, ACT_RELU6, OPS } from '../../runtime/src/format/ops.js';
import { i32, i8, params, runRef } from './ref_run.js';

const FC = OPS.FULLY_CONNECTED_S8;
const fc = (f: Readonly<Record<string, number>> = {}): Int32Array =>
  params(FC, { batches: 1, accum_depth: 4, out_depth: 2, output_offset: 0, act_min: -128, act_max: 127, per_channel: 0, ...f });

test('fc per-tensor: [1,2,3,4] . rows of 1s and 2s, bias [0, 100], x 0.5', (t) => {
  // acc 10 and 20 + 100; x 0.5 (2^30, shift 0).
  const out = runRef(FC, fc(), [i8(1, 2, 3, 4), i8(1, 1, 1, 1, 2, 2, 2, 2), i32(0, 100), i32(1 << 30), i32(0)], new Int8Array(2));
  t.deepEqual([...out], [5, 60]);
});

test('fc per-channel multipliers, output offset -10, act_max 40, two batches', (t) => {
  const p = fc({ batches: 2, per_channel: 1, output_offset: -10, act_max: 40 });
  const inputs = [i8(1, 2, 3, 4, -1, -2, -3, -4), i8(1, 1, 1, 1, 2, 2, 2, 2), i32(0, 100), i32(1 << 30, 1 << 30), i32(0, -1)];
  // batch 0: 10 x 0.5 - 10 = -5; 120 x 0.25 - 10 = 20. batch 1: -10 x 0.5 - 10 = -15; (-20 + 100) x 0.25 - 10 = 10.
  t.deepEqual([...runRef(FC, p, inputs, new Int8Array(4))], [-5, 20, -15, 10]);
});

test('fc requantization is TFLM double rounding: 1 x 0.25 gives 1; -1.5 -> -1 in the high multiply, -2 in the shift', (t) => {
  const p = fc({ accum_depth: 1, out_depth: 3, per_channel: 1 });
  // 1 x 0.25: high multiply 0.5 -> 1, shift 0.5 -> 1 (single rounding would give 0).
  // -3 x 0.5 = -1.5 -> -1 (the high multiply rounds ties toward +inf).
  // -6 x 0.25: high multiply -3, shift -1.5 -> -2 (the shift rounds ties away from zero).
  const inputs = [i8(1), i8(1, -3, -6), i32(0, 0, 0), i32(1 << 30, 1 << 30, 1 << 30), i32(-1, 0, -1)];
  t.deepEqual([...runRef(FC, p, inputs, new Int8Array(3))], [1, -1, -2]);
});

test('fc: the int32 bias sum wraps, and the clamp applies after the output offset', (t) => {
  const p = fc({ accum_depth: 1, out_depth: 2, output_offset: 127 });
  // 16384 + (2^31 - 1) wraps to -2^31 + 16383: x 0.5 + 127 clamps to -128.
  // -128 x 127 - 100 = -16356: x 0.5 = -8178, + 127 clamps to -128.
  const inputs = [i8(-128), i8(-128, 127), i32(0x7fffffff, -100), i32(1 << 30), i32(0)];
  t.deepEqual([...runRef(FC, p, inputs, new Int8Array(2))], [-128, -128]);
});

test('fc float32: relu6, bias added last', (t) => {
  const F = OPS.FULLY_CONNECTED_F32;
  const p = params(F, { batches: 1, accum_depth: 2, out_depth: 3, activation: ACT_RELU6 });
  const inputs = [Float32Array.of(1.5, -2), Float32Array.of(1, 1, 4, 0, 0.5, 0.25), Float32Array.of(0, 0, 0.5)];
  // -0.5 -> 0; 6 -> 6; 0.75 - 0.5 + 0.5 = 0.75.
  t.deepEqual([...runRef(F, p, inputs, new Float32Array(3))], [0, 6, 0.75]);
});

test('fc float32 sums in float32: 2^24 + 1 stays 2^24', (t) => {
  const F = OPS.FULLY_CONNECTED_F32;
  const p = params(F, { batches: 1, accum_depth: 2, out_depth: 1, activation: ACT_NONE });
  const out = runRef(F, p, [Float32Array.of(16777216, 1), Float32Array.of(1, 1), Float32Array.of(1)], new Float32Array(1));
  t.deepEqual([...out], [16777216]); // (2^24 + 1) rounds to 2^24, + 1 again rounds to 2^24
});
