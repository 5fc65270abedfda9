/*
 * A RAM cache of whole .mfb pages (the payload's page grid, so each page can be checked against the
 * page table), `slots` pages big, least recently used out. Reads allocate nothing when the source has
 * readInto.
 */
import { MfbError } from '../errors.js';
import { crc32 as tsCrc32 } from '../crc32.js';
import { Lru } from './lru.js';
import type { PageSource } from './page_source.js';

export interface PageGeometry {
  readonly payloadOffset: number;
  readonly payloadEnd: number;
  readonly pageSize: number;
}

export interface PageCacheOptions {
  /** Check each page against its CRC when it is loaded (the page table from the file). */
  readonly pageCrcs?: (page: number) => number;
  readonly crc32?: (bytes: Uint8Array, start: number, end: number, crc: number) => number;
}

export class PageCache {
  /** Pages read from the source so far, and their bytes. */
  reads = 0;
  bytesRead = 0;
  readonly #source: PageSource;
  readonly #g: PageGeometry;
  readonly #lru: Lru;
  readonly #memory: Uint8Array;
  readonly #options: PageCacheOptions;

  constructor(source: PageSource, geometry: PageGeometry, slots: number, options: PageCacheOptions = {}) {
    this.#source = source;
    this.#g = geometry;
    this.#lru = new Lru(slots);
    this.#memory = new Uint8Array(slots * geometry.pageSize);
    this.#options = options;
  }

  /** RAM the cache holds. */
  get bytes(): number {
    return this.#memory.length;
  }

  /** Copies file bytes [offset, offset + length) (inside the payload) to dest at destOffset. */
  copy(offset: number, length: number, dest: Uint8Array, destOffset: number): void {
    const { payloadOffset, pageSize } = this.#g;
    let at = offset;
    const end = offset + length;
    while (at < end) {
      const page = Math.floor((at - payloadOffset) / pageSize);
      const pageStart = payloadOffset + page * pageSize;
      const base = this.#slot(page) * pageSize;
      const n = Math.min(end, pageStart + pageSize) - at;
      const from = base + (at - pageStart);
      dest.set(this.#memory.subarray(from, from + n), destOffset + (at - offset));
      at += n;
    }
  }

  #slot(page: number): number {
    const s = this.#lru.touch(page);
    if (s >= 0) return s;
    const slot = -1 - s;
    const { payloadOffset, payloadEnd, pageSize } = this.#g;
    const start = payloadOffset + page * pageSize;
    const len = Math.min(pageSize, payloadEnd - start);
    const target = this.#memory.subarray(slot * pageSize, slot * pageSize + len);
    if (this.#source.readInto) this.#source.readInto(start, target);
    else target.set(this.#source.read(start, len));
    this.reads++;
    this.bytesRead += len;
    const want = this.#options.pageCrcs?.(page);
    if (want !== undefined && (this.#options.crc32 ?? tsCrc32)(target, 0, len, 0) !== want) {
      // Forget the bad copy so a retry reads the page again.
      this.#lru.forget(slot);
      throw new MfbError('MFB_PAGE_CRC', start, `page ${page} read back with a CRC mismatch`);
    }
    return slot;
  }
}
