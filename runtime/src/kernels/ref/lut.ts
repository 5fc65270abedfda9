/*
 * LUT_S8 and LUT_S8_F32: one table lookup per element. The packer computes the 256 entries offline
 * with TFLM's arithmetic for the op (logistic, tanh, hard swish, leaky relu, relu, requantize,
 * dequantize), so the device runs none of it; entry k is the result for the input byte k.
 */
import type { Kernel } from '../types.js';

export function lutS8(count: number, input: Int8Array, table: Int8Array, output: Int8Array): void {
  for (let i = 0; i < count; i++) output[i] = table[(input[i] as number) & 255] as number;
}

export function lutS8F32(count: number, input: Int8Array, table: Float32Array, output: Float32Array): void {
  for (let i = 0; i < count; i++) output[i] = table[(input[i] as number) & 255] as number;
}

export const lutS8Kernel: Kernel = {
  prepare(p, v) {
    const [input, table, output] = v as [Int8Array, Int8Array, Int8Array];
    const count = p[0] as number;
    return () => lutS8(count, input, table, output);
  },
};

export const lutS8F32Kernel: Kernel = {
  prepare(p, v) {
    const [input, table, output] = v as [Int8Array, Float32Array, Float32Array];
    const count = p[0] as number;
    return () => lutS8F32(count, input, table, output);
  },
};
