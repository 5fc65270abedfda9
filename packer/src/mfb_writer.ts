/*
 * Writes an IrGraph and its arena plan as an .mfb file (layout in runtime/src/format/constants.ts,
 * spec in docs/format.md). Deterministic: the same graph and options give the same bytes.
 */
import {
  CONST_ALIGN,
  DTYPE_SIZES,
  H,
  HEADER_SIZE,
  IO,
  IO_RECORD_SIZE,
  LOC_ARENA,
  LOC_CONST,
  MAGIC,
  MAX_RANK,
  O,
  OP_RECORD_SIZE,
  PAGE_TABLE_OFFSET,
  SELFTEST_ENTRY_SIZE,
  SELFTEST_RECORD_SIZE,
  ST,
  STE,
  T,
  TENSOR_RECORD_SIZE,
  VERSION_MAJOR,
  VERSION_MINOR,
  dtypeCode,
} from '../../runtime/src/format/constants.js';
import { crc32, headerCrc } from '../../runtime/src/crc32.js';
import { sha256 } from '../../runtime/src/sha256.js';
import { encodeUtf8 } from '../../runtime/src/utf8.js';
import { PackError } from './errors.js';
import { elementCount, resolveAlias, type IrGraph, type IrTensor } from './ir.js';
import type { ArenaPlan } from './planner.js';

export interface WriteOptions {
  readonly pageSize: number;
  readonly modelVersion?: number;
  readonly target?: number;
  /** Self-test vector: one byte array per model input and per output (see docs/format.md). */
  readonly selfTest?: SelfTestVector;
}

export interface SelfTestVector {
  readonly inputs: readonly Uint8Array[];
  readonly outputs: readonly Uint8Array[];
}

/** Where each part of the file went, for inspect. */
export interface MfbLayout {
  readonly fileSize: number;
  readonly headerBytes: number;
  readonly pageTableBytes: number;
  readonly tablesBytes: number;
  readonly constBytes: number;
  readonly pageCount: number;
  /** IR tensor id -> index in the file's tensor table. */
  readonly tensorIndex: ReadonlyMap<number, number>;
  /** Constant bytes saved by storing identical blocks once. */
  readonly dedupedBytes: number;
}

const align = (n: number, a: number): number => Math.ceil(n / a) * a;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Lays constants out (16-aligned, identical blocks once); returns region-relative offsets per root id. */
function layoutConstants(
  tensors: readonly IrTensor[],
  roots: readonly number[],
): { at: Map<number, number>; blocks: { offset: number; data: Uint8Array }[]; size: number; deduped: number } {
  const at = new Map<number, number>();
  const blocks: { offset: number; data: Uint8Array }[] = [];
  const byLength = new Map<number, { offset: number; data: Uint8Array }[]>();
  let size = 0;
  let deduped = 0;
  for (const id of roots) {
    const data = (tensors[id] as IrTensor).data as Uint8Array;
    const same = byLength.get(data.length)?.find((b) => sameBytes(b.data, data));
    if (same) {
      at.set(id, same.offset);
      deduped += data.length;
      continue;
    }
    const offset = align(size, CONST_ALIGN);
    const block = { offset, data };
    blocks.push(block);
    byLength.set(data.length, [...(byLength.get(data.length) ?? []), block]);
    at.set(id, offset);
    size = offset + data.length;
  }
  return { at, blocks, size, deduped };
}

/** Checks a self-test vector against the graph's I/O tensors; returns its record's size and data blocks. */
function selfTestLayout(g: IrGraph, v: SelfTestVector): { size: number; dataStart: number; blocks: readonly Uint8Array[] } {
  const ids = [...g.inputs, ...g.outputs];
  const blocks = [...v.inputs, ...v.outputs];
  if (v.inputs.length !== g.inputs.length || v.outputs.length !== g.outputs.length)
    throw new PackError(
      'BAD_OPTION',
      `self-test has ${v.inputs.length} inputs and ${v.outputs.length} outputs, the model ${g.inputs.length} and ${g.outputs.length}`,
    );
  blocks.forEach((data, i) => {
    const t = g.tensors[ids[i] as number] as IrTensor;
    const want = elementCount(t.shape) * (DTYPE_SIZES[dtypeCode(t.dtype)] as number);
    if (data.length !== want)
      throw new PackError('BAD_OPTION', `self-test data for "${t.name}" has ${data.length} bytes, the tensor takes ${want}`);
  });
  const dataStart = SELFTEST_RECORD_SIZE + blocks.length * SELFTEST_ENTRY_SIZE;
  return { size: dataStart + blocks.reduce((s, b) => s + b.length, 0), dataStart, blocks };
}

export function writeMfb(g: IrGraph, plan: ArenaPlan, options: WriteOptions): { bytes: Uint8Array; layout: MfbLayout } {
  const { pageSize } = options;
  // 1. Which tensors the file holds, in first-reference order: inputs, op operands, outputs.
  const order: number[] = [];
  const index = new Map<number, number>();
  const refer = (id: number): void => {
    if (!index.has(id)) {
      index.set(id, order.length);
      order.push(id);
    }
  };
  g.inputs.forEach(refer);
  g.ops.forEach((op) => op.operands.forEach(refer));
  g.outputs.forEach(refer);
  if (order.length > 0xffff || g.ops.length > 0xffff)
    throw new PackError('TOO_LARGE', `${order.length} tensors and ${g.ops.length} ops exceed the format's 65535`);

  const rootOf = (id: number): number => resolveAlias(g.tensors, id);
  const constRoots = [...new Set(order.map(rootOf))].filter((r) => (g.tensors[r] as IrTensor).data !== null);
  const consts = layoutConstants(g.tensors, constRoots);
  const arenaAt = new Map(plan.buffers.map((b) => [b.id, b.offset]));

  // 2. Table sizes; variable parts follow the fixed records.
  const ioIds = [...g.inputs, ...g.outputs];
  const names = ioIds.map((id) => encodeUtf8((g.tensors[id] as IrTensor).name).subarray(0, 0xffff));
  const fixed = order.length * TENSOR_RECORD_SIZE + g.ops.length * OP_RECORD_SIZE + ioIds.length * IO_RECORD_SIZE;
  const operandsSize = g.ops.reduce((s, op) => s + 2 * op.operands.length, 0);
  const paramsStart = align(fixed + operandsSize, 4);
  const namesStart = paramsStart + g.ops.reduce((s, op) => s + 4 * op.params.length, 0);
  const namesEnd = namesStart + names.reduce((s, n) => s + n.length, 0);
  const selfTest = options.selfTest ? selfTestLayout(g, options.selfTest) : null;
  const selfTestStart = align(namesEnd, 4);
  const tablesSize = selfTest ? selfTestStart + selfTest.size : namesEnd;
  const payloadLen = align(tablesSize, CONST_ALIGN) + consts.size;
  const pageCount = Math.ceil(payloadLen / pageSize);
  const payloadOffset = align(PAGE_TABLE_OFFSET + 4 * pageCount, CONST_ALIGN);
  const constOffset = payloadOffset + align(tablesSize, CONST_ALIGN);
  const fileSize = payloadOffset + payloadLen;
  if (fileSize > 0xffffffff) throw new PackError('TOO_LARGE', `the packed file would be ${fileSize} bytes`);

  const bytes = new Uint8Array(fileSize);
  const dv = new DataView(bytes.buffer);

  // 3. Tensor records.
  order.forEach((id, i) => {
    const t = g.tensors[id] as IrTensor;
    const root = rootOf(id);
    const isConst = (g.tensors[root] as IrTensor).data !== null;
    const at = payloadOffset + i * TENSOR_RECORD_SIZE;
    const code = dtypeCode(t.dtype);
    if (t.shape.length > MAX_RANK) throw new PackError('TOO_LARGE', `tensor "${t.name}" has rank ${t.shape.length}`);
    bytes[at + T.DTYPE] = code;
    bytes[at + T.RANK] = t.shape.length;
    bytes[at + T.LOCATION] = isConst ? LOC_CONST : LOC_ARENA;
    const offset = isConst ? constOffset + (consts.at.get(root) as number) : arenaAt.get(root);
    if (offset === undefined) throw new Error(`internal: tensor "${t.name}" has no arena offset`);
    dv.setUint32(at + T.OFFSET, offset, true);
    dv.setUint32(at + T.BYTE_SIZE, elementCount(t.shape) * (DTYPE_SIZES[code] as number), true);
    t.shape.forEach((d, k) => dv.setUint16(at + T.DIMS + 2 * k, d, true));
    dv.setFloat32(at + T.SCALE, t.scale, true);
    dv.setInt32(at + T.ZERO_POINT, t.zeroPoint, true);
  });

  // 4. Op records with their operand lists and params.
  let operandAt = payloadOffset + fixed;
  let paramAt = payloadOffset + paramsStart;
  g.ops.forEach((op, i) => {
    const at = payloadOffset + order.length * TENSOR_RECORD_SIZE + i * OP_RECORD_SIZE;
    const nIn = op.spec.operands.filter((o) => o.role === 'input').length;
    bytes[at + O.OPCODE] = op.spec.code;
    bytes[at + O.INPUT_COUNT] = nIn;
    bytes[at + O.OUTPUT_COUNT] = op.operands.length - nIn;
    bytes[at + O.PARAM_COUNT] = op.params.length;
    dv.setUint32(at + O.OPERANDS_OFFSET, operandAt, true);
    dv.setUint32(at + O.PARAMS_OFFSET, paramAt, true);
    dv.setUint16(at + O.SOURCE_INDEX, Math.min(op.sourceIndex, 0xffff), true);
    for (const id of op.operands) {
      dv.setUint16(operandAt, index.get(id) as number, true);
      operandAt += 2;
    }
    for (const p of op.params) {
      dv.setInt32(paramAt, p, true);
      paramAt += 4;
    }
  });

  // 5. I/O records and names.
  let nameAt = payloadOffset + namesStart;
  ioIds.forEach((id, i) => {
    const at = payloadOffset + order.length * TENSOR_RECORD_SIZE + g.ops.length * OP_RECORD_SIZE + i * IO_RECORD_SIZE;
    const name = names[i] as Uint8Array;
    dv.setUint16(at + IO.TENSOR, index.get(id) as number, true);
    dv.setUint16(at + IO.NAME_LENGTH, name.length, true);
    dv.setUint32(at + IO.NAME_OFFSET, nameAt, true);
    bytes.set(name, nameAt);
    nameAt += name.length;
  });

  // 5b. Self-test record, last in the tables.
  if (selfTest) {
    const at = payloadOffset + selfTestStart;
    dv.setUint16(at + ST.INPUT_COUNT, g.inputs.length, true);
    dv.setUint16(at + ST.OUTPUT_COUNT, g.outputs.length, true);
    let dataAt = at + selfTest.dataStart;
    selfTest.blocks.forEach((data, i) => {
      const entry = at + SELFTEST_RECORD_SIZE + i * SELFTEST_ENTRY_SIZE;
      dv.setUint32(entry + STE.DATA_OFFSET, dataAt, true);
      dv.setUint32(entry + STE.DATA_SIZE, data.length, true);
      bytes.set(data, dataAt);
      dataAt += data.length;
    });
    dv.setUint32(H.SELFTEST_OFFSET, at, true);
    dv.setUint32(H.SELFTEST_SIZE, selfTest.size, true);
  }

  // 6. Constants.
  for (const b of consts.blocks) bytes.set(b.data, constOffset + b.offset);

  // 7. Header, page table, digest, header CRC.
  dv.setUint32(H.MAGIC, MAGIC, true);
  dv.setUint16(H.VERSION_MAJOR, VERSION_MAJOR, true);
  // The lowest minor version whose runtimes know every opcode used, so older devices still read the file.
  const minor = g.ops.reduce((m, op) => Math.max(m, op.spec.since ?? 0), 0);
  if (minor > VERSION_MINOR) throw new Error(`${minor} > VERSION_MINOR: an op's "since" is newer than the format`);
  dv.setUint16(H.VERSION_MINOR, minor, true);
  dv.setUint32(H.HEADER_SIZE, HEADER_SIZE, true);
  dv.setUint32(H.FILE_SIZE, fileSize, true);
  dv.setUint32(H.PAYLOAD_OFFSET, payloadOffset, true);
  dv.setUint32(H.PAYLOAD_END, fileSize, true);
  dv.setUint32(H.PAGE_SIZE, pageSize, true);
  dv.setUint32(H.PAGE_COUNT, pageCount, true);
  dv.setUint32(H.TABLES_OFFSET, payloadOffset, true);
  dv.setUint32(H.TABLES_SIZE, tablesSize, true);
  dv.setUint32(H.CONST_OFFSET, constOffset, true);
  dv.setUint32(H.CONST_SIZE, consts.size, true);
  dv.setUint32(H.ARENA_SIZE, plan.arenaSize, true);
  dv.setUint16(H.TENSOR_COUNT, order.length, true);
  dv.setUint16(H.OP_COUNT, g.ops.length, true);
  dv.setUint16(H.INPUT_COUNT, g.inputs.length, true);
  dv.setUint16(H.OUTPUT_COUNT, g.outputs.length, true);
  dv.setUint32(H.MODEL_VERSION, options.modelVersion ?? 0, true);
  dv.setUint32(H.TARGET, options.target ?? 0, true);
  for (let p = 0; p < pageCount; p++) {
    const start = payloadOffset + p * pageSize;
    dv.setUint32(PAGE_TABLE_OFFSET + 4 * p, crc32(bytes, start, Math.min(start + pageSize, fileSize)), true);
  }
  bytes.set(sha256(bytes.subarray(payloadOffset, fileSize)), H.DIGEST);
  dv.setUint32(H.HEADER_CRC, headerCrc(bytes, payloadOffset), true);

  return {
    bytes,
    layout: {
      fileSize,
      headerBytes: HEADER_SIZE,
      pageTableBytes: payloadOffset - HEADER_SIZE,
      tablesBytes: tablesSize,
      constBytes: consts.size,
      pageCount,
      tensorIndex: index,
      dedupedBytes: consts.deduped,
    },
  };
}
