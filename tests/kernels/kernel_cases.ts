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
  operands: (Int8Array | Int32Array)[];
  label: string;
}

const int8s = (rng: Rng, n: number): Int8Array => Int8Array.from({ length: n }, () => rng.below(256) - 128);
const int32s = (n: number, f: () => number): Int32Array => Int32Array.from({ length: n }, f);
const range = (rng: Rng, lo: number, hi: number): number => lo + rng.below(hi - lo + 1);

function requant(rng: Rng, n: number): { mult: Int32Array; shift: Int32Array } {
  return {
    mult: int32s(n, () => (rng.chance(0.1) ? rng.pick([0, 1, 0x7fffffff, 0x40000000]) : 0x40000000 + rng.below(0x3fffffff))),
    shift: int32s(n, () => (rng.chance(0.1) ? rng.pick([-31, 30, 0, 1]) : range(rng, -12, 2))),
  };
}

function activation(rng: Rng): [number, number, number] {
  const zp = rng.chance(0.2) ? rng.pick([-128, 127]) : range(rng, -128, 127);
  const lo = rng.chance(0.5) ? -128 : range(rng, -128, 0);
  return [zp, lo, rng.chance(0.5) ? 127 : range(rng, lo, 127)];
}

/** TFLite padding: [out, pad] for SAME or VALID. */
function pad(rng: Rng, inSize: number, k: number, stride: number, dil: number): [number, number] {
  const span = (k - 1) * dil + 1;
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
  const inOff = rng.chance(0.2) ? rng.pick([-127, 128, 0]) : range(rng, -127, 128);
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
  const q = requant(rng, 3);
  const [outOff, amin, amax] = activation(rng);
  const params = [
    range(rng, -127, 128),
    range(rng, -127, 128),
    outOff,
    20,
    q.mult[0]!,
    Math.min(q.shift[0]!, 0),
    q.mult[1]!,
    Math.min(q.shift[1]!, 0),
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
    depth = range(rng, 1, 40);
  const p = softmaxParams(0.5 + rng.below(200) / 100, 0.01 + rng.below(200) / 1000);
  return {
    opcode: OPS.SOFTMAX_S8.code,
    params: Int32Array.from([outer, depth, p.inputMultiplier, p.inputLeftShift, p.diffMin]),
    operands: [int8s(rng, outer * depth), new Int8Array(outer * depth)],
    label: `softmax ${outer}x${depth} mult=${p.inputMultiplier} ls=${p.inputLeftShift}`,
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
};

export function cases(name: string, seed: number, count: number): KernelCase[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => (GENERATORS[name] as (r: Rng) => KernelCase)(rng));
}
