/*
 * MINIMUM / MAXIMUM int8 reference kernels (TFLM reference_ops::MaximumMinimumBroadcastSlow): the
 * stored int8 values compared, which is exact because inputs and output share one quantization.
 * Broadcasting by element strides per output dimension, as ADD_S8.
 */
import type { Kernel } from '../types.js';

export function minMaxS8(p: Int32Array, in1: Int8Array, in2: Int8Array, output: Int8Array, max: boolean): void {
  const d0 = p[0] as number,
    d1 = p[1] as number,
    d2 = p[2] as number,
    d3 = p[3] as number;
  const a0 = p[4] as number,
    a1 = p[5] as number,
    a2 = p[6] as number,
    a3 = p[7] as number;
  const b0 = p[8] as number,
    b1 = p[9] as number,
    b2 = p[10] as number,
    b3 = p[11] as number;
  let o = 0;
  for (let i0 = 0; i0 < d0; i0++) {
    for (let i1 = 0; i1 < d1; i1++) {
      for (let i2 = 0; i2 < d2; i2++) {
        let ia = i0 * a0 + i1 * a1 + i2 * a2;
        let ib = i0 * b0 + i1 * b1 + i2 * b2;
        for (let i3 = 0; i3 < d3; i3++, ia += a3, ib += b3) {
          const x = in1[ia] as number;
          const y = in2[ib] as number;
          output[o++] = max === x > y ? x : y;
        }
      }
    }
  }
}

function kernel(max: boolean): Kernel {
  return {
    prepare(p, v) {
      const [in1, in2, output] = v as [Int8Array, Int8Array, Int8Array];
      return () => minMaxS8(p, in1, in2, output, max);
    },
  };
}

export const minimumS8Kernel = kernel(false);
export const maximumS8Kernel = kernel(true);
