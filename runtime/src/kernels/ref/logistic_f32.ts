/*
 * LOGISTIC float32 reference kernel (TFLM reference_ops::Logistic): 1 / (1 + exp(-x)) in float32,
 * exp(x) below -9 and 1 above 16.619047. exp is float32-rounded Math.exp: the C++ calls expf, which
 * glibc rounds correctly in all but rare cases; the goldens hold every case checked.
 */
import type { Kernel } from '../types.js';

const f = Math.fround;
const CUTOFF_UPPER = f(16.619047164916992);

export function logisticF32(count: number, input: Float32Array, output: Float32Array): void {
  for (let i = 0; i < count; i++) {
    const x = input[i] as number;
    output[i] = x > CUTOFF_UPPER ? 1 : x < -9 ? f(Math.exp(x)) : f(1 / f(1 + f(Math.exp(-x))));
  }
}

export const logisticF32Kernel: Kernel = {
  prepare(p, v) {
    const [input, output] = v as [Float32Array, Float32Array];
    const count = p[0] as number;
    return () => logisticF32(count, input, output);
  },
};
