/*
 * The header fields an update session needs before the file is complete: where the image goes in the
 * slot, when the header region ends, where pages start. Checked only enough to lay the image out
 * safely; openModel checks everything again in finish().
 */
import { FLAG_SIGNED, H, HEADER_SIZE, KNOWN_FLAGS, MAGIC, MAX_PAGE_SIZE, MIN_PAGE_SIZE, VERSION_MAJOR } from '../format/constants.js';
import { UpdateError } from './errors.js';

export interface ImageHeader {
  readonly bytes: Uint8Array;
  readonly signed: boolean;
  readonly fileSize: number;
  readonly payloadOffset: number;
  readonly payloadEnd: number;
  readonly pageSize: number;
  readonly pageCount: number;
  readonly arenaSize: number;
  readonly modelVersion: number;
  readonly target: number;
  readonly headerCrc: number;
}

const align = (n: number, a: number): number => Math.ceil(n / a) * a;

export function parseImageHeader(input: Uint8Array): ImageHeader {
  if (input.length < HEADER_SIZE) throw new UpdateError('BAD_HEADER', `begin() needs the first ${HEADER_SIZE} bytes, got ${input.length}`);
  const bytes = input.slice(0, HEADER_SIZE);
  const dv = new DataView(bytes.buffer);
  const u32 = (at: number): number => dv.getUint32(at, true);
  const bad = (at: number, msg: string): never => {
    throw new UpdateError('BAD_HEADER', msg, { offset: at });
  };
  if (u32(H.MAGIC) !== MAGIC) bad(H.MAGIC, 'not an mflow model (magic is not "MFLW")');
  if (dv.getUint16(H.VERSION_MAJOR, true) !== VERSION_MAJOR)
    bad(H.VERSION_MAJOR, `format major version ${dv.getUint16(H.VERSION_MAJOR, true)} is not ${VERSION_MAJOR}`);
  if (u32(H.HEADER_SIZE) !== HEADER_SIZE) bad(H.HEADER_SIZE, `header_size is ${u32(H.HEADER_SIZE)}`);
  const flags = u32(H.FLAGS);
  if ((flags & ~KNOWN_FLAGS) !== 0) bad(H.FLAGS, `unknown flags 0x${flags.toString(16)}`);
  const h: ImageHeader = {
    bytes,
    signed: (flags & FLAG_SIGNED) !== 0,
    fileSize: u32(H.FILE_SIZE),
    payloadOffset: u32(H.PAYLOAD_OFFSET),
    payloadEnd: u32(H.PAYLOAD_END),
    pageSize: u32(H.PAGE_SIZE),
    pageCount: u32(H.PAGE_COUNT),
    arenaSize: u32(H.ARENA_SIZE),
    modelVersion: u32(H.MODEL_VERSION),
    target: u32(H.TARGET),
    headerCrc: u32(H.HEADER_CRC),
  };
  const p = h.pageSize;
  if ((p & (p - 1)) !== 0 || p < MIN_PAGE_SIZE || p > MAX_PAGE_SIZE) bad(H.PAGE_SIZE, `page_size ${p} is not a power of two in range`);
  if (h.payloadOffset !== align(HEADER_SIZE + 4 * h.pageCount, 16)) bad(H.PAYLOAD_OFFSET, 'payload_offset does not follow the page table');
  if (h.payloadEnd < h.payloadOffset || h.payloadEnd > h.fileSize) bad(H.PAYLOAD_END, 'payload_end is outside the file');
  if (h.pageCount !== Math.ceil((h.payloadEnd - h.payloadOffset) / p)) bad(H.PAGE_COUNT, 'page_count does not cover the payload');
  return h;
}

/**
 * Where the image starts in a slot: after the record sector, placed so that the payload starts on a
 * sector boundary. Pages of one sector (the default 4096) are then erased and rewritten alone when a
 * download resumes; the header and page table sit at the end of the sector(s) before.
 */
export function imageOffset(sectorSize: number, payloadOffset: number): number {
  return sectorSize + align(payloadOffset, sectorSize) - payloadOffset;
}
