/*
 * openModel: the trust boundary. Everything a file says is checked here, once — header fields,
 * CRCs and digest, every table entry, every index and offset, every op's params against its
 * operands — so that interpreters built on a Model never check anything while they run.
 */
import {
  ARENA_ALIGN,
  CONST_ALIGN,
  DIGEST_SIZE,
  DTYPE_NAMES,
  FLAG_SIGNED,
  elementSize,
  DTYPE_SIZES,
  H,
  HEADER_SIZE,
  IO,
  IO_RECORD_SIZE,
  KNOWN_FLAGS,
  LOC_ARENA,
  LOC_CONST,
  MAGIC,
  MAX_PAGE_SIZE,
  MAX_RANK,
  MIN_PAGE_SIZE,
  O,
  OP_RECORD_SIZE,
  PAGE_TABLE_OFFSET,
  T,
  TENSOR_RECORD_SIZE,
  VERSION_MAJOR,
  VERSION_MINOR,
  type DtypeName,
} from './format/constants.js';
import { OP_BY_CODE, type OpSpec } from './format/ops.js';
import { OP_CHECKS, type OperandFacts } from './format/op_checks.js';
import { crc32, headerCrc } from './crc32.js';
import { MfbError, MflowRuntimeError } from './errors.js';
import { sha256 } from './sha256.js';
import { decodeUtf8 } from './utf8.js';

export interface TensorInfo {
  readonly index: number;
  readonly dtype: DtypeName;
  readonly shape: readonly number[];
  readonly location: 'arena' | 'const';
  /** Arena offset, or absolute file offset for constants. */
  readonly offset: number;
  readonly byteSize: number;
  readonly scale: number;
  readonly zeroPoint: number;
}

export interface OpInfo {
  readonly index: number;
  readonly spec: OpSpec;
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
  /** A view into the file: the op's int32 params block. */
  readonly params: Int32Array;
  /** Index of the TFLite operator this op was lowered from. */
  readonly sourceIndex: number;
}

export interface IoInfo extends TensorInfo {
  readonly name: string;
}

export interface Model {
  /** The whole file, 16-byte aligned. Constant tensors are views into it. */
  readonly bytes: Uint8Array;
  readonly versionMajor: number;
  readonly versionMinor: number;
  readonly pageSize: number;
  readonly pageCount: number;
  readonly arenaSize: number;
  readonly modelVersion: number;
  readonly target: number;
  readonly signed: boolean;
  readonly fileSize: number;
  readonly payloadOffset: number;
  readonly payloadEnd: number;
  readonly constOffset: number;
  readonly constSize: number;
  readonly tensors: readonly TensorInfo[];
  readonly ops: readonly OpInfo[];
  readonly inputs: readonly IoInfo[];
  readonly outputs: readonly IoInfo[];
}

export interface OpenOptions {
  /** Check every page CRC and the payload SHA-256 (default true). Turn off only for a file already verified. */
  readonly verify?: boolean;
  /** SHA-256 implementation (a native one on device); defaults to the bundled TS one. */
  readonly sha256?: (bytes: Uint8Array) => Uint8Array;
  /** CRC-32 of bytes[start, end) continuing from crc (a native one on device); defaults to the TS one. */
  readonly crc32?: (bytes: Uint8Array, start: number, end: number, crc: number) => number;
  /**
   * Paged opening (constants stay in storage, see runtime/src/store/paged_model.ts): `input` then needs
   * only the file's first CONST_OFFSET bytes (header, page table, tables), and the checks that need
   * constant values (int32 operands) read them through this function. Requires verify: false: the
   * caller checks the pages as it streams them. The returned model's `bytes` is then that prefix.
   */
  readonly constants?: (offset: number, length: number) => Uint8Array;
}

const isPow2 = (n: number): boolean => n > 0 && (n & (n - 1)) === 0;
const align = (n: number, a: number): number => Math.ceil(n / a) * a;

function fail(code: ConstructorParameters<typeof MfbError>[0], offset: number, message: string): never {
  throw new MfbError(code, offset, message);
}

/** Returns the bytes as a 16-byte-aligned view (copying only when the caller's view is misaligned). */
function alignedView(input: ArrayBuffer | Uint8Array): Uint8Array {
  const view = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (view.byteOffset % CONST_ALIGN === 0) return view;
  const copy = new Uint8Array(view.length);
  copy.set(view);
  return copy;
}

interface Header {
  readonly flags: number;
  readonly fileSize: number;
  readonly payloadOffset: number;
  readonly payloadEnd: number;
  readonly pageSize: number;
  readonly pageCount: number;
  readonly tablesOffset: number;
  readonly tablesSize: number;
  readonly constOffset: number;
  readonly constSize: number;
  readonly arenaSize: number;
  readonly tensorCount: number;
  readonly opCount: number;
  readonly inputCount: number;
  readonly outputCount: number;
}

function readHeader(b: Uint8Array, dv: DataView, paged: boolean): Header {
  if (b.length < HEADER_SIZE) fail('MFB_TRUNCATED', b.length, `file has ${b.length} bytes, the header alone needs ${HEADER_SIZE}`);
  if (dv.getUint32(H.MAGIC, true) !== MAGIC) fail('MFB_BAD_MAGIC', H.MAGIC, 'not an mflow model (magic is not "MFLW")');
  const major = dv.getUint16(H.VERSION_MAJOR, true);
  if (major !== VERSION_MAJOR) {
    const minor = dv.getUint16(H.VERSION_MINOR, true);
    fail(
      'MFB_VERSION',
      H.VERSION_MAJOR,
      `format version ${major}.${minor} is not readable by this runtime (reads ${VERSION_MAJOR}.x, up to ${VERSION_MAJOR}.${VERSION_MINOR})`,
    );
  }
  const u32 = (at: number): number => dv.getUint32(at, true);
  const u16 = (at: number): number => dv.getUint16(at, true);
  const h: Header = {
    flags: u32(H.FLAGS),
    fileSize: u32(H.FILE_SIZE),
    payloadOffset: u32(H.PAYLOAD_OFFSET),
    payloadEnd: u32(H.PAYLOAD_END),
    pageSize: u32(H.PAGE_SIZE),
    pageCount: u32(H.PAGE_COUNT),
    tablesOffset: u32(H.TABLES_OFFSET),
    tablesSize: u32(H.TABLES_SIZE),
    constOffset: u32(H.CONST_OFFSET),
    constSize: u32(H.CONST_SIZE),
    arenaSize: u32(H.ARENA_SIZE),
    tensorCount: u16(H.TENSOR_COUNT),
    opCount: u16(H.OP_COUNT),
    inputCount: u16(H.INPUT_COUNT),
    outputCount: u16(H.OUTPUT_COUNT),
  };
  const bad = (at: number, msg: string): never => fail('MFB_BAD_HEADER', at, msg);
  if (u32(H.HEADER_SIZE) !== HEADER_SIZE) bad(H.HEADER_SIZE, `header_size is ${u32(H.HEADER_SIZE)}, expected ${HEADER_SIZE}`);
  if ((h.flags & ~KNOWN_FLAGS) !== 0) bad(H.FLAGS, `unknown flags 0x${h.flags.toString(16)}`);
  if (h.fileSize > b.length && !paged) fail('MFB_TRUNCATED', b.length, `file_size is ${h.fileSize} but only ${b.length} bytes are present`);
  if (!isPow2(h.pageSize) || h.pageSize < MIN_PAGE_SIZE || h.pageSize > MAX_PAGE_SIZE)
    bad(H.PAGE_SIZE, `page_size ${h.pageSize} is not a power of two in [${MIN_PAGE_SIZE}, ${MAX_PAGE_SIZE}]`);
  if (h.payloadOffset !== align(PAGE_TABLE_OFFSET + 4 * h.pageCount, CONST_ALIGN))
    bad(H.PAYLOAD_OFFSET, `payload_offset ${h.payloadOffset} does not follow a page table of ${h.pageCount} pages`);
  if (h.payloadEnd < h.payloadOffset || h.payloadEnd > h.fileSize)
    bad(H.PAYLOAD_END, `payload_end ${h.payloadEnd} is outside [payload_offset ${h.payloadOffset}, file_size ${h.fileSize}]`);
  if (h.pageCount !== Math.ceil((h.payloadEnd - h.payloadOffset) / h.pageSize))
    bad(
      H.PAGE_COUNT,
      `page_count ${h.pageCount} does not cover a payload of ${h.payloadEnd - h.payloadOffset} bytes in pages of ${h.pageSize}`,
    );
  if (h.tablesOffset !== h.payloadOffset) bad(H.TABLES_OFFSET, `tables_offset ${h.tablesOffset} is not payload_offset ${h.payloadOffset}`);
  if (h.constOffset % CONST_ALIGN !== 0 || h.constOffset < h.tablesOffset + h.tablesSize)
    bad(H.CONST_OFFSET, `const_offset ${h.constOffset} is misaligned or overlaps the tables`);
  if (h.constOffset + h.constSize !== h.payloadEnd)
    bad(H.CONST_SIZE, `const region [${h.constOffset}, +${h.constSize}) does not end at payload_end ${h.payloadEnd}`);
  if (paged && b.length < h.constOffset)
    fail('MFB_TRUNCATED', b.length, `the tables end at ${h.constOffset} but only ${b.length} bytes are present`);
  if (h.arenaSize % ARENA_ALIGN !== 0) bad(H.ARENA_SIZE, `arena_size ${h.arenaSize} is not a multiple of ${ARENA_ALIGN}`);
  const need = h.tensorCount * TENSOR_RECORD_SIZE + h.opCount * OP_RECORD_SIZE + (h.inputCount + h.outputCount) * IO_RECORD_SIZE;
  if (need > h.tablesSize)
    bad(
      H.TABLES_SIZE,
      `tables_size ${h.tablesSize} cannot hold ${h.tensorCount} tensors, ${h.opCount} ops and ${h.inputCount + h.outputCount} I/O records`,
    );
  for (let i = H.RESERVED; i < H.HEADER_CRC; i++) if (b[i] !== 0) bad(i, 'reserved header bytes must be zero');
  const stOff = u32(H.SELFTEST_OFFSET);
  const stSize = u32(H.SELFTEST_SIZE);
  if ((stOff === 0) !== (stSize === 0) || (stOff !== 0 && (stOff < h.tablesOffset || stOff + stSize > h.tablesOffset + h.tablesSize))) {
    bad(H.SELFTEST_OFFSET, `self-test record [${stOff}, +${stSize}) is outside the tables`);
  }
  for (let i = PAGE_TABLE_OFFSET + 4 * h.pageCount; i < h.payloadOffset; i++)
    if (b[i] !== 0) bad(i, 'padding after the page table must be zero');
  const crc = headerCrc(b, h.payloadOffset);
  if (crc !== u32(H.HEADER_CRC)) fail('MFB_HEADER_CRC', H.HEADER_CRC, 'header CRC mismatch: the header or page table is corrupt');
  return h;
}

function verifyPayload(
  b: Uint8Array,
  dv: DataView,
  h: Header,
  hash: NonNullable<OpenOptions['sha256']>,
  crc: NonNullable<OpenOptions['crc32']>,
): void {
  for (let p = 0; p < h.pageCount; p++) {
    const start = h.payloadOffset + p * h.pageSize;
    const end = Math.min(start + h.pageSize, h.payloadEnd);
    if (crc(b, start, end, 0) !== dv.getUint32(PAGE_TABLE_OFFSET + 4 * p, true)) fail('MFB_PAGE_CRC', start, `page ${p} CRC mismatch`);
  }
  const digest = hash(b.subarray(h.payloadOffset, h.payloadEnd));
  for (let i = 0; i < DIGEST_SIZE; i++) {
    if (digest[i] !== b[H.DIGEST + i]) fail('MFB_DIGEST', H.DIGEST, 'payload SHA-256 does not match the header');
  }
}

function readTensors(b: Uint8Array, dv: DataView, h: Header): TensorInfo[] {
  const tensors: TensorInfo[] = [];
  for (let i = 0; i < h.tensorCount; i++) {
    const at = h.tablesOffset + i * TENSOR_RECORD_SIZE;
    const bad = (field: number, msg: string): never => fail('MFB_BAD_TENSOR', at + field, `tensor ${i}: ${msg}`);
    const code = b[at + T.DTYPE] as number;
    const dtype = DTYPE_NAMES[code];
    if (!dtype) return bad(T.DTYPE, `unknown dtype ${code}`);
    const rank = b[at + T.RANK] as number;
    if (rank > MAX_RANK) bad(T.RANK, `rank ${rank} exceeds ${MAX_RANK}`);
    const loc = b[at + T.LOCATION] as number;
    if (loc !== LOC_ARENA && loc !== LOC_CONST) bad(T.LOCATION, `unknown location ${loc}`);
    if (b[at + T.FLAGS] !== 0) bad(T.FLAGS, 'flags must be zero');
    const shape: number[] = [];
    let elements = 1;
    for (let d = 0; d < MAX_RANK; d++) {
      const dim = dv.getUint16(at + T.DIMS + 2 * d, true);
      if (d >= rank) {
        if (dim !== 0) bad(T.DIMS + 2 * d, `unused dim ${d} must be zero`);
        continue;
      }
      if (dim === 0) bad(T.DIMS + 2 * d, `dim ${d} is zero`);
      shape.push(dim);
      elements *= dim;
    }
    const byteSize = dv.getUint32(at + T.BYTE_SIZE, true);
    const elemSize = DTYPE_SIZES[code] as number;
    if (elements * elemSize !== byteSize) bad(T.BYTE_SIZE, `byte_size ${byteSize} is not ${elements} elements x ${elemSize} bytes`);
    const offset = dv.getUint32(at + T.OFFSET, true);
    if (loc === LOC_ARENA) {
      if (offset % ARENA_ALIGN !== 0 || offset + byteSize > h.arenaSize)
        bad(T.OFFSET, `arena block [${offset}, +${byteSize}) is misaligned or outside the ${h.arenaSize}-byte arena`);
    } else if (offset % elemSize !== 0 || offset < h.constOffset || offset + byteSize > h.constOffset + h.constSize) {
      bad(T.OFFSET, `constant block [${offset}, +${byteSize}) is misaligned or outside the constant region`);
    }
    const scale = dv.getFloat32(at + T.SCALE, true);
    if (!(scale >= 0 && scale < Infinity)) bad(T.SCALE, `scale ${scale} is not a finite non-negative number`);
    const zeroPoint = dv.getInt32(at + T.ZERO_POINT, true);
    if (dtype === 'int8' && (zeroPoint < -128 || zeroPoint > 127)) bad(T.ZERO_POINT, `int8 zero point ${zeroPoint} is out of range`);
    tensors.push({ index: i, dtype, shape, location: loc === LOC_ARENA ? 'arena' : 'const', offset, byteSize, scale, zeroPoint });
  }
  return tensors;
}

function inTables(h: Header, offset: number, size: number, alignment: number): boolean {
  return offset % alignment === 0 && offset >= h.tablesOffset && offset + size <= h.tablesOffset + h.tablesSize;
}

function operandFacts(b: Uint8Array, t: TensorInfo, constants: OpenOptions['constants']): OperandFacts {
  const elements = t.byteSize / elementSize(t.dtype);
  if (t.dtype !== 'int32' || t.location !== 'const') return { elements, elementSize: elementSize(t.dtype), values: null };
  const c = constants?.(t.offset, t.byteSize);
  const dv = c ? new DataView(c.buffer, c.byteOffset, t.byteSize) : new DataView(b.buffer, b.byteOffset + t.offset, t.byteSize);
  return { elements, elementSize: 4, values: (i) => dv.getInt32(4 * i, true) };
}

function readOps(b: Uint8Array, dv: DataView, h: Header, tensors: readonly TensorInfo[], constants: OpenOptions['constants']): OpInfo[] {
  const ops: OpInfo[] = [];
  const base = h.tablesOffset + h.tensorCount * TENSOR_RECORD_SIZE;
  // Op index + 1 of each tensor's latest writer (0: none yet).
  const writtenBy = new Uint32Array(h.tensorCount);
  for (let i = 0; i < h.opCount; i++) {
    const at = base + i * OP_RECORD_SIZE;
    const opcode = b[at + O.OPCODE] as number;
    const spec = OP_BY_CODE[opcode];
    if (!spec) {
      // A newer minor version names the opcodes it added: say the file needs a newer runtime.
      const minor = dv.getUint16(H.VERSION_MINOR, true);
      const newer = minor > VERSION_MINOR ? ` (the file needs format ${VERSION_MAJOR}.${minor}; this runtime reads up to ${VERSION_MAJOR}.${VERSION_MINOR})` : '';
      fail('MFB_UNSUPPORTED_OP', at + O.OPCODE, `op ${i}: opcode ${opcode} is not supported by this runtime${newer}`);
    }
    const bad = (field: number, msg: string): never => fail('MFB_BAD_OP', at + field, `op ${i} (${spec.name}): ${msg}`);
    const nIn = b[at + O.INPUT_COUNT] as number;
    const nOut = b[at + O.OUTPUT_COUNT] as number;
    const nParams = b[at + O.PARAM_COUNT] as number;
    const wantIn = spec.operands.filter((o) => o.role === 'input').length;
    if (nIn !== wantIn || nIn + nOut !== spec.operands.length)
      bad(O.INPUT_COUNT, `has ${nIn} inputs and ${nOut} outputs, expected ${wantIn} and ${spec.operands.length - wantIn}`);
    if (nParams !== spec.params.length) bad(O.PARAM_COUNT, `has ${nParams} params, expected ${spec.params.length}`);
    const operandsOffset = dv.getUint32(at + O.OPERANDS_OFFSET, true);
    if (!inTables(h, operandsOffset, 2 * (nIn + nOut), 2))
      bad(O.OPERANDS_OFFSET, `operand list at ${operandsOffset} is outside the tables or misaligned`);
    const paramsOffset = dv.getUint32(at + O.PARAMS_OFFSET, true);
    if (!inTables(h, paramsOffset, 4 * nParams, 4)) bad(O.PARAMS_OFFSET, `params at ${paramsOffset} are outside the tables or misaligned`);
    if (dv.getUint16(at + O.RESERVED, true) !== 0) bad(O.RESERVED, 'reserved field must be zero');
    const operands: number[] = [];
    const facts: OperandFacts[] = [];
    for (let k = 0; k < nIn + nOut; k++) {
      const ti = dv.getUint16(operandsOffset + 2 * k, true);
      const os = spec.operands[k] as OpSpec['operands'][number];
      const where = operandsOffset + 2 * k;
      if (ti >= tensors.length) fail('MFB_BAD_OP', where, `op ${i} (${spec.name}): ${os.name} refers to tensor ${ti} of ${tensors.length}`);
      const t = tensors[ti] as TensorInfo;
      if (os.dtype !== 'any' && t.dtype !== os.dtype)
        fail('MFB_BAD_OP', where, `op ${i} (${spec.name}): ${os.name} is ${t.dtype}, expected ${os.dtype}`);
      if (os.where !== 'any' && t.location !== os.where)
        fail('MFB_BAD_OP', where, `op ${i} (${spec.name}): ${os.name} must be ${os.where === 'arena' ? 'an activation' : 'a constant'}`);
      if (os.role === 'output') {
        // A tensor is written by one op, or assembled region by region by consecutive ops (CONCATENATION
        // and PACK lower to one COPY per input). The plan makes a tensor live from the first op that
        // touches it, so every writer must come before any other use: consecutive writers guarantee it.
        const by = writtenBy[ti] as number;
        if (by !== 0 && by !== i)
          fail(
            'MFB_BAD_OP',
            where,
            `op ${i} (${spec.name}): tensor ${ti} is written by op ${by - 1} too, and the writers are not consecutive`,
          );
        writtenBy[ti] = i + 1;
      }
      operands.push(ti);
      facts.push(operandFacts(b, t, constants));
    }
    const params = new Int32Array(b.buffer, b.byteOffset + paramsOffset, nParams);
    const problem = (OP_CHECKS[opcode] as NonNullable<(typeof OP_CHECKS)[number]>)(params, facts);
    if (problem) fail('MFB_BAD_PARAMS', paramsOffset, `op ${i} (${spec.name}): ${problem}`);
    ops.push({
      index: i,
      spec,
      inputs: operands.slice(0, nIn),
      outputs: operands.slice(nIn),
      params,
      sourceIndex: dv.getUint16(at + O.SOURCE_INDEX, true),
    });
  }
  return ops;
}

function readIo(b: Uint8Array, dv: DataView, h: Header, tensors: readonly TensorInfo[]): { inputs: IoInfo[]; outputs: IoInfo[] } {
  const base = h.tablesOffset + h.tensorCount * TENSOR_RECORD_SIZE + h.opCount * OP_RECORD_SIZE;
  const all: IoInfo[] = [];
  for (let i = 0; i < h.inputCount + h.outputCount; i++) {
    const at = base + i * IO_RECORD_SIZE;
    const ti = dv.getUint16(at + IO.TENSOR, true);
    if (ti >= tensors.length) fail('MFB_BAD_IO', at + IO.TENSOR, `I/O record ${i} refers to tensor ${ti} of ${tensors.length}`);
    const t = tensors[ti] as TensorInfo;
    if (t.location !== 'arena') fail('MFB_BAD_IO', at + IO.TENSOR, `I/O record ${i}: tensor ${ti} is not an activation`);
    const len = dv.getUint16(at + IO.NAME_LENGTH, true);
    const off = dv.getUint32(at + IO.NAME_OFFSET, true);
    if (!inTables(h, off, len, 1)) fail('MFB_BAD_IO', at + IO.NAME_OFFSET, `I/O record ${i}: name at ${off} is outside the tables`);
    all.push({ ...t, name: decodeUtf8(b.subarray(off, off + len)) });
  }
  return { inputs: all.slice(0, h.inputCount), outputs: all.slice(h.inputCount) };
}

/**
 * Validates an .mfb file and returns its description. Throws MfbError (code + byte offset) on any
 * problem. The bytes are used in place (zero-copy) unless their view is not 16-byte aligned.
 */
export function openModel(input: ArrayBuffer | Uint8Array, options: OpenOptions = {}): Model {
  const whole = alignedView(input);
  const dv0 = new DataView(whole.buffer, whole.byteOffset, whole.byteLength);
  const paged = options.constants !== undefined;
  if (paged && options.verify !== false) throw new MflowRuntimeError('BAD_ARGUMENT', 'paged opening (constants) requires verify: false');
  const h = readHeader(whole, dv0, paged);
  const b = whole.subarray(0, h.fileSize);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (options.verify !== false) verifyPayload(b, dv, h, options.sha256 ?? sha256, options.crc32 ?? crc32);
  const tensors = readTensors(b, dv, h);
  const ops = readOps(b, dv, h, tensors, options.constants);
  const { inputs, outputs } = readIo(b, dv, h, tensors);
  return Object.freeze({
    bytes: b,
    versionMajor: dv.getUint16(H.VERSION_MAJOR, true),
    versionMinor: dv.getUint16(H.VERSION_MINOR, true),
    pageSize: h.pageSize,
    pageCount: h.pageCount,
    arenaSize: h.arenaSize,
    modelVersion: dv.getUint32(H.MODEL_VERSION, true),
    target: dv.getUint32(H.TARGET, true),
    signed: (h.flags & FLAG_SIGNED) !== 0,
    fileSize: h.fileSize,
    payloadOffset: h.payloadOffset,
    payloadEnd: h.payloadEnd,
    constOffset: h.constOffset,
    constSize: h.constSize,
    tensors,
    ops,
    inputs,
    outputs,
  });
}
