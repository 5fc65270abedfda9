/*
 * One download into the inactive slot. The file streams in order (any chunk sizes); each sector is
 * erased just before the first write into it, the header region is checked by its CRC as soon as it
 * is complete, and each payload page is read back from flash and checked against the page table as
 * soon as its last byte is written. A session begun again with the same header (after a reset, or a
 * dropped connection) keeps every page that still checks and resumes at the sector of the first one
 * that does not. Nothing here makes the slot bootable: only activate()'s commit record does.
 */
import { SIGNATURE_SIZE } from '../format/constants.js';
import { headerCrc } from '../crc32.js';
import { MfbError } from '../errors.js';
import type { Flash } from '../flash/flash.js';
import { openModel, type Model } from '../model.js';
import { UpdateError, updateCodeOf } from './errors.js';
import { imageOffset, parseImageHeader, type ImageHeader } from './image_header.js';
import { openPagedModel, type Sha256Stream } from './paged_model.js';
import { flashSource } from './page_source.js';
import { checkKernels, checkPolicy, type UpdatePolicy } from './policy.js';
import type { SignatureVerifier } from './signature.js';

/** What the store lends a session. */
export interface SessionContext {
  readonly flash: Flash;
  readonly slot: number;
  readonly policy: UpdatePolicy;
  readonly installedVersion: number | null;
  readonly crc32: (bytes: Uint8Array, start: number, end: number, crc: number) => number;
  readonly sha256: ((bytes: Uint8Array) => Uint8Array) | undefined;
  readonly sha256Stream: (() => Sha256Stream) | undefined;
  readonly verifySignature: SignatureVerifier;
  /** Told of every rejection (the store keeps the last one for the app). */
  readonly report: (e: UpdateError) => void;
  /** False once the store has moved on (a newer begin(), or open()): the session must not touch flash. */
  readonly current: () => boolean;
  /** Writes the commit record (the store picks the sequence number). */
  readonly commit: (image: VerifiedImage) => void;
}

export interface VerifiedImage {
  readonly slot: number;
  readonly imageOffset: number;
  readonly fileSize: number;
  readonly modelVersion: number;
  readonly headerCrc: number;
}

export type SessionState = 'receiving' | 'verified' | 'activated' | 'failed';

export class UpdateSession {
  readonly slot: number;
  readonly header: ImageHeader;
  /** Where the image starts in the slot. */
  readonly imageOffset: number;
  /** File bytes a resumed session found already in flash and valid (0 for a fresh download). */
  readonly resumedFrom: number;
  #state: SessionState = 'receiving';
  #offset = 0;
  /** First slot sector not erased by this session: everything from it on is stale until erased. */
  #erased: number;
  #headerOk = false;
  #pages = 0;
  #image: VerifiedImage | null = null;
  readonly #c: SessionContext;

  constructor(context: SessionContext, headerBytes: Uint8Array) {
    this.#c = context;
    this.slot = context.slot;
    const h = parseImageHeader(headerBytes);
    this.header = h;
    const flash = context.flash;
    const s = flash.sectorSize;
    this.imageOffset = imageOffset(s, h.payloadOffset);
    if (this.imageOffset + h.fileSize > flash.size)
      throw new UpdateError('TOO_LARGE', `the ${h.fileSize}-byte file does not fit in a ${flash.size}-byte slot`);
    this.#erased = Math.floor(this.imageOffset / s);
    // The old records go first: from here on this slot cannot be selected until activate().
    const meta = flash.read(0, s);
    if (meta.some((b) => b !== 0xff)) flash.erase(0);
    this.#resume();
    this.resumedFrom = this.#offset;
    this.write(headerBytes, 0);
  }

  get state(): SessionState {
    return this.#state;
  }

  /** The next file offset the session needs (request the rest of the file from here). */
  get offset(): number {
    return this.#offset;
  }

  get fileSize(): number {
    return this.header.fileSize;
  }

  /** Bytes of flash [at, at + length) in the image. */
  #bytes(at: number, length: number): Uint8Array {
    const abs = this.imageOffset + at;
    return this.#c.flash.map()?.subarray(abs, abs + length) ?? this.#c.flash.read(abs, length);
  }

  #pageRange(p: number): [number, number] {
    const h = this.header;
    const start = h.payloadOffset + p * h.pageSize;
    return [start, Math.min(start + h.pageSize, h.payloadEnd)];
  }

  #pageOk(p: number): boolean {
    const [start, end] = this.#pageRange(p);
    const data = this.#bytes(start, end - start);
    const table = this.#bytes(128 + 4 * p, 4);
    const want = (table[0] as number) | ((table[1] as number) << 8) | ((table[2] as number) << 16) | ((table[3] as number) << 24);
    return this.#c.crc32(data, 0, data.length, 0) === want >>> 0;
  }

  /** File offset of the start of the slot sector holding file offset `at`. */
  #sectorStart(at: number): number {
    const s = this.#c.flash.sectorSize;
    return Math.max(0, Math.floor((this.imageOffset + at) / s) * s - this.imageOffset);
  }

  #rewind(to: number): void {
    const s = this.#c.flash.sectorSize;
    this.#offset = to;
    this.#erased = Math.floor((this.imageOffset + to) / s);
    // Pages that end before `to` keep their check; the others are checked again when rewritten.
    let p = 0;
    while (p < this.header.pageCount && this.#pageRange(p)[1] <= to) p++;
    this.#pages = p;
  }

  /** Same header already in flash with a valid header region: keep every page that still checks. */
  #resume(): void {
    const h = this.header;
    const head = this.#bytes(0, h.payloadOffset);
    for (let i = 0; i < 128; i++) if (head[i] !== h.bytes[i]) return;
    if (headerCrc(head, h.payloadOffset) !== h.headerCrc) return;
    let p = 0;
    while (p < h.pageCount && this.#pageOk(p)) p++;
    // The trailer is not checkable on its own: it is rewritten with the sector it shares.
    const firstBad = p < h.pageCount ? this.#pageRange(p)[0] : h.payloadEnd < h.fileSize ? h.payloadEnd : h.fileSize;
    this.#rewind(firstBad === h.fileSize ? h.fileSize : this.#sectorStart(firstBad));
    this.#headerOk = true;
    this.#checkHeaderPolicy();
  }

  #checkCurrent(): void {
    if (!this.#c.current()) throw new UpdateError('BAD_STATE', 'this session was superseded (a newer begin(), or open())');
  }

  #fail(e: UpdateError): never {
    this.#state = 'failed';
    this.#c.report(e);
    throw e;
  }

  #checkHeaderPolicy(): void {
    try {
      checkPolicy(this.header, this.#c.policy, this.#c.installedVersion);
    } catch (e) {
      if (e instanceof UpdateError) this.#fail(e);
      throw e;
    }
  }

  /**
   * Stores the next bytes of the file. `at` is the file offset of chunk[0] (default: this.offset);
   * bytes the session already has are skipped, so a stream restarted from 0 can be fed as it is.
   * Throws CORRUPT (and rewinds `offset` to the bad page's sector) when a page fails its CRC: feed
   * again from `offset`.
   */
  write(chunk: Uint8Array, at: number = this.#offset): void {
    this.#checkCurrent();
    if (this.#state !== 'receiving') throw new UpdateError('BAD_STATE', `write() in state ${this.#state}`);
    if (at > this.#offset)
      throw new UpdateError('OUT_OF_ORDER', `bytes from ${at} given, the session needs ${this.#offset} first`, { offset: at });
    const skip = this.#offset - at;
    if (skip >= chunk.length) return;
    const data = skip > 0 ? chunk.subarray(skip) : chunk;
    const h = this.header;
    if (this.#offset + data.length > h.fileSize)
      this.#fail(new UpdateError('TOO_LARGE', `the stream goes past FILE_SIZE ${h.fileSize}`, { offset: h.fileSize }));
    const flash = this.#c.flash;
    const s = flash.sectorSize;
    const abs = this.imageOffset + this.#offset;
    while (this.#erased * s < abs + data.length) flash.erase(this.#erased++);
    flash.write(abs, data);
    this.#offset += data.length;
    this.#progress();
  }

  #progress(): void {
    const h = this.header;
    if (!this.#headerOk && this.#offset >= h.payloadOffset) {
      if (headerCrc(this.#bytes(0, h.payloadOffset), h.payloadOffset) !== h.headerCrc)
        this.#fail(
          new UpdateError('CORRUPT', 'header CRC mismatch: the header or page table is corrupt', {
            mfbCode: 'MFB_HEADER_CRC',
            offset: 124,
          }),
        );
      this.#headerOk = true;
      this.#checkHeaderPolicy();
    }
    while (this.#headerOk && this.#pages < h.pageCount && this.#pageRange(this.#pages)[1] <= this.#offset) {
      const p = this.#pages;
      if (!this.#pageOk(p)) {
        const start = this.#pageRange(p)[0];
        this.#rewind(this.#sectorStart(start));
        const e = new UpdateError('CORRUPT', `page ${p} failed its CRC; resume from ${this.#offset}`, {
          mfbCode: 'MFB_PAGE_CRC',
          offset: start,
        });
        this.#c.report(e);
        throw e;
      }
      this.#pages++;
    }
  }

  /** True when every byte has arrived. */
  get complete(): boolean {
    return this.#offset === this.header.fileSize;
  }

  /**
   * Verifies the stored image as a whole: openModel's checks, the SHA-256, the signature, then the
   * device's policy (version, target, kernels, arena). Returns the model, read from the slot.
   */
  finish(): Model {
    this.#checkCurrent();
    if (this.#state !== 'receiving') throw new UpdateError('BAD_STATE', `finish() in state ${this.#state}`);
    const h = this.header;
    if (!this.complete)
      this.#fail(new UpdateError('TRUNCATED', `${this.#offset} of ${h.fileSize} bytes arrived`, { offset: this.#offset }));
    let model: Model;
    try {
      model = this.#open();
      this.#checkSignature(model);
      checkPolicy(model, this.#c.policy, this.#c.installedVersion);
      checkKernels(model, this.#c.policy);
    } catch (e) {
      if (e instanceof MfbError) this.#fail(new UpdateError(updateCodeOf(e.code), e.message, { mfbCode: e.code, offset: e.offset }));
      if (e instanceof UpdateError) this.#fail(e);
      throw e;
    }
    this.#image = {
      slot: this.slot,
      imageOffset: this.imageOffset,
      fileSize: h.fileSize,
      modelVersion: model.modelVersion,
      headerCrc: h.headerCrc,
    };
    this.#state = 'verified';
    return model;
  }

  #open(): Model {
    const { flash, crc32, sha256, sha256Stream } = this.#c;
    const size = this.header.fileSize;
    const mapped = flash.map();
    if (mapped)
      return openModel(mapped.subarray(this.imageOffset, this.imageOffset + size), { verify: true, crc32, ...(sha256 ? { sha256 } : {}) });
    return openPagedModel(flashSource(flash, this.imageOffset, size), {
      verify: true,
      crc32,
      ...(sha256Stream ? { sha256: sha256Stream } : {}),
    }).model;
  }

  #checkSignature(model: Model): void {
    const key = this.#c.policy.publicKey;
    if (!model.signed) {
      if (this.#c.policy.requireSignature)
        throw new UpdateError('SIGNATURE_MISSING', 'the file is not signed and this device requires a signature');
      return;
    }
    if (model.fileSize - model.payloadEnd !== SIGNATURE_SIZE)
      throw new UpdateError('BAD_SIGNATURE', `the signature trailer has ${model.fileSize - model.payloadEnd} bytes, not ${SIGNATURE_SIZE}`);
    if (!key) return;
    const signature = this.#bytes(model.payloadEnd, SIGNATURE_SIZE).slice();
    if (!this.#c.verifySignature(signature, this.#bytes(0, 128).slice(), key))
      throw new UpdateError('BAD_SIGNATURE', "the signature does not verify with this device's public key");
  }

  /** Makes the verified image the one the next boot selects: one record write, power-safe. */
  activate(): void {
    this.#checkCurrent();
    if (this.#state !== 'verified' || !this.#image) throw new UpdateError('BAD_STATE', `activate() in state ${this.#state}`);
    this.#c.commit(this.#image);
    this.#state = 'activated';
  }
}
