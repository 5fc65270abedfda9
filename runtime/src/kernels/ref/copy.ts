/*
 * COPY reference kernel (runtime/src/format/ops.ts): the one data-movement kernel behind PAD, PADV2,
 * TRANSPOSE, STRIDED_SLICE, SLICE, SPLIT, SPLIT_V, UNPACK, SPACE_TO_DEPTH, DEPTH_TO_SPACE,
 * RESIZE_NEAREST_NEIGHBOR, CONCATENATION and PACK. The packer computed every offset offline; this only
 * walks six output dims, adds one index-table entry per dim (-1: padding) and copies `run` elements.
 *
 * Dtype-agnostic: elements are moved as integers of elem_size bytes (a float32 is copied by its bits,
 * so NaN payloads survive), whatever typed view the interpreter made of the operand.
 */
import type { Kernel, TensorView } from '../types.js';

type Elements = Int8Array | Int16Array | Int32Array;

function elements(v: TensorView, size: number): Elements {
  if (size === 4) return new Int32Array(v.buffer, v.byteOffset, v.byteLength >> 2);
  if (size === 2) return new Int16Array(v.buffer, v.byteOffset, v.byteLength >> 1);
  return new Int8Array(v.buffer, v.byteOffset, v.byteLength);
}

export const copyKernel: Kernel = {
  prepare(p, operands) {
    const [input, index, output] = operands as [TensorView, Int32Array, TensorView];
    const size = p[0] as number;
    // The element the pad bits stand for, as the view of that size reads it.
    const pad = size === 1 ? ((p[1] as number) << 24) >> 24 : size === 2 ? ((p[1] as number) << 16) >> 16 : (p[1] as number) | 0;
    const run = p[2] as number;
    const outStart = p[3] as number;
    const [d0, d1, d2, d3, d4, d5] = [p[4], p[5], p[6], p[7], p[8], p[9]] as number[] as [number, number, number, number, number, number];
    const [s0, s1, s2, s3, s4, s5] = [p[10], p[11], p[12], p[13], p[14], p[15]] as number[] as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    // Where each dim's entries start in the index table.
    const t1 = d0,
      t2 = t1 + d1,
      t3 = t2 + d2,
      t4 = t3 + d3,
      t5 = t4 + d4;
    const src = elements(input, size);
    const dst = elements(output, size);
    /** -1 when either is padding, else the sum of two offsets. */
    const add = (a: number, b: number): number => (a < 0 || b < 0 ? -1 : a + b);
    return () => {
      for (let i0 = 0; i0 < d0; i0++) {
        const a0 = index[i0] as number;
        const o0 = outStart + i0 * s0;
        for (let i1 = 0; i1 < d1; i1++) {
          const a1 = add(a0, index[t1 + i1] as number);
          const o1 = o0 + i1 * s1;
          for (let i2 = 0; i2 < d2; i2++) {
            const a2 = add(a1, index[t2 + i2] as number);
            const o2 = o1 + i2 * s2;
            for (let i3 = 0; i3 < d3; i3++) {
              const a3 = add(a2, index[t3 + i3] as number);
              const o3 = o2 + i3 * s3;
              for (let i4 = 0; i4 < d4; i4++) {
                const a4 = add(a3, index[t4 + i4] as number);
                const o4 = o3 + i4 * s4;
                for (let i5 = 0; i5 < d5; i5++) {
                  const from = add(a4, index[t5 + i5] as number);
                  const to = o4 + i5 * s5;
                  if (from < 0) dst.fill(pad, to, to + run);
                  else for (let r = 0; r < run; r++) dst[to + r] = src[from + r] as number;
                }
              }
            }
          }
        }
      }
    };
  },
};
