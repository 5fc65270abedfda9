/*
 * Where a paged model's bytes come from: anything that can copy a range out (a flash slot that cannot
 * be memory-mapped, a file, a buffer in tests). Offsets are file offsets.
 */
import { checkRange, type Flash } from '../flash/flash.js';

export interface PageSource {
  /** Bytes available (at least the file's FILE_SIZE). */
  readonly size: number;
  /** A copy of [offset, offset + length). */
  read(offset: number, length: number): Uint8Array;
  /** Copies [offset, offset + target.length) into target without allocating, when the source can. */
  readInto?(offset: number, target: Uint8Array): void;
}

/** The image stored at `base` in a flash partition. */
export function flashSource(flash: Flash, base: number, size: number): PageSource {
  checkRange(flash.size, base, size, 'image');
  return {
    size,
    read(offset, length) {
      checkRange(size, offset, length, 'read');
      return flash.read(base + offset, length);
    },
  };
}

/** A buffer as a page source (tests, and hosts that hold the file in RAM anyway). */
export function bytesSource(bytes: Uint8Array): PageSource {
  return {
    size: bytes.length,
    read(offset, length) {
      checkRange(bytes.length, offset, length, 'read');
      return bytes.slice(offset, offset + length);
    },
    readInto(offset, target) {
      checkRange(bytes.length, offset, target.length, 'read');
      target.set(bytes.subarray(offset, offset + target.length));
    },
  };
}
