/*
 * QUANTIZE float32 -> int8, TFLM's AffineQuantize: round(x / scale) half away from zero, the division
 * in float32, plus the zero point, clamped to int8. Where the C++ would convert an out-of-range or NaN
 * float to int32 (undefined behaviour), this saturates, and NaN gives the zero point.
 */
import type { Kernel } from '../types.js';

const f32 = Math.fround;

export function quantizeF32S8(count: number, zeroPoint: number, scale: number, input: Float32Array, output: Int8Array): void {
  for (let i = 0; i < count; i++) {
    const q = f32((input[i] as number) / scale);
    // Math.round rounds halves up; mirroring negatives makes it half away from zero (std::round).
    const r = q < 0 ? -Math.round(-q) : Math.round(q);
    const v = r + zeroPoint;
    output[i] = v !== v ? zeroPoint : v < -128 ? -128 : v > 127 ? 127 : v;
  }
}

const bits = new DataView(new ArrayBuffer(4));

export const quantizeF32S8Kernel: Kernel = {
  prepare(p, v) {
    const [input, output] = v as [Float32Array, Int8Array];
    const count = p[0] as number;
    const zeroPoint = p[1] as number;
    bits.setInt32(0, p[2] as number);
    const scale = bits.getFloat32(0);
    return () => quantizeF32S8(count, zeroPoint, scale, input, output);
  },
};
