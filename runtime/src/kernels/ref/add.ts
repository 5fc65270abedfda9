/*
 * ADD int8 reference kernel (TFLM reference_integer_ops::AddFunc under Add / BroadcastAdd4DSlow): both
 * inputs are offset, shifted left by left_shift (20), scaled to a common scale, summed, and
 * requantized, each scaling by MultiplyByQuantizedMultiplierSmallerThanOneExp (shifts in [-31, 0]).
 * Broadcasting is by element strides per output dimension (0 where an input broadcasts).
 * Overflow: |offset + x| <= 255, so the shifted inputs stay below 2^28 and their scaled sum below 2^29.
 */
import { multiplyByQuantizedMultiplierSmallerThanOneExp as scale } from '../../quant/fixed_point.js';
import type { Kernel } from '../types.js';

export function addS8(p: Int32Array, in1: Int8Array, in2: Int8Array, output: Int8Array): void {
  const off1 = p[0],
    off2 = p[1],
    outOff = p[2],
    leftShift = 1 << p[3];
  const m1 = p[4],
    s1 = p[5],
    m2 = p[6],
    s2 = p[7],
    mo = p[8],
    so = p[9],
    actMin = p[10],
    actMax = p[11];
  const d0 = p[12],
    d1 = p[13],
    d2 = p[14],
    d3 = p[15];
  const a0 = p[16],
    a1 = p[17],
    a2 = p[18],
    a3 = p[19];
  const b0 = p[20],
    b1 = p[21],
    b2 = p[22],
    b3 = p[23];
  let o = 0;
  for (let i0 = 0; i0 < d0; i0++) {
    for (let i1 = 0; i1 < d1; i1++) {
      for (let i2 = 0; i2 < d2; i2++) {
        let ia = i0 * a0 + i1 * a1 + i2 * a2;
        let ib = i0 * b0 + i1 * b1 + i2 * b2;
        for (let i3 = 0; i3 < d3; i3++, ia += a3, ib += b3) {
          const x1 = scale(Math.imul(off1 + (in1[ia] as number), leftShift), m1, s1);
          const x2 = scale(Math.imul(off2 + (in2[ib] as number), leftShift), m2, s2);
          let v = (scale((x1 + x2) | 0, mo, so) + outOff) | 0;
          v = v < actMin ? actMin : v > actMax ? actMax : v;
          output[o++] = v;
        }
      }
    }
  }
}

export const addS8Kernel: Kernel = {
  prepare(p, v) {
    const [in1, in2, output] = v as [Int8Array, Int8Array, Int8Array];
    return () => addS8(p, in1, in2, output);
  },
};
