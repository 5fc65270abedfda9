/*
 * Byte-level constants of the .mfb format. This module is the single definition: the packer writes
 * with it, the runtime reads with it, and docs/format.md describes the same numbers (a test holds
 * them together). All integers are little-endian.
 *
 * File layout:
 *   [0, 128)                      header (fixed)
 *   [128, 128 + 4 * page_count)   page table: CRC32 of each payload page
 *   [payload_offset, payload_end) payload = tables, then constant data; covered by the SHA-256 and
 *                                 cut into pages of page_size bytes (the last one may be short)
 *   [payload_end, file_size)      trailer (signature block), absent when payload_end == file_size
 */

/** "MFLW" read as a little-endian u32. */
export const MAGIC = 0x574c464d;
export const VERSION_MAJOR = 1;
export const VERSION_MINOR = 1;

export const HEADER_SIZE = 128;

/** Header field byte offsets. */
export const H = Object.freeze({
  MAGIC: 0, // u32
  VERSION_MAJOR: 4, // u16
  VERSION_MINOR: 6, // u16
  FLAGS: 8, // u32, FLAG_* bits
  HEADER_SIZE: 12, // u32, = HEADER_SIZE
  FILE_SIZE: 16, // u32
  PAYLOAD_OFFSET: 20, // u32, 16-aligned
  PAYLOAD_END: 24, // u32
  PAGE_SIZE: 28, // u32, power of two in [MIN_PAGE_SIZE, MAX_PAGE_SIZE]
  PAGE_COUNT: 32, // u32
  TABLES_OFFSET: 36, // u32, = PAYLOAD_OFFSET
  TABLES_SIZE: 40, // u32
  CONST_OFFSET: 44, // u32, 16-aligned, >= tables end
  CONST_SIZE: 48, // u32, CONST_OFFSET + CONST_SIZE = PAYLOAD_END
  ARENA_SIZE: 52, // u32, bytes of activation arena the plan needs
  TENSOR_COUNT: 56, // u16
  OP_COUNT: 58, // u16
  INPUT_COUNT: 60, // u16
  OUTPUT_COUNT: 62, // u16
  MODEL_VERSION: 64, // u32, user-chosen, for anti-rollback
  TARGET: 68, // u32, required kernel-set bits (0 = any)
  SELFTEST_OFFSET: 72, // u32, absolute offset of the self-test record, 0 = none
  SELFTEST_SIZE: 76, // u32
  DIGEST: 80, // 32 bytes, SHA-256 of [PAYLOAD_OFFSET, PAYLOAD_END)
  RESERVED: 112, // 12 bytes, zero
  HEADER_CRC: 124, // u32, CRC32 of bytes [0, 124) and of the page table
});

export const DIGEST_SIZE = 32;
export const PAGE_TABLE_OFFSET = HEADER_SIZE;

export const FLAG_SIGNED = 1 << 0;
/** Flags this reader understands; any other bit set is rejected. */
export const KNOWN_FLAGS = FLAG_SIGNED;

export const DEFAULT_PAGE_SIZE = 4096;
export const MIN_PAGE_SIZE = 64;
export const MAX_PAGE_SIZE = 65536;

/** Alignment of every constant block and of the payload start. */
export const CONST_ALIGN = 16;
/** Alignment of every arena offset (float32 and int32 views need 4). */
export const ARENA_ALIGN = 4;

/** Tensor record: 32 bytes each, at TABLES_OFFSET. */
export const TENSOR_RECORD_SIZE = 32;
export const T = Object.freeze({
  DTYPE: 0, // u8, DTYPE_*
  RANK: 1, // u8, 0..MAX_RANK
  LOCATION: 2, // u8, LOC_*
  FLAGS: 3, // u8, reserved (0)
  OFFSET: 4, // u32, arena offset (LOC_ARENA) or absolute file offset (LOC_CONST)
  BYTE_SIZE: 8, // u32, = product(dims) * element size
  DIMS: 12, // u16[MAX_RANK], unused dims 0
  SCALE: 24, // f32, 0 when not quantized
  ZERO_POINT: 28, // i32
});
export const MAX_RANK = 6;

export const LOC_ARENA = 0;
export const LOC_CONST = 1;

export const DTYPE_INT8 = 1;
export const DTYPE_UINT8 = 2;
export const DTYPE_INT16 = 3;
export const DTYPE_INT32 = 4;
export const DTYPE_FLOAT32 = 5;

export const DTYPE_NAMES: Readonly<Record<number, 'int8' | 'uint8' | 'int16' | 'int32' | 'float32'>> = Object.freeze({
  [DTYPE_INT8]: 'int8',
  [DTYPE_UINT8]: 'uint8',
  [DTYPE_INT16]: 'int16',
  [DTYPE_INT32]: 'int32',
  [DTYPE_FLOAT32]: 'float32',
});
export type DtypeName = 'int8' | 'uint8' | 'int16' | 'int32' | 'float32';

export const DTYPE_SIZES: Readonly<Record<number, number>> = Object.freeze({
  [DTYPE_INT8]: 1,
  [DTYPE_UINT8]: 1,
  [DTYPE_INT16]: 2,
  [DTYPE_INT32]: 4,
  [DTYPE_FLOAT32]: 4,
});

export function dtypeCode(name: DtypeName): number {
  switch (name) {
    case 'int8':
      return DTYPE_INT8;
    case 'uint8':
      return DTYPE_UINT8;
    case 'int16':
      return DTYPE_INT16;
    case 'int32':
      return DTYPE_INT32;
    case 'float32':
      return DTYPE_FLOAT32;
  }
}

/** Op record: 16 bytes each, right after the tensor table. */
export const OP_RECORD_SIZE = 16;
export const O = Object.freeze({
  OPCODE: 0, // u8, see ops.ts
  INPUT_COUNT: 1, // u8
  OUTPUT_COUNT: 2, // u8
  PARAM_COUNT: 3, // u8, number of int32 params
  OPERANDS_OFFSET: 4, // u32, absolute offset of u16[INPUT_COUNT + OUTPUT_COUNT] tensor indices, 2-aligned
  PARAMS_OFFSET: 8, // u32, absolute offset of i32[PARAM_COUNT], 4-aligned
  SOURCE_INDEX: 12, // u16, index of the TFLite operator this op came from (for errors and inspect)
  RESERVED: 14, // u16, zero
});

/** I/O record: 8 bytes each, inputs then outputs, right after the op table. */
export const IO_RECORD_SIZE = 8;
export const IO = Object.freeze({
  TENSOR: 0, // u16
  NAME_LENGTH: 2, // u16, UTF-8 bytes
  NAME_OFFSET: 4, // u32, absolute offset of the name bytes
});

/** Signature trailer (FLAG_SIGNED): Ed25519 over header bytes [0, HEADER_SIZE) whose digest covers the payload. */
export const SIGNATURE_SIZE = 64;

/** Bytes per element of a dtype. */
export function elementSize(name: DtypeName): number {
  return DTYPE_SIZES[dtypeCode(name)] as number;
}

/**
 * Self-test record (optional, inside the tables at SELFTEST_OFFSET, 4-aligned): an input vector and
 * the outputs the packer's reference kernels computed for it, so a device can check a freshly
 * installed model before trusting it. The fixed part is followed by INPUT_COUNT + OUTPUT_COUNT
 * entries (inputs first), each pointing at its data bytes inside the record.
 */
export const SELFTEST_RECORD_SIZE = 8;
export const ST = Object.freeze({
  INPUT_COUNT: 0, // u16, = the header's INPUT_COUNT
  OUTPUT_COUNT: 2, // u16, = the header's OUTPUT_COUNT
  RESERVED: 4, // u32, zero
});
export const SELFTEST_ENTRY_SIZE = 8;
export const STE = Object.freeze({
  DATA_OFFSET: 0, // u32, absolute offset of the tensor's bytes, inside the record
  DATA_SIZE: 4, // u32, = the tensor's BYTE_SIZE
});
