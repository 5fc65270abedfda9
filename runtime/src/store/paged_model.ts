/*
 * Opening a model whose constants stay in storage (flash that cannot be memory-mapped): only the
 * header, page table and tables ([0, CONST_OFFSET)) are read into RAM. Verification streams every
 * page once (CRC against the page table, SHA-256 against the header) before openModel checks the
 * structure, reading the few int32 constants its checks need straight from the source.
 */
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { crc32 as tsCrc32, headerCrc } from '../crc32.js';
import { MfbError } from '../errors.js';
import { DIGEST_SIZE, H, HEADER_SIZE, MAGIC, MAX_PAGE_SIZE, MIN_PAGE_SIZE, PAGE_TABLE_OFFSET } from '../format/constants.js';
import { openModel, type Model } from '../model.js';
import type { PageSource } from './page_source.js';

export interface PagedModel {
  /** The validated model; its `bytes` hold only [0, CONST_OFFSET). */
  readonly model: Model;
  readonly source: PageSource;
}

/** An incremental SHA-256 (a native one on device). */
export interface Sha256Stream {
  update(bytes: Uint8Array): void;
  digest(): Uint8Array;
}

export interface PagedOpenOptions {
  /** Stream-verify every page and the digest (default true). Off only for a source verified before. */
  readonly verify?: boolean;
  readonly crc32?: (bytes: Uint8Array, start: number, end: number, crc: number) => number;
  readonly sha256?: () => Sha256Stream;
}

const defaultSha256 = (): Sha256Stream => {
  const h = nobleSha256.create();
  return {
    update: (b) => void h.update(b),
    digest: () => h.digest(),
  };
};

/** The geometry the streaming loop relies on (openModel reports anything subtler afterwards). */
function checkGeometry(head: DataView, fileSize: number, constOffset: number): void {
  const u32 = (at: number): number => head.getUint32(at, true);
  const [payloadOffset, payloadEnd, pageSize, pageCount] = [u32(H.PAYLOAD_OFFSET), u32(H.PAYLOAD_END), u32(H.PAGE_SIZE), u32(H.PAGE_COUNT)];
  const ok =
    (pageSize & (pageSize - 1)) === 0 &&
    pageSize >= MIN_PAGE_SIZE &&
    pageSize <= MAX_PAGE_SIZE &&
    payloadOffset === Math.ceil((PAGE_TABLE_OFFSET + 4 * pageCount) / 16) * 16 &&
    payloadOffset <= constOffset &&
    payloadEnd >= payloadOffset &&
    payloadEnd <= fileSize &&
    pageCount === Math.ceil((payloadEnd - payloadOffset) / pageSize);
  if (!ok) throw new MfbError('MFB_BAD_HEADER', H.PAGE_COUNT, 'the page geometry (payload offsets, page size and count) is inconsistent');
}

function streamVerify(source: PageSource, prefix: Uint8Array, options: PagedOpenOptions): void {
  const dv = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength);
  const u32 = (at: number): number => dv.getUint32(at, true);
  const payloadOffset = u32(H.PAYLOAD_OFFSET);
  const payloadEnd = u32(H.PAYLOAD_END);
  const pageSize = u32(H.PAGE_SIZE);
  const pageCount = u32(H.PAGE_COUNT);
  // The page table is trusted only once the header CRC over it holds.
  if (headerCrc(prefix, payloadOffset) !== u32(H.HEADER_CRC))
    throw new MfbError('MFB_HEADER_CRC', H.HEADER_CRC, 'header CRC mismatch: the header or page table is corrupt');
  const crc = options.crc32 ?? tsCrc32;
  const hash = (options.sha256 ?? defaultSha256)();
  for (let p = 0; p < pageCount; p++) {
    const start = payloadOffset + p * pageSize;
    const page = source.read(start, Math.min(pageSize, payloadEnd - start));
    if (crc(page, 0, page.length, 0) !== u32(PAGE_TABLE_OFFSET + 4 * p))
      throw new MfbError('MFB_PAGE_CRC', start, `page ${p} CRC mismatch`);
    hash.update(page);
  }
  const digest = hash.digest();
  for (let i = 0; i < DIGEST_SIZE; i++)
    if (digest[i] !== prefix[H.DIGEST + i]) throw new MfbError('MFB_DIGEST', H.DIGEST, 'payload SHA-256 does not match the header');
}

export function openPagedModel(source: PageSource, options: PagedOpenOptions = {}): PagedModel {
  if (source.size < HEADER_SIZE)
    throw new MfbError('MFB_TRUNCATED', source.size, `the source has ${source.size} bytes, the header alone needs ${HEADER_SIZE}`);
  const head = new DataView(source.read(0, HEADER_SIZE).buffer);
  if (head.getUint32(H.MAGIC, true) !== MAGIC) throw new MfbError('MFB_BAD_MAGIC', H.MAGIC, 'not an mflow model (magic is not "MFLW")');
  const fileSize = head.getUint32(H.FILE_SIZE, true);
  const constOffset = head.getUint32(H.CONST_OFFSET, true);
  // Bound the RAM read before any check of the header: openModel checks the geometry in detail.
  if (fileSize > source.size)
    throw new MfbError('MFB_TRUNCATED', source.size, `file_size is ${fileSize} but the source has ${source.size} bytes`);
  if (constOffset < HEADER_SIZE || constOffset > fileSize)
    throw new MfbError('MFB_BAD_HEADER', H.CONST_OFFSET, `const_offset ${constOffset} is outside the file`);
  const prefix = source.read(0, constOffset);
  if (options.verify !== false) {
    checkGeometry(head, fileSize, constOffset);
    streamVerify(source, prefix, options);
  }
  const model = openModel(prefix, { verify: false, constants: (offset, length) => source.read(offset, length) });
  return { model, source };
}
