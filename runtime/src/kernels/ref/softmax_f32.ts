/*
 * SOFTMAX float32 reference kernel (TFLM reference_ops::Softmax): per row, exp((x - max) * beta) in
 * float32 (Math.exp rounded to float32, as expf), summed in float32, each divided by the sum.
 */
import type { Kernel } from '../types.js';

const f = Math.fround;

export function softmaxF32(outer: number, depth: number, beta: number, input: Float32Array, output: Float32Array): void {
  for (let i = 0; i < outer; i++) {
    const base = i * depth;
    let max = -3.4028234663852886e38;
    for (let c = 0; c < depth; c++) max = Math.max(max, input[base + c] as number);
    let sum = 0;
    for (let c = 0; c < depth; c++) {
      const e = f(Math.exp(f(f((input[base + c] as number) - max) * beta)));
      output[base + c] = e;
      sum = f(sum + e);
    }
    for (let c = 0; c < depth; c++) output[base + c] = f((output[base + c] as number) / sum);
  }
}

const bits = new DataView(new ArrayBuffer(4));

export const softmaxF32Kernel: Kernel = {
  prepare(p, v) {
    const [input, output] = v as [Float32Array, Float32Array];
    bits.setInt32(0, p[2] as number);
    const beta = bits.getFloat32(0);
    const outer = p[0] as number;
    const depth = p[1] as number;
    return () => softmaxF32(outer, depth, beta, input, output);
  },
};
