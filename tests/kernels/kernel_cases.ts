/*
 * Seeded random kernel cases (params + operands) for holding the C kernels to the TS reference
 * kernels: varied geometry (padding, stride, dilation, depth multiplier, broadcasting), per-channel
 * and per-tensor requantization, extreme zero points, multipliers and shifts.
 */
import { OPS } from '../../runtime/src/format/ops.js';
import { softmaxParams } from '../../packer/src/quant/multipliers.js';
import { Rng } from '../../fuzz/rng.js';

export interface KernelCase {
  opcode: number;
  params: Int32Array;
  /** Operands in op order; int32 operands as Int32Array; outputs zero-filled. */
  operands: (Int8Array | Int32Array | Float32Array)[];
  label: string;
}

const int8s = (rng: Rng, n: number): Int8Array => Int8Array.from({ length: n }, () => rng.below(256) - 128);
const int32s = (n: number, f: () => number): Int32Array => Int32Array.from({ length: n }, f);
const range = (rng: Rng, lo: number, hi: number): number => lo + rng.below(hi - lo + 1);

/** Q31 multipliers: mostly normalized [2^30, 2^31), some at the ends (near 2^31, tiny, zero). */
const EDGE_MULTIPLIERS = [0, 1, 2, 0xffff, 0x10000, 0x40000000, 0x40000001, 0x7ffeffff, 0x7fff0000, 0x7ffffffe, 0x7fffffff];

function multiplier(rng: Rng): number {
  return rng.chance(0.15) ? rng.pick(EDGE_MULTIPLIERS) : 0x40000000 + rng.below(0x40000000);
}

/** Per-channel (or per-tensor, n = 1) multipliers and shifts in [-31, maxShift]. */
function requant(rng: Rng, n: number, maxShift = 30): { mult: Int32Array; shift: Int32Array } {
  const edgeShifts = [-31, -30, -1, 0, 1, 29, 30].filter((s) => s <= maxShift);
  return {
    mult: int32s(n, () => multiplier(rng)),
    shift: int32s(n, () => (rng.chance(0.15) ? rng.pick(edgeShifts) : range(rng, -12, Math.min(2, maxShift)))),
  };
}

function activation(rng: Rng): [number, number, number] {
  const zp = rng.chance(0.2) ? rng.pick([-128, 127]) : range(rng, -128, 127);
  const lo = rng.chance(0.5) ? -128 : range(rng, -128, 0);
  return [zp, lo, rng.chance(0.5) ? 127 : range(rng, lo, 127)];
}

/**
 * [out, pad]: TFLite SAME or VALID padding, and sometimes geometry no converter makes but the
 * kernels accept: a negative pad (a window starting inside the input) or a pad so large that some
 * windows miss the input entirely.
 */
function pad(rng: Rng, inSize: number, k: number, stride: number, dil: number): [number, number] {
  const span = (k - 1) * dil + 1;
  if (rng.chance(0.1)) return [range(rng, 1, inSize + 2), range(rng, -2, span + 1)];
  if (rng.chance(0.5) || inSize < span) {
    const out = Math.ceil(inSize / stride);
    return [out, Math.max(0, Math.floor(((out - 1) * stride + span - inSize) / 2))];
  }
  return [Math.floor((inSize - span) / stride) + 1, 0];
}

function conv(rng: Rng, depthwise: boolean): KernelCase {
  const b = range(rng, 1, 2),
    ih = range(rng, 1, 9),
    iw = range(rng, 1, 9),
    ic = range(rng, 1, 6);
  const dm = depthwise ? range(rng, 1, 3) : 1;
  const oc = depthwise ? ic * dm : range(rng, 1, 7);
  const kh = range(rng, 1, 4),
    kw = range(rng, 1, 4),
    sh = range(rng, 1, 3),
    sw = range(rng, 1, 3),
    dh = range(rng, 1, 2),
    dw = range(rng, 1, 2);
  const [oh, ph] = pad(rng, ih, kh, sh, dh);
  const [ow, pw] = pad(rng, iw, kw, sw, dw);
  const inOff = rng.chance(0.3) ? rng.pick([-127, 128, 0, 0]) : range(rng, -127, 128); // 0: the offset folded into the bias
  const [outOff, amin, amax] = activation(rng);
  const pc = rng.chance(0.7) ? 1 : 0;
  const q = requant(rng, pc ? oc : 1);
  const geo = [b, ih, iw, ic, oh, ow, oc, kh, kw, sh, sw, dh, dw, ph, pw];
  const params = Int32Array.from(depthwise ? [...geo, dm, inOff, outOff, amin, amax, pc] : [...geo, inOff, outOff, amin, amax, pc]);
  const filter = int8s(rng, depthwise ? kh * kw * oc : oc * kh * kw * ic);
  const bias = int32s(oc, () => range(rng, -100000, 100000));
  return {
    opcode: depthwise ? OPS.DEPTHWISE_CONV_2D_S8.code : OPS.CONV_2D_S8.code,
    params,
    operands: [int8s(rng, b * ih * iw * ic), filter, bias, q.mult, q.shift, new Int8Array(b * oh * ow * oc)],
    label: `${depthwise ? 'dw' : 'conv'} in=[${b},${ih},${iw},${ic}] k=${kh}x${kw} s=${sh},${sw} d=${dh},${dw} pad=${ph},${pw} dm=${dm} pc=${pc}`,
  };
}

function fc(rng: Rng): KernelCase {
  const b = range(rng, 1, 3),
    accum = range(rng, 1, 40),
    out = range(rng, 1, 20);
  const [outOff, amin, amax] = activation(rng);
  const pc = rng.chance(0.5) ? 1 : 0;
  const q = requant(rng, pc ? out : 1);
  return {
    opcode: OPS.FULLY_CONNECTED_S8.code,
    params: Int32Array.from([b, accum, out, outOff, amin, amax, pc]),
    operands: [
      int8s(rng, b * accum),
      int8s(rng, out * accum),
      int32s(out, () => range(rng, -100000, 100000)),
      q.mult,
      q.shift,
      new Int8Array(b * out),
    ],
    label: `fc b=${b} accum=${accum} out=${out} pc=${pc}`,
  };
}

function pool(rng: Rng, average: boolean): KernelCase {
  const b = range(rng, 1, 2),
    ih = range(rng, 1, 9),
    iw = range(rng, 1, 9),
    c = range(rng, 1, 5);
  const fh = range(rng, 1, 4),
    fw = range(rng, 1, 4),
    sh = range(rng, 1, 3),
    sw = range(rng, 1, 3);
  const [oh, ph] = pad(rng, ih, fh, sh, 1);
  const [ow, pw] = pad(rng, iw, fw, sw, 1);
  const [, amin, amax] = activation(rng);
  return {
    opcode: average ? OPS.AVERAGE_POOL_2D_S8.code : OPS.MAX_POOL_2D_S8.code,
    params: Int32Array.from([b, ih, iw, c, oh, ow, fh, fw, sh, sw, ph, pw, amin, amax]),
    operands: [int8s(rng, b * ih * iw * c), new Int8Array(b * oh * ow * c)],
    label: `${average ? 'avg' : 'max'}pool in=[${b},${ih},${iw},${c}] f=${fh}x${fw} s=${sh},${sw} pad=${ph},${pw}`,
  };
}

function add(rng: Rng): KernelCase {
  const out = [range(rng, 1, 3), range(rng, 1, 4), range(rng, 1, 4), range(rng, 1, 6)];
  const strides = (): { s: number[]; n: number } => {
    const dims = out.map((d) => (rng.chance(0.3) ? 1 : d));
    const s = [0, 0, 0, 0];
    let step = 1;
    for (let i = 3; i >= 0; i--) {
      s[i] = dims[i] === 1 ? 0 : step;
      step *= dims[i] as number;
    }
    return { s, n: step };
  };
  const a = strides();
  const c = strides();
  const q = requant(rng, 3, 0); // QuantizeMultiplierSmallerThanOneExp: shifts <= 0
  const [outOff, amin, amax] = activation(rng);
  const params = [
    rng.chance(0.2) ? rng.pick([-127, 128]) : range(rng, -127, 128),
    rng.chance(0.2) ? rng.pick([-127, 128]) : range(rng, -127, 128),
    outOff,
    20,
    q.mult[0]!,
    q.shift[0]!,
    q.mult[1]!,
    q.shift[1]!,
    q.mult[2]!,
    q.shift[2]!,
    amin,
    amax,
    ...out,
    ...a.s,
    ...c.s,
  ];
  return {
    opcode: OPS.ADD_S8.code,
    params: Int32Array.from(params),
    operands: [int8s(rng, a.n), int8s(rng, c.n), new Int8Array(out.reduce((x, y) => x * y, 1))],
    label: `add out=[${out}] s1=[${a.s}] s2=[${c.s}]`,
  };
}

function softmax(rng: Rng): KernelCase {
  const outer = range(rng, 1, 4),
    depth = rng.chance(0.1) ? range(rng, 41, 600) : range(rng, 1, 40);
  // beta x scale from 2^-24 (diff_min far below -255) to 2^6 (left shift 31, diff_min 0).
  const p = softmaxParams(0.5 + rng.below(200) / 100, Math.fround(2 ** (-24 + rng.below(300) / 10)));
  return {
    opcode: OPS.SOFTMAX_S8.code,
    params: Int32Array.from([outer, depth, p.inputMultiplier, p.inputLeftShift, p.diffMin]),
    // Some rows constant: the largest sums of exponentials (depth x 1.0).
    operands: [
      rng.chance(0.15) ? new Int8Array(outer * depth).fill(rng.below(256) - 128) : int8s(rng, outer * depth),
      new Int8Array(outer * depth),
    ],
    label: `softmax ${outer}x${depth} mult=${p.inputMultiplier} ls=${p.inputLeftShift}`,
  };
}

/**
 * COPY with element sizes 1, 2 and 4, random index tables (with padding entries), runs, and output
 * strides that write a region of a bigger output (or overlap: both kernels write in the same order).
 * Operands are byte arrays; the kernels view them at elem_size.
 */
function copy(rng: Rng): KernelCase {
  const size = rng.pick([1, 1, 2, 4]);
  const dims = Array.from({ length: 6 }, () => (rng.chance(0.4) ? 1 : range(rng, 1, 4)));
  const run = rng.chance(0.1) ? range(rng, 100, 700) : range(rng, 1, 5);
  const padP = rng.pick([0, 0, 0.15, 1]);
  const index: number[] = [];
  let inReach = run;
  for (const d of dims) {
    let most = 0;
    for (let i = 0; i < d; i++) {
      const e = rng.chance(padP) ? -1 : range(rng, 0, 12);
      most = Math.max(most, e);
      index.push(e);
    }
    inReach += most;
  }
  // Dense strides over (dims, run), each scaled up now and then: a region of a bigger tensor.
  const strides = [0, 0, 0, 0, 0, 0];
  let step = run;
  for (let d = 5; d >= 0; d--) {
    step += rng.chance(0.3) ? range(rng, 0, 3) : 0;
    // A dim of 1 never uses its stride; the op check bounds it by the output anyway.
    strides[d] = dims[d] === 1 ? 0 : rng.chance(0.1) ? range(rng, 0, 3) : step;
    step *= dims[d] as number;
  }
  const outStart = rng.chance(0.5) ? 0 : range(rng, 0, 9);
  const outReach = outStart + run + dims.reduce((s, d, k) => s + (d - 1) * (strides[k] as number), 0);
  const outElements = outReach + (rng.chance(0.5) ? 0 : range(rng, 0, 5));
  const inElements = inReach + (rng.chance(0.5) ? 0 : range(rng, 0, 5));
  const padValue = size === 1 ? range(rng, -128, 127) : size === 2 ? range(rng, -32768, 32767) : rng.u32() | 0;
  return {
    opcode: OPS.COPY.code,
    params: Int32Array.from([size, padValue, run, outStart, ...dims, ...strides]),
    operands: [int8s(rng, inElements * size), Int32Array.from(index), new Int8Array(outElements * size)],
    label: `copy size=${size} dims=[${dims}] run=${run} strides=[${strides}] start=${outStart} pad=${padValue}`,
  };
}

/**
 * LUT_S8 and LUT_S8_F32: random tables and lengths. Float tables are finite values from random bits
 * (zeros, subnormals and -0 too), as a dequantization table is: a NaN's payload may change in a float copy.
 */
function lut(rng: Rng, float: boolean): KernelCase {
  const count = rng.chance(0.1) ? range(rng, 300, 2000) : range(rng, 1, 40);
  const bits = int32s(256, () => (rng.u32() & 0xfeffffff) | 0); // exponent never all ones: finite
  return {
    opcode: float ? OPS.LUT_S8_F32.code : OPS.LUT_S8.code,
    params: Int32Array.from([count]),
    operands: float
      ? [int8s(rng, count), new Float32Array(bits.buffer), new Float32Array(count)]
      : [int8s(rng, count), int8s(rng, 256), new Int8Array(count)],
    label: `lut${float ? '_f32' : ''} count=${count}`,
  };
}

/** MINIMUM / MAXIMUM with ADD's broadcasting patterns (and raw values at both int8 ends). */
function minMax(rng: Rng, max: boolean): KernelCase {
  const c = add(rng);
  const bcast = c.params.slice(12, 24);
  return {
    opcode: max ? OPS.MAXIMUM_S8.code : OPS.MINIMUM_S8.code,
    params: bcast,
    operands: c.operands,
    label: `${max ? 'maximum' : 'minimum'} ${c.label}`,
  };
}

export const GENERATORS: Readonly<Record<string, (rng: Rng) => KernelCase>> = {
  fully_connected: fc,
  conv_2d: (r) => conv(r, false),
  depthwise_conv_2d: (r) => conv(r, true),
  average_pool_2d: (r) => pool(r, true),
  max_pool_2d: (r) => pool(r, false),
  add,
  softmax,
  copy,
  minimum: (r) => minMax(r, false),
  maximum: (r) => minMax(r, true),
  lut_s8: (r) => lut(r, false),
  lut_s8_f32: (r) => lut(r, true),
};

export function cases(name: string, seed: number, count: number): KernelCase[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => (GENERATORS[name] as (r: Rng) => KernelCase)(rng));
}
