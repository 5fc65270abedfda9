/*
 * FULLY_CONNECTED reference kernels (TFLM reference_integer_ops::FullyConnected[PerChannel] and the
 * float FullyConnected). Weights are [out_depth, accum_depth], row-major.
 */
import { ACT_RELU, ACT_RELU6, ACT_RELU_N1_TO_1 } from '../../format/ops.js';
import { multiplyByQuantizedMultiplier } from '../../quant/fixed_point.js';
import type { Kernel } from '../types.js';

/** params: batches, accum_depth, out_depth, output_offset, act_min, act_max, per_channel. bias has the input zero point folded in. */
export function fullyConnectedS8(
  p: Int32Array,
  input: Int8Array,
  weights: Int8Array,
  bias: Int32Array,
  mult: Int32Array,
  shift: Int32Array,
  output: Int8Array,
): void {
  const batches = p[0] as number;
  const accum = p[1] as number;
  const outDepth = p[2] as number;
  const outOffset = p[3] as number;
  const actMin = p[4] as number;
  const actMax = p[5] as number;
  const perChannel = p[6] === 1;
  for (let b = 0; b < batches; b++) {
    const inBase = b * accum;
    for (let o = 0; o < outDepth; o++) {
      const wBase = o * accum;
      let acc = bias[o] as number;
      for (let d = 0; d < accum; d++) acc = (acc + (input[inBase + d] as number) * (weights[wBase + d] as number)) | 0;
      const c = perChannel ? o : 0;
      let v = (multiplyByQuantizedMultiplier(acc, mult[c] as number, shift[c] as number) + outOffset) | 0;
      v = v < actMin ? actMin : v > actMax ? actMax : v;
      output[b * outDepth + o] = v;
    }
  }
}

/** Float activation bounds of TFLM's CalculateActivationRange. */
export function floatActivationRange(code: number): [number, number] {
  const max = 3.4028234663852886e38;
  switch (code) {
    case ACT_RELU:
      return [0, max];
    case ACT_RELU6:
      return [0, 6];
    case ACT_RELU_N1_TO_1:
      return [-1, 1];
    default:
      return [-max, max];
  }
}

/** params: batches, accum_depth, out_depth, activation. float32 arithmetic in TFLM's order. */
export function fullyConnectedF32(
  p: Int32Array,
  input: Float32Array,
  weights: Float32Array,
  bias: Float32Array,
  output: Float32Array,
  lo: number,
  hi: number,
): void {
  const batches = p[0] as number;
  const accum = p[1] as number;
  const outDepth = p[2] as number;
  const f = Math.fround;
  for (let b = 0; b < batches; b++) {
    for (let o = 0; o < outDepth; o++) {
      let total = 0;
      for (let d = 0; d < accum; d++) total = f(total + f((input[b * accum + d] as number) * (weights[o * accum + d] as number)));
      let v = f(total + (bias[o] as number));
      // std::max then std::min, which keep -0.0 where Math.max would not.
      v = v < lo ? lo : v;
      output[b * outDepth + o] = hi < v ? hi : v;
    }
  }
}

export const fullyConnectedS8Kernel: Kernel = {
  prepare(p, v) {
    const [input, weights, bias, mult, shift, output] = v as [Int8Array, Int8Array, Int32Array, Int32Array, Int32Array, Int8Array];
    return () => fullyConnectedS8(p, input, weights, bias, mult, shift, output);
  },
};

export const fullyConnectedF32Kernel: Kernel = {
  prepare(p, v) {
    const [input, weights, bias, output] = v as [Float32Array, Float32Array, Float32Array, Float32Array];
    const [lo, hi] = floatActivationRange(p[3] as number);
    return () => fullyConnectedF32(p, input, weights, bias, output, lo, hi);
  },
};
