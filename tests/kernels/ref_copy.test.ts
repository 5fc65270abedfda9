/* COPY reference kernel: index tables with padding, runs, regions of a bigger output, any element size. */
import test from 'ava';
import { OPS } from '../../runtime/src/format/ops.js';
import { i8, i32, params, runRef } from './ref_run.js';

const CP = OPS.COPY;
const DIMS = ['dim0', 'dim1', 'dim2', 'dim3', 'dim4', 'dim5'];
const STRIDES = ['out_stride0', 'out_stride1', 'out_stride2', 'out_stride3', 'out_stride4', 'out_stride5'];

/** COPY params with the last dims and strides given (leading dims 1, stride 0). */
function cp(size: number, pad: number, run: number, outStart: number, dims: number[], strides: number[]): Int32Array {
  const lead = 6 - dims.length;
  const f: Record<string, number> = { elem_size: size, pad_value: pad, run, out_start: outStart };
  DIMS.forEach((n, k) => (f[n] = k < lead ? 1 : (dims[k - lead] as number)));
  STRIDES.forEach((n, k) => (f[n] = k < lead ? 0 : (strides[k - lead] as number)));
  return params(CP, f);
}
/** The index table: one [0] per leading dim, then the given dims' entries. */
const index = (...dims: number[][]): Int32Array => i32(...new Array<number>(6 - dims.length).fill(0), ...dims.flat());

test('a 2x3 transpose with a padding column: entries add up per dim, -1 pads', (t) => {
  // Output row r (an input column) reads input offset r; output column c reads row c (offset 3c), then pads.
  const out = runRef(CP, cp(1, -7, 1, 0, [3, 3], [3, 1]), [i8(1, 2, 3, 4, 5, 6), index([0, 1, 2], [0, 3, -1])], new Int8Array(9));
  t.deepEqual([...out], [1, 4, -7, 2, 5, -7, 3, 6, -7]);
});

test('runs copy contiguous elements, and a region leaves the rest of the output alone', (t) => {
  // Two runs of 3 from input offsets 4 and 0, written at 1 and 6 of a 10-element output.
  const out = runRef(CP, cp(1, 0, 3, 1, [2], [5]), [i8(0, 1, 2, 3, 4, 5, 6), index([4, 0])], new Int8Array(10).fill(9));
  t.deepEqual([...out], [9, 4, 5, 6, 9, 9, 0, 1, 2, 9]);
});

test('4-byte elements move by their bits: a NaN payload survives, the pad is a float bit pattern', (t) => {
  const src = new Float32Array(2);
  const bits = new Int32Array(src.buffer);
  bits[0] = 0x7fa00001; // a signalling NaN with a payload
  bits[1] = 0x3f800000; // 1.0
  const out = new Float32Array(3);
  runRef(CP, cp(4, 0x40490fdb, 1, 0, [3], [1]), [src, index([1, -1, 0])], out); // pad: pi
  const got = new Int32Array(out.buffer);
  t.deepEqual([...got], [0x3f800000, 0x40490fdb, 0x7fa00001]);
});

test('2-byte elements (int16 tensors are byte views to the interpreter) pad with a sign-extended value', (t) => {
  const src = new Int8Array(new Int16Array([1000, -2000]).buffer);
  const out = new Int8Array(8);
  runRef(CP, cp(2, -300, 1, 0, [4], [1]), [src, index([1, -1, 0, -1])], out);
  t.deepEqual([...new Int16Array(out.buffer)], [-2000, -300, 1000, -300]);
});
