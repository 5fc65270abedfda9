/*
 * A simulated NOR flash for Node and the Linux XS host: the same erase/write rules as the ESP32's SPI
 * flash, over a Uint8Array the caller owns. Storage-agnostic: a `persist` hook is told which bytes
 * changed after every operation (a file backing writes them out; see boards/lin/ota_file_flash.ts).
 */
import { checkRange, FlashError, type Flash } from './flash.js';

export interface SimFlashOptions {
  /** Erase unit (default 4096). The storage length must be a multiple of it. */
  readonly sectorSize?: number;
  /** Called after each erase or write with the range that changed. */
  readonly persist?: (storage: Uint8Array, offset: number, length: number) => void;
  /**
   * Throw FLASH_NOT_ERASED when a write would need a 0 -> 1 transition instead of silently ANDing,
   * as real flash does. Tests turn it on to prove a writer never relies on rewriting bits.
   */
  readonly strict?: boolean;
}

export class SimFlash implements Flash {
  readonly storage: Uint8Array;
  readonly size: number;
  readonly sectorSize: number;
  /** Operation counters, for tests and wear figures. */
  erases = 0;
  writes = 0;
  bytesWritten = 0;
  readonly #persist: SimFlashOptions['persist'];
  readonly #strict: boolean;

  constructor(storage: Uint8Array, options: SimFlashOptions = {}) {
    this.sectorSize = options.sectorSize ?? 4096;
    if (this.sectorSize <= 0 || storage.length % this.sectorSize !== 0)
      throw new FlashError('FLASH_RANGE', `storage of ${storage.length} bytes is not a whole number of ${this.sectorSize}-byte sectors`);
    this.storage = storage;
    this.size = storage.length;
    this.#persist = options.persist;
    this.#strict = options.strict ?? false;
  }

  /** A new flash of `size` bytes, all erased. */
  static blank(size: number, options: SimFlashOptions = {}): SimFlash {
    return new SimFlash(new Uint8Array(size).fill(0xff), options);
  }

  erase(sector: number): void {
    const offset = sector * this.sectorSize;
    checkRange(this.size, offset, this.sectorSize, `erase of sector ${sector}`);
    this.storage.fill(0xff, offset, offset + this.sectorSize);
    this.erases++;
    this.#persist?.(this.storage, offset, this.sectorSize);
  }

  write(offset: number, bytes: Uint8Array): void {
    checkRange(this.size, offset, bytes.length, 'write');
    const s = this.storage;
    if (this.#strict) {
      for (let i = 0; i < bytes.length; i++) {
        if (((bytes[i] as number) & ~(s[offset + i] as number) & 0xff) !== 0)
          throw new FlashError('FLASH_NOT_ERASED', `write at ${offset + i} would set bits that are 0 (erase first)`);
      }
    }
    for (let i = 0; i < bytes.length; i++) s[offset + i] = (s[offset + i] as number) & (bytes[i] as number);
    this.writes++;
    this.bytesWritten += bytes.length;
    this.#persist?.(this.storage, offset, bytes.length);
  }

  read(offset: number, length: number): Uint8Array {
    checkRange(this.size, offset, length, 'read');
    return this.storage.slice(offset, offset + length);
  }

  map(): Uint8Array {
    return this.storage;
  }
}
