/*
 * Semantic checks of each op's params against its operands, run once by openModel. After these pass
 * the kernels can run without checking anything: every index a kernel computes from the params stays
 * inside its operands, and every shift is one the fixed-point helpers accept.
 *
 * A check returns null when the op is sound, else a message naming the first problem.
 */
import { OPS } from './ops.js';

/** What a check sees of one operand. `values` reads an int32 constant operand's elements. */
export interface OperandFacts {
  readonly elements: number;
  /** Bytes per element of the operand's dtype (what COPY's elem_size must match). */
  readonly elementSize: number;
  readonly values: ((i: number) => number) | null;
}

type Check = (p: Int32Array, o: readonly OperandFacts[]) => string | null;

const I32_MAX = 0x7fffffff;
/*
 * Accumulation lengths whose int32 sums stay exact: each term is at most 128 * 256 = 2^15 in size
 * for conv/depthwise (filter x offset input) and 2^14 for FC. Mirrors MF_MAX_CONV_TAPS and
 * MF_MAX_FC_ACCUM in host/include/mf_kernels.h, which the XS bindings enforce.
 */
export const MAX_CONV_TAPS = 65535;
export const MAX_FC_ACCUM = 131071;

/** Product of positive ints, or -1 when any factor is < 1 or the product leaves int32. */
function product(...xs: number[]): number {
  let r = 1;
  for (const x of xs) {
    if (!(x >= 1)) return -1;
    r *= x;
    if (r > I32_MAX) return -1;
  }
  return r;
}

function sizeIs(o: readonly OperandFacts[], i: number, name: string, want: number): string | null {
  if (want < 0) return `${name}: dimensions must be >= 1 and their product must fit int32`;
  const got = (o[i] as OperandFacts).elements;
  return got === want ? null : `${name} has ${got} elements, params need ${want}`;
}

function inRange(v: number, lo: number, hi: number, name: string): string | null {
  return v >= lo && v <= hi ? null : `${name} = ${v} is outside [${lo}, ${hi}]`;
}

function first(...results: (string | null)[]): string | null {
  for (const r of results) if (r !== null) return r;
  return null;
}

/** bias/multiplier/shift operands of per-channel requantizing ops, starting at operand index `at`. */
function requant(o: readonly OperandFacts[], at: number, channels: number, perChannel: number): string | null {
  const n = perChannel === 1 ? channels : 1;
  const shape = first(
    inRange(perChannel, 0, 1, 'per_channel'),
    sizeIs(o, at, 'bias', channels),
    sizeIs(o, at + 1, 'multiplier', n),
    sizeIs(o, at + 2, 'shift', n),
  );
  if (shape) return shape;
  const mult = (o[at + 1] as OperandFacts).values;
  const shift = (o[at + 2] as OperandFacts).values;
  for (let c = 0; c < n; c++) {
    if (mult) {
      const r = inRange(mult(c), 0, I32_MAX, `multiplier[${c}]`);
      if (r) return r;
    }
    if (shift) {
      const r = inRange(shift(c), -31, 30, `shift[${c}]`);
      if (r) return r;
    }
  }
  return null;
}

function activation(min: number, max: number): string | null {
  return first(inRange(min, -128, 127, 'act_min'), inRange(max, min, 127, 'act_max'));
}

/** Window geometry shared by conv, depthwise and pooling: every output window must touch the image. */
function window(inSize: number, outSize: number, k: number, stride: number, dil: number, pad: number, axis: string): string | null {
  const r = first(
    inRange(stride, 1, 0xffff, `stride_${axis}`),
    inRange(dil, 1, 0xffff, `dil_${axis}`),
    inRange(k, 1, 0xffff, `k_${axis}`),
    inRange(pad, 0, 0xffff, `pad_${axis}`),
  );
  if (r) return r;
  const span = (k - 1) * dil + 1;
  // The C kernels compute window coordinates in int32: keep them far from overflow (as the bindings do).
  if ((outSize - 1) * stride + span + pad > 2 ** 29) return `window geometry on ${axis} is too large`;
  if (pad >= span) return `pad_${axis} = ${pad} leaves the first window outside the image`;
  if ((outSize - 1) * stride - pad >= inSize) return `out_${axis} = ${outSize} leaves the last window outside the image`;
  return null;
}

const conv: Check = (p, o) => {
  const [b, ih, iw, ic, oh, ow, oc, kh, kw, sh, sw, dh, dw, ph, pw, inOff, outOff, amin, amax, pc] = Array.from(p);
  return first(
    sizeIs(o, 0, 'input', product(b, ih, iw, ic)),
    sizeIs(o, 1, 'filter', product(oc, kh, kw, ic)),
    sizeIs(o, 5, 'output', product(b, oh, ow, oc)),
    window(ih, oh, kh, sh, dh, ph, 'h'),
    window(iw, ow, kw, sw, dw, pw, 'w'),
    inRange(kh * kw * ic, 1, MAX_CONV_TAPS, 'k_h * k_w * in_c'),
    inRange(inOff, -127, 128, 'input_offset'),
    inRange(outOff, -128, 127, 'output_offset'),
    activation(amin, amax),
    requant(o, 2, oc, pc),
  );
};

const depthwise: Check = (p, o) => {
  const [b, ih, iw, ic, oh, ow, oc, kh, kw, sh, sw, dh, dw, ph, pw, dm, inOff, outOff, amin, amax, pc] = Array.from(p);
  return first(
    sizeIs(o, 0, 'input', product(b, ih, iw, ic)),
    sizeIs(o, 1, 'filter', product(kh, kw, oc)),
    sizeIs(o, 5, 'output', product(b, oh, ow, oc)),
    product(ic, dm) === oc ? null : `out_c = ${oc} is not in_c * depth_multiplier = ${ic} * ${dm}`,
    window(ih, oh, kh, sh, dh, ph, 'h'),
    window(iw, ow, kw, sw, dw, pw, 'w'),
    inRange(kh * kw, 1, MAX_CONV_TAPS, 'k_h * k_w'),
    inRange(inOff, -127, 128, 'input_offset'),
    inRange(outOff, -128, 127, 'output_offset'),
    activation(amin, amax),
    requant(o, 2, oc, pc),
  );
};

const pool: Check = (p, o) => {
  const [b, ih, iw, c, oh, ow, fh, fw, sh, sw, ph, pw, amin, amax] = Array.from(p);
  return first(
    sizeIs(o, 0, 'input', product(b, ih, iw, c)),
    sizeIs(o, 1, 'output', product(b, oh, ow, c)),
    window(ih, oh, fh, sh, 1, ph, 'h'),
    window(iw, ow, fw, sw, 1, pw, 'w'),
    activation(amin, amax),
  );
};

/** Largest element index + 1 an ADD operand is read at, given output dims and its strides. */
function reach(dims: number[], strides: number[]): number {
  let r = 1;
  for (let i = 0; i < 4; i++) r += ((dims[i] as number) - 1) * (strides[i] as number);
  return r;
}

const add: Check = (p, o) => {
  const v = Array.from(p);
  const [inOff1, inOff2, outOff, leftShift, m1, s1, m2, s2, mo, so, amin, amax] = v;
  return first(
    broadcast(v, 12, o),
    inRange(inOff1, -127, 128, 'input1_offset'),
    inRange(inOff2, -127, 128, 'input2_offset'),
    inRange(outOff, -128, 127, 'output_offset'),
    inRange(leftShift, 0, 20, 'left_shift'),
    inRange(m1, 0, I32_MAX, 'input1_multiplier'),
    inRange(m2, 0, I32_MAX, 'input2_multiplier'),
    inRange(mo, 0, I32_MAX, 'output_multiplier'),
    // ADD's real multipliers are all < 1 (the packer refuses others), so its shifts are <= 0.
    inRange(s1, -31, 0, 'input1_shift'),
    inRange(s2, -31, 0, 'input2_shift'),
    inRange(so, -31, 0, 'output_shift'),
    activation(amin, amax),
  );
};

const softmax: Check = (p, o) => {
  const [outer, depth, mult, leftShift, diffMin] = Array.from(p);
  const n = product(outer, depth);
  return first(
    sizeIs(o, 0, 'input', n),
    sizeIs(o, 1, 'output', n),
    inRange(mult, 0, I32_MAX, 'input_multiplier'),
    inRange(leftShift, 0, 31, 'input_left_shift'),
    inRange(diffMin, -I32_MAX, 0, 'diff_min'),
  );
};

const fcS8: Check = (p, o) => {
  const [b, accum, out, outOff, amin, amax, pc] = Array.from(p);
  return first(
    sizeIs(o, 0, 'input', product(b, accum)),
    sizeIs(o, 1, 'weights', product(out, accum)),
    sizeIs(o, 5, 'output', product(b, out)),
    inRange(accum, 1, MAX_FC_ACCUM, 'accum_depth'),
    inRange(outOff, -128, 127, 'output_offset'),
    activation(amin, amax),
    requant(o, 2, out, pc),
  );
};

const fcF32: Check = (p, o) => {
  const [b, accum, out, act] = Array.from(p);
  return first(
    sizeIs(o, 0, 'input', product(b, accum)),
    sizeIs(o, 1, 'weights', product(out, accum)),
    sizeIs(o, 2, 'bias', product(out)),
    sizeIs(o, 3, 'output', product(b, out)),
    inRange(act, 0, 3, 'activation'),
  );
};

/** LUT_S8 / LUT_S8_F32: count elements in and out, a full 256-entry table. */
const lut: Check = (p, o) => {
  const count = p[0] as number;
  return first(
    inRange(count, 1, I32_MAX, 'count'),
    sizeIs(o, 0, 'input', count),
    sizeIs(o, 1, 'table', 256),
    sizeIs(o, 2, 'output', count),
  );
};

const f32Bits = new DataView(new ArrayBuffer(4));

/** QUANTIZE_F32_S8: a positive finite float32 scale and an int8 zero point. */
const quantizeF32: Check = (p, o) => {
  const [count, zp, bits] = Array.from(p) as [number, number, number];
  f32Bits.setInt32(0, bits);
  const scale = f32Bits.getFloat32(0);
  return first(
    inRange(count, 1, I32_MAX, 'count'),
    sizeIs(o, 0, 'input', count),
    sizeIs(o, 1, 'output', count),
    inRange(zp, -128, 127, 'zero_point'),
    scale > 0 && scale < Infinity ? null : `scale_bits = ${bits} is not a positive finite float32`,
  );
};

/** Float ops' activation code (ACT_* in ops.ts). */
const floatAct = (a: number): string | null => inRange(a, 0, 3, 'activation');

const convF32: Check = (p, o) => {
  const [b, ih, iw, ic, oh, ow, oc, kh, kw, sh, sw, dh, dw, ph, pw, act] = Array.from(p);
  return first(
    sizeIs(o, 0, 'input', product(b, ih, iw, ic)),
    sizeIs(o, 1, 'filter', product(oc, kh, kw, ic)),
    sizeIs(o, 2, 'bias', product(oc)),
    sizeIs(o, 3, 'output', product(b, oh, ow, oc)),
    window(ih, oh, kh, sh, dh, ph, 'h'),
    window(iw, ow, kw, sw, dw, pw, 'w'),
    floatAct(act),
  );
};

const depthwiseF32: Check = (p, o) => {
  const [b, ih, iw, ic, oh, ow, oc, kh, kw, sh, sw, dh, dw, ph, pw, dm, act] = Array.from(p);
  return first(
    sizeIs(o, 0, 'input', product(b, ih, iw, ic)),
    sizeIs(o, 1, 'filter', product(kh, kw, oc)),
    sizeIs(o, 2, 'bias', product(oc)),
    sizeIs(o, 3, 'output', product(b, oh, ow, oc)),
    product(ic, dm) === oc ? null : `out_c = ${oc} is not in_c * depth_multiplier = ${ic} * ${dm}`,
    window(ih, oh, kh, sh, dh, ph, 'h'),
    window(iw, ow, kw, sw, dw, pw, 'w'),
    floatAct(act),
  );
};

const poolF32: Check = (p, o) => {
  const [b, ih, iw, c, oh, ow, fh, fw, sh, sw, ph, pw, act] = Array.from(p);
  return first(
    sizeIs(o, 0, 'input', product(b, ih, iw, c)),
    sizeIs(o, 1, 'output', product(b, oh, ow, c)),
    window(ih, oh, fh, sh, 1, ph, 'h'),
    window(iw, ow, fw, sw, 1, pw, 'w'),
    floatAct(act),
  );
};

/** ADD's broadcast block (out dims, two stride sets) starting at params[at], against operands 0, 1, 2. */
function broadcast(v: readonly number[], at: number, o: readonly OperandFacts[]): string | null {
  const dims = v.slice(at, at + 4);
  const st1 = v.slice(at + 4, at + 8);
  const st2 = v.slice(at + 8, at + 12);
  const total = product(...dims);
  if (total < 0) return 'out_d*: dimensions must be >= 1 and their product must fit int32';
  for (const s of [...st1, ...st2]) if (!(s >= 0 && s <= I32_MAX)) return `stride ${s} is outside [0, ${I32_MAX}]`;
  const r1 = reach(dims, st1);
  const r2 = reach(dims, st2);
  return first(
    sizeIs(o, 2, 'output', total),
    r1 <= (o[0] as OperandFacts).elements ? null : `input1 has ${(o[0] as OperandFacts).elements} elements, strides reach ${r1}`,
    r2 <= (o[1] as OperandFacts).elements ? null : `input2 has ${(o[1] as OperandFacts).elements} elements, strides reach ${r2}`,
  );
}

const addF32: Check = (p, o) => {
  const v = Array.from(p);
  return first(floatAct(v[0] as number), broadcast(v, 1, o));
};

const minMax: Check = (p, o) => broadcast(Array.from(p), 0, o);

const elementwiseF32: Check = (p, o) => {
  const count = p[0] as number;
  return first(inRange(count, 1, I32_MAX, 'count'), sizeIs(o, 0, 'input', count), sizeIs(o, 1, 'output', count));
};

const softmaxF32: Check = (p, o) => {
  const [outer, depth, bits] = Array.from(p) as [number, number, number];
  const n = product(outer, depth);
  f32Bits.setInt32(0, bits);
  const beta = f32Bits.getFloat32(0);
  return first(
    sizeIs(o, 0, 'input', n),
    sizeIs(o, 1, 'output', n),
    Number.isFinite(beta) ? null : `beta_bits = ${bits} is not a finite float32`,
  );
};

/** COPY's pad_value range per element size: the bit pattern of one element, as a signed integer. */
const PAD_RANGE: Readonly<Record<number, readonly [number, number]>> = { 1: [-128, 127], 2: [-32768, 32767], 4: [-0x80000000, I32_MAX] };

/**
 * COPY: element sizes agree; every index entry is -1 (padding) or an input offset, and the furthest
 * element any output index reads (the sum of each dim's largest entry, plus the run) and writes (the
 * strides' reach) lie inside the operands. Byte offsets stay below 2^31, so int32 index math holds.
 */
const copy: Check = (p, o) => {
  const v = Array.from(p);
  const [esz, pad, run, outStart] = v as [number, number, number, number];
  const dims = v.slice(4, 10);
  const strides = v.slice(10, 16);
  const [input, index, output] = o as [OperandFacts, OperandFacts, OperandFacts];
  const range = PAD_RANGE[esz];
  if (!range) return `elem_size = ${esz} is not 1, 2 or 4`;
  if (input.elementSize !== esz || output.elementSize !== esz)
    return `elem_size = ${esz}, but the input has ${input.elementSize}-byte and the output ${output.elementSize}-byte elements`;
  const shape = first(
    inRange(pad, range[0], range[1], 'pad_value'),
    product(...dims, run) < 0 ? 'dim0..dim5 and run must be >= 1 and their product must fit int32' : null,
    inRange(outStart, 0, I32_MAX, 'out_start'),
    input.elements * esz <= I32_MAX && output.elements * esz <= I32_MAX ? null : 'operands of 2^31 bytes or more are not supported',
  );
  if (shape) return shape;
  let outReach = outStart + run;
  for (let d = 0; d < 6; d++) {
    const s = strides[d] as number;
    // Bounded by the output even where the dim is 1: the C kernel scales every stride to bytes.
    if (!(s >= 0 && s <= output.elements)) return `out_stride${d} = ${s} is outside [0, ${output.elements}]`;
    outReach += ((dims[d] as number) - 1) * s;
  }
  if (outReach > output.elements) return `output has ${output.elements} elements, the copy writes up to ${outReach}`;
  const entries = dims.reduce((a, b) => a + b, 0);
  if (index.elements !== entries) return `index has ${index.elements} entries, dim0..dim5 need ${entries}`;
  const at = index.values;
  if (!at) return 'index must be a constant int32 tensor';
  let inReach = run;
  for (let d = 0, k = 0; d < 6; d++) {
    let most = 0;
    for (let i = 0; i < (dims[d] as number); i++, k++) {
      const e = at(k);
      if (!(e >= -1 && e <= I32_MAX)) return `index[${k}] = ${e} is outside [-1, ${I32_MAX}]`;
      if (e > most) most = e;
    }
    inReach += most;
  }
  return inReach <= input.elements ? null : `input has ${input.elements} elements, the index reaches ${inReach}`;
};

/** Check per opcode; every opcode in OPS has one (a test holds this). */
export const OP_CHECKS: readonly (Check | undefined)[] = (() => {
  const t: Check[] = [];
  t[OPS.FULLY_CONNECTED_S8.code] = fcS8;
  t[OPS.FULLY_CONNECTED_F32.code] = fcF32;
  t[OPS.CONV_2D_S8.code] = conv;
  t[OPS.DEPTHWISE_CONV_2D_S8.code] = depthwise;
  t[OPS.AVERAGE_POOL_2D_S8.code] = pool;
  t[OPS.MAX_POOL_2D_S8.code] = pool;
  t[OPS.ADD_S8.code] = add;
  t[OPS.SOFTMAX_S8.code] = softmax;
  t[OPS.COPY.code] = copy;
  t[OPS.LUT_S8.code] = lut;
  t[OPS.LUT_S8_F32.code] = lut;
  t[OPS.QUANTIZE_F32_S8.code] = quantizeF32;
  t[OPS.CONV_2D_F32.code] = convF32;
  t[OPS.DEPTHWISE_CONV_2D_F32.code] = depthwiseF32;
  t[OPS.AVERAGE_POOL_2D_F32.code] = poolF32;
  t[OPS.ADD_F32.code] = addF32;
  t[OPS.LOGISTIC_F32.code] = elementwiseF32;
  t[OPS.SOFTMAX_F32.code] = softmaxF32;
  t[OPS.MINIMUM_S8.code] = minMax;
  t[OPS.MAXIMUM_S8.code] = minMax;
  return Object.freeze(t);
})();
