/*
 * Slot records: the store's only mutable state, appended in sector 0 of each slot (docs/ota.md).
 * A record is 32 bytes written in one flash write into erased space, with a CRC: a torn write
 * leaves a record that fails its CRC and is ignored, so each append is all-or-nothing. Records are
 * never rewritten; the sector is erased only when the slot is reused for a new download.
 */
import { crc32 } from '../crc32.js';
import type { Flash } from '../flash/flash.js';

export const RECORD_SIZE = 32;
/** "MFSR" read as a little-endian u32. */
export const RECORD_MAGIC = 0x5253464d;

/** Record field offsets. */
export const R = Object.freeze({
  MAGIC: 0, // u32
  KIND: 4, // u8, KIND_*
  REASON: 5, // u8, REASON_* (REJECT records)
  RESERVED: 6, // u16, zero
  SEQUENCE: 8, // u32, the commit's sequence number (highest valid wins at boot)
  IMAGE_OFFSET: 12, // u32, where the .mfb starts in the slot
  FILE_SIZE: 16, // u32
  MODEL_VERSION: 20, // u32
  HEADER_CRC: 24, // u32, the image's HEADER_CRC field: binds the record to one image
  CRC: 28, // u32, CRC-32 of bytes [0, 28)
});

/** The image is installed and selectable (written last by activate()). */
export const KIND_COMMIT = 1;
/** The image has been booted once for its self-test (written before the app runs it). */
export const KIND_TRIAL = 2;
/** The self-test passed: the image is the known-good one. */
export const KIND_CONFIRM = 3;
/** The image failed: never select it again. */
export const KIND_REJECT = 4;

export const REASON_SELF_TEST = 1;
export const REASON_NOT_CONFIRMED = 2;
export const REASON_APP = 3;

export interface SlotRecord {
  readonly kind: number;
  readonly reason: number;
  readonly sequence: number;
  readonly imageOffset: number;
  readonly fileSize: number;
  readonly modelVersion: number;
  readonly headerCrc: number;
}

export function encodeRecord(r: SlotRecord): Uint8Array {
  const b = new Uint8Array(RECORD_SIZE);
  const dv = new DataView(b.buffer);
  dv.setUint32(R.MAGIC, RECORD_MAGIC, true);
  b[R.KIND] = r.kind;
  b[R.REASON] = r.reason;
  dv.setUint32(R.SEQUENCE, r.sequence, true);
  dv.setUint32(R.IMAGE_OFFSET, r.imageOffset, true);
  dv.setUint32(R.FILE_SIZE, r.fileSize, true);
  dv.setUint32(R.MODEL_VERSION, r.modelVersion, true);
  dv.setUint32(R.HEADER_CRC, r.headerCrc, true);
  dv.setUint32(R.CRC, crc32(b, 0, R.CRC), true);
  return b;
}

function decodeRecord(b: Uint8Array, at: number): SlotRecord | null {
  const dv = new DataView(b.buffer, b.byteOffset + at, RECORD_SIZE);
  if (dv.getUint32(R.MAGIC, true) !== RECORD_MAGIC) return null;
  if (crc32(b, at, at + R.CRC) !== dv.getUint32(R.CRC, true)) return null;
  return {
    kind: b[at + R.KIND] as number,
    reason: b[at + R.REASON] as number,
    sequence: dv.getUint32(R.SEQUENCE, true),
    imageOffset: dv.getUint32(R.IMAGE_OFFSET, true),
    fileSize: dv.getUint32(R.FILE_SIZE, true),
    modelVersion: dv.getUint32(R.MODEL_VERSION, true),
    headerCrc: dv.getUint32(R.HEADER_CRC, true),
  };
}

export interface RecordLog {
  /** Valid records in write order. */
  readonly records: readonly SlotRecord[];
  /** Byte offset where the next record goes (after the last non-erased position), or -1 when full. */
  readonly next: number;
  /** True when every byte of the sector is 0xFF. */
  readonly erased: boolean;
}

export function readRecords(flash: Flash): RecordLog {
  const s = flash.sectorSize;
  const b = flash.map()?.subarray(0, s) ?? flash.read(0, s);
  const records: SlotRecord[] = [];
  let end = 0;
  for (let at = 0; at + RECORD_SIZE <= s; at += RECORD_SIZE) {
    let blank = true;
    for (let i = at; i < at + RECORD_SIZE && blank; i++) blank = b[i] === 0xff;
    if (blank) continue;
    end = at + RECORD_SIZE;
    const r = decodeRecord(b, at);
    if (r) records.push(r);
  }
  let erased = end === 0;
  for (let i = end; i < s && erased; i++) erased = b[i] === 0xff;
  return { records, next: end + RECORD_SIZE <= s ? end : -1, erased };
}

/** What the records say about the slot's image: its commit and what became of it. */
export interface SlotSummary {
  readonly commit: SlotRecord | null;
  readonly tried: boolean;
  readonly confirmed: boolean;
  /** REASON_* of a REJECT record, 0 when not rejected. */
  readonly rejected: number;
}

export function summarize(log: RecordLog): SlotSummary {
  let commit: SlotRecord | null = null;
  for (const r of log.records) if (r.kind === KIND_COMMIT) commit = r;
  let tried = false;
  let confirmed = false;
  let rejected = 0;
  for (const r of log.records) {
    // Only records about this very commit count (same sequence and image).
    if (!commit || r.sequence !== commit.sequence || r.headerCrc !== commit.headerCrc) continue;
    if (r.kind === KIND_TRIAL) tried = true;
    else if (r.kind === KIND_CONFIRM) confirmed = true;
    else if (r.kind === KIND_REJECT) rejected ||= r.reason || REASON_APP;
  }
  return { commit, tried, confirmed, rejected };
}
