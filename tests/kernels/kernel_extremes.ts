/*
 * Hand-made kernel cases at the edges the seeded generators rarely reach: accumulators at their
 * documented bounds (MF_MAX_CONV_TAPS, MF_MAX_FC_ACCUM) with worst-case magnitudes, channel counts
 * past the C kernels' blocking, dot products longer than a vector register, and softmax rows whose
 * sum of exponentials reaches and wraps past 2^32 (depth 8192 of equal values sums to exactly 0).
 * Verified bit-exact against TFLM 90b983c2's reference kernels wherever TFLM accepts them.
 */
import { OPS } from '../../runtime/src/format/ops.js';
import type { KernelCase } from './kernel_cases.js';

const i8 = (n: number, v: (i: number) => number): Int8Array => Int8Array.from({ length: n }, (_, i) => v(i));
const i32 = (n: number, v: (i: number) => number): Int32Array => Int32Array.from({ length: n }, (_, i) => v(i));
/** Deterministic int8 pattern covering [-128, 127]. */
const spread = (step: number) => (i: number) => ((i * step) % 256) - 128;

/** [input value, filter value, input offset]: every sign combination of the largest |f * (x + offset)| = 32640. */
const WORST: readonly [number, number, number][] = [
  [127, -128, 128],
  [-128, -128, -127],
  [-128, 127, -127],
  [127, 127, 128],
];

function accumulatorBounds(): KernelCase[] {
  const out: KernelCase[] = [];
  const q = (): [Int32Array, Int32Array, Int32Array] => [i32(1, () => 0), i32(1, () => 1 << 30), i32(1, () => -20)];
  for (const [x, f, off] of WORST) {
    const taps = 65535; // MF_MAX_CONV_TAPS
    out.push({
      opcode: OPS.CONV_2D_S8.code,
      params: Int32Array.from([1, 1, 1, taps, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, off, 0, -128, 127, 0]),
      operands: [i8(taps, () => x), i8(taps, () => f), ...q(), new Int8Array(1)],
      label: `conv 1x1 in_c=${taps} x=${x} f=${f} off=${off}`,
    });
    const c = 7281; // 3x3 x 7281 = 65529 taps; a 2x2 input clips every window
    out.push({
      opcode: OPS.CONV_2D_S8.code,
      params: Int32Array.from([1, 2, 2, c, 2, 2, 1, 3, 3, 1, 1, 1, 1, 1, 1, off, 0, -128, 127, 0]),
      operands: [i8(4 * c, () => x), i8(9 * c, () => f), ...q(), new Int8Array(4)],
      label: `conv 3x3 in_c=${c} clipped x=${x} f=${f} off=${off}`,
    });
    out.push({
      opcode: OPS.DEPTHWISE_CONV_2D_S8.code,
      params: Int32Array.from([1, 256, 256, 1, 1, 1, 1, 255, 257, 1, 1, 1, 1, 0, 0, 1, off, 0, -128, 127, 0]),
      operands: [i8(65536, () => x), i8(255 * 257, () => f), ...q(), new Int8Array(1)],
      label: `dw k=255x257 x=${x} f=${f} off=${off}`,
    });
    const accum = 131071; // MF_MAX_FC_ACCUM; the bias sum wraps
    out.push({
      opcode: OPS.FULLY_CONNECTED_S8.code,
      params: Int32Array.from([1, accum, 1, 0, -128, 127, 0]),
      operands: [
        i8(accum, () => x),
        i8(accum, () => f),
        i32(1, () => 0x7fffffff),
        i32(1, () => 1 << 30),
        i32(1, () => -20),
        new Int8Array(1),
      ],
      label: `fc accum_depth=${accum} x=${x} f=${f}`,
    });
  }
  return out;
}

function wideChannels(): KernelCase[] {
  const out: KernelCase[] = [];
  for (const [ic, dm] of [
    [65, 1],
    [130, 1],
    [200, 1],
    [33, 3],
    [64, 2],
    [1, 70],
  ] as const) {
    const oc = ic * dm;
    out.push({
      opcode: OPS.DEPTHWISE_CONV_2D_S8.code,
      params: Int32Array.from([1, 5, 4, ic, 5, 4, oc, 3, 3, 1, 1, 1, 1, 1, 1, dm, 128, -3, -128, 127, 1]),
      operands: [
        i8(20 * ic, spread(37)),
        i8(9 * oc, (i) => ((i * 91) % 255) - 127),
        i32(oc, (i) => i * 1000 - 50000),
        i32(oc, (i) => 0x40000000 + i * 1234567),
        i32(oc, (i) => -(i % 12)),
        new Int8Array(20 * oc),
      ],
      label: `dw in_c=${ic} dm=${dm} (channel blocks)`,
    });
  }
  for (const ic of [15, 16, 17, 31, 33, 64, 100, 255]) {
    const oc = 5;
    const requant = (): Int32Array[] => [i32(oc, (i) => i * 999), i32(oc, (i) => 0x50000000 + i), i32(oc, () => -9)];
    for (const k of [1, 3]) {
      const folded = k === 1; // 1x1: the packer folds the input offset into the bias
      out.push({
        opcode: OPS.CONV_2D_S8.code,
        params: Int32Array.from([
          1,
          4,
          5,
          ic,
          4,
          5,
          oc,
          k,
          k,
          1,
          1,
          1,
          1,
          folded ? 0 : 1,
          folded ? 0 : 1,
          folded ? 0 : 128,
          5,
          -128,
          127,
          1,
        ]),
        operands: [i8(20 * ic, spread(29)), i8(k * k * ic * oc, (i) => ((i * 53) % 255) - 127), ...requant(), new Int8Array(20 * oc)],
        label: `conv ${k}x${k} in_c=${ic} (long dot products)`,
      });
    }
    out.push({
      opcode: OPS.FULLY_CONNECTED_S8.code,
      params: Int32Array.from([2, 3 * ic, 7, -4, -128, 127, 1]),
      operands: [
        i8(6 * ic, spread(29)),
        i8(21 * ic, (i) => ((i * 53) % 255) - 127),
        i32(7, (i) => i * 999),
        i32(7, (i) => 0x50000000 + i),
        i32(7, () => -10),
        new Int8Array(14),
      ],
      label: `fc accum_depth=${3 * ic} (long dot products)`,
    });
  }
  return out;
}

function wideSoftmax(): KernelCase[] {
  // Row 0 is constant (the largest sum: depth x 2^19 in F12), row 1 varied. From depth 512 TFLM
  // refuses (output exponent > 31); at 8192 the sum wraps to 0, past it to other values.
  return [511, 512, 513, 4095, 4096, 4097, 8191, 8192, 8193, 12000].map((depth) => ({
    opcode: OPS.SOFTMAX_S8.code,
    params: Int32Array.from([2, depth, 1 << 30, 0, -1000000]),
    operands: [i8(2 * depth, (i) => (i < depth ? 5 : (i % 3) - 100)), new Int8Array(2 * depth)],
    label: `softmax 2x${depth} (wide rows)`,
  }));
}

export function extremeCases(): KernelCase[] {
  return [...accumulatorBounds(), ...wideChannels(), ...wideSoftmax()];
}
