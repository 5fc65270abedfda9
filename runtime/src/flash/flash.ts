/*
 * The flash interface the model store writes through: NOR semantics (erase sets a sector to 0xFF, a
 * write can only clear bits), as on the ESP32's SPI flash. Offsets are relative to the partition.
 */

export interface Flash {
  /** Bytes in the partition (a whole number of sectors). */
  readonly size: number;
  /** Erase unit in bytes (4096 on ESP32). */
  readonly sectorSize: number;
  /** Sets every byte of sector `sector` (an index, not an offset) to 0xFF. */
  erase(sector: number): void;
  /** Programs `bytes` at `offset`: each stored byte becomes `old & new` (bits only go 1 -> 0). */
  write(offset: number, bytes: Uint8Array): void;
  /** A copy of `length` bytes at `offset`. */
  read(offset: number, length: number): Uint8Array;
  /**
   * The whole partition as a read-only view that reflects later writes (memory-mapped flash), or
   * null when the partition cannot be mapped; readers then go through `read`.
   */
  map(): Uint8Array | null;
}

export type FlashErrorCode = 'FLASH_RANGE' | 'FLASH_NOT_ERASED' | 'FLASH_IO';

/** Misuse of a flash partition (out of range) or a failed device operation. */
export class FlashError extends Error {
  /** A class field, not an assignment: XS freezes Error.prototype after a Moddable preload. */
  override readonly name = 'FlashError';
  readonly code: FlashErrorCode;

  constructor(code: FlashErrorCode, message: string) {
    super(`${message} (${code})`);
    this.code = code;
  }
}

/** Throws FLASH_RANGE unless [offset, offset + length) lies inside a partition of `size` bytes. */
export function checkRange(size: number, offset: number, length: number, what: string): void {
  if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > size)
    throw new FlashError('FLASH_RANGE', `${what} [${offset}, +${length}) is outside the ${size}-byte partition`);
}
