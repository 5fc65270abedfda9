/* ADD float32 reference kernel: in1 + in2 in float32, clamped; broadcasting by element strides as ADD_S8. */
import type { Kernel } from '../types.js';
import { floatActivationRange } from './fully_connected.js';

export function addF32(p: Int32Array, in1: Float32Array, in2: Float32Array, output: Float32Array, lo: number, hi: number): void {
  // Indexed reads, not destructuring: an iterator would allocate on every invoke.
  const d0 = p[1] as number;
  const d1 = p[2] as number;
  const d2 = p[3] as number;
  const d3 = p[4] as number;
  const a0 = p[5] as number;
  const a1 = p[6] as number;
  const a2 = p[7] as number;
  const a3 = p[8] as number;
  const b0 = p[9] as number;
  const b1 = p[10] as number;
  const b2 = p[11] as number;
  const b3 = p[12] as number;
  let o = 0;
  for (let i0 = 0; i0 < d0; i0++) {
    for (let i1 = 0; i1 < d1; i1++) {
      for (let i2 = 0; i2 < d2; i2++) {
        let ia = i0 * a0 + i1 * a1 + i2 * a2;
        let ib = i0 * b0 + i1 * b1 + i2 * b2;
        for (let i3 = 0; i3 < d3; i3++, ia += a3, ib += b3) {
          let v = Math.fround((in1[ia] as number) + (in2[ib] as number));
          v = v < lo ? lo : v;
          output[o++] = hi < v ? hi : v;
        }
      }
    }
  }
}

export const addF32Kernel: Kernel = {
  prepare(p, v) {
    const [in1, in2, output] = v as [Float32Array, Float32Array, Float32Array];
    const [lo, hi] = floatActivationRange(p[0] as number);
    return () => addF32(p, in1, in2, output, lo, hi);
  },
};
