/*
 * Structure-aware mutations of an .mfb: the mutator knows where the header fields, tensor records,
 * op records and params live, so it can aim at them, and it usually re-seals the file (page CRCs,
 * digest, header CRC) so the mutation reaches the structural checks instead of stopping at a CRC.
 */
import { H, O, OP_RECORD_SIZE, PAGE_TABLE_OFFSET, T, TENSOR_RECORD_SIZE } from '../runtime/src/format/constants.js';
import { crc32, headerCrc } from '../runtime/src/crc32.js';
import { sha256 } from '../runtime/src/sha256.js';
import { INTERESTING_I32, INTERESTING_U32, type Rng } from './rng.js';

/** Recomputes page CRCs, digest and header CRC from the header's own geometry, when it is sane. */
export function reseal(b: Uint8Array): Uint8Array {
  if (b.length < 128) return b;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const po = dv.getUint32(H.PAYLOAD_OFFSET, true);
  const end = dv.getUint32(H.PAYLOAD_END, true);
  const ps = dv.getUint32(H.PAGE_SIZE, true);
  const pc = dv.getUint32(H.PAGE_COUNT, true);
  if (end > b.length || po > end || ps < 64 || pc > 1 << 16 || PAGE_TABLE_OFFSET + 4 * pc > b.length) return b;
  for (let p = 0; p < pc; p++) {
    const start = po + p * ps;
    if (start > end) break;
    dv.setUint32(PAGE_TABLE_OFFSET + 4 * p, crc32(b, start, Math.min(start + ps, end)), true);
  }
  b.set(sha256(b.subarray(po, end)), H.DIGEST);
  dv.setUint32(H.HEADER_CRC, headerCrc(b, po), true);
  return b;
}

interface Geometry {
  tables: number;
  tensors: number;
  ops: number;
}

function geometry(b: Uint8Array): Geometry {
  if (b.length < 128) return { tables: 0, tensors: 0, ops: 0 };
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return { tables: dv.getUint32(H.TABLES_OFFSET, true), tensors: dv.getUint16(H.TENSOR_COUNT, true), ops: dv.getUint16(H.OP_COUNT, true) };
}

type Mutation = (b: Uint8Array, rng: Rng) => Uint8Array;

const inBounds = (b: Uint8Array, at: number, n: number): boolean => at >= 0 && at + n <= b.length;

const flipByte: Mutation = (b, rng) => {
  b[rng.below(b.length)] ^= 1 << rng.below(8) || 0xff;
  return b;
};

const headerField: Mutation = (b, rng) => {
  if (b.length < 128) return b;
  const fields = Object.values(H).filter((f) => f !== H.DIGEST && f !== H.RESERVED && f !== H.HEADER_CRC);
  const at = rng.pick(fields);
  const dv = new DataView(b.buffer, b.byteOffset);
  if (at >= 56 && at <= 62) dv.setUint16(at, rng.pick(INTERESTING_U32) & 0xffff, true);
  else dv.setUint32(at, rng.pick(INTERESTING_U32), true);
  return b;
};

const tensorField: Mutation = (b, rng) => {
  const g = geometry(b);
  if (g.tensors === 0) return b;
  const base = g.tables + rng.below(g.tensors) * TENSOR_RECORD_SIZE;
  const dv = new DataView(b.buffer, b.byteOffset);
  const which = rng.below(6);
  if (!inBounds(b, base, TENSOR_RECORD_SIZE)) return b;
  if (which === 0) b[base + T.DTYPE] = rng.below(8);
  else if (which === 1) b[base + T.RANK] = rng.below(8);
  else if (which === 2) dv.setUint16(base + T.DIMS + 2 * rng.below(6), rng.pick([0, 1, 2, 3, 255, 65535]), true);
  else if (which === 3) dv.setUint32(base + T.OFFSET, rng.pick(INTERESTING_U32), true);
  else if (which === 4) dv.setFloat32(base + T.SCALE, rng.pick([NaN, 0, -1, Infinity, 1e-30, 1e30]), true);
  else dv.setInt32(base + T.ZERO_POINT, rng.pick(INTERESTING_I32), true);
  return b;
};

const opField: Mutation = (b, rng) => {
  const g = geometry(b);
  if (g.ops === 0) return b;
  const base = g.tables + g.tensors * TENSOR_RECORD_SIZE + rng.below(g.ops) * OP_RECORD_SIZE;
  if (!inBounds(b, base, OP_RECORD_SIZE)) return b;
  const dv = new DataView(b.buffer, b.byteOffset);
  const which = rng.below(4);
  if (which === 0) b[base + O.OPCODE] = rng.below(16);
  else if (which === 1) {
    const operands = dv.getUint32(base + O.OPERANDS_OFFSET, true);
    if (inBounds(b, operands, 2)) dv.setUint16(operands, rng.pick([0, 1, g.tensors - 1, g.tensors, 65535]), true);
  } else if (which === 2) dv.setUint32(base + O.PARAMS_OFFSET, rng.pick(INTERESTING_U32), true);
  else {
    // Swap two operands: inputs and outputs trade places, a tensor feeds itself, ...
    const operands = dv.getUint32(base + O.OPERANDS_OFFSET, true);
    const n = b[base + O.INPUT_COUNT]! + b[base + O.OUTPUT_COUNT]!;
    const i = rng.below(n);
    const j = rng.below(n);
    if (inBounds(b, operands + 2 * Math.max(i, j), 2)) {
      const t = dv.getUint16(operands + 2 * i, true);
      dv.setUint16(operands + 2 * i, dv.getUint16(operands + 2 * j, true), true);
      dv.setUint16(operands + 2 * j, t, true);
    }
  }
  return b;
};

const param: Mutation = (b, rng) => {
  const g = geometry(b);
  if (g.ops === 0) return b;
  const base = g.tables + g.tensors * TENSOR_RECORD_SIZE + rng.below(g.ops) * OP_RECORD_SIZE;
  if (!inBounds(b, base, OP_RECORD_SIZE)) return b;
  const dv = new DataView(b.buffer, b.byteOffset);
  const params = dv.getUint32(base + O.PARAMS_OFFSET, true);
  const count = b[base + O.PARAM_COUNT]!;
  const at = params + 4 * rng.below(Math.max(count, 1));
  if (inBounds(b, at, 4))
    dv.setInt32(at, rng.chance(0.5) ? rng.pick(INTERESTING_I32) : dv.getInt32(at, true) + rng.pick([-1, 1, 2, -2]), true);
  return b;
};

const swapRecords: Mutation = (b, rng) => {
  const g = geometry(b);
  const [base, size, count] = rng.chance(0.5)
    ? [g.tables, TENSOR_RECORD_SIZE, g.tensors]
    : [g.tables + g.tensors * TENSOR_RECORD_SIZE, OP_RECORD_SIZE, g.ops];
  if (count < 2) return b;
  const i = base + rng.below(count) * size;
  const j = base + rng.below(count) * size;
  if (!inBounds(b, Math.max(i, j), size)) return b;
  const tmp = b.slice(i, i + size);
  b.copyWithin(i, j, j + size);
  b.set(tmp, j);
  return b;
};

const truncate: Mutation = (b, rng) => b.slice(0, rng.below(b.length));

const grow: Mutation = (b, rng) => {
  const out = new Uint8Array(b.length + 1 + rng.below(256));
  out.set(b);
  for (let i = b.length; i < out.length; i++) out[i] = rng.below(256);
  return out;
};

const randomBytes: Mutation = (b, rng) => {
  const out = new Uint8Array(rng.below(b.length + 64));
  for (let i = 0; i < out.length; i++) out[i] = rng.below(256);
  return out;
};

const MUTATIONS: readonly [Mutation, number][] = [
  [flipByte, 3],
  [headerField, 2],
  [tensorField, 4],
  [opField, 4],
  [param, 6],
  [swapRecords, 1],
  [truncate, 1],
  [grow, 1],
  [randomBytes, 1],
];
const TOTAL = MUTATIONS.reduce((s, [, w]) => s + w, 0);

/** One to three mutations of a copy of `seed`, then (usually) a re-seal. */
export function mutateMfb(seed: Uint8Array, rng: Rng): Uint8Array {
  let b: Uint8Array = seed.slice();
  const n = 1 + rng.below(3);
  for (let k = 0; k < n; k++) {
    let r = rng.below(TOTAL);
    for (const [m, w] of MUTATIONS) {
      if (r < w) {
        b = m(b, rng);
        break;
      }
      r -= w;
    }
  }
  return rng.chance(0.85) ? reseal(b) : b;
}
