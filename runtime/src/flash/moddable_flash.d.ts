/*
 * The members of Moddable's legacy `flash` module (modules/files/flash, ESP32) that Esp32Flash uses,
 * written from the SDK's implementation (its typings lag it: no offset/length constructor, no
 * useHostBuffer read). An app that builds with mcconfig gets the real module under this specifier.
 */
declare module 'flash' {
  export default class Flash {
    /** Opens the first data partition with this label (or "xs", "running", "nextota"). */
    constructor(partition: string);
    readonly byteLength: number;
    /** Erase unit: SPI_FLASH_SEC_SIZE (4096). */
    readonly blockSize: number;
    erase(sector: number): void;
    write(offset: number, byteLength: number, buffer: ArrayBuffer | ArrayBufferView): void;
    /** A copy, in a new ArrayBuffer. */
    read(offset: number, byteLength: number): ArrayBuffer;
    /** The whole partition, memory-mapped: a read-only host buffer that never moves. */
    map(): ArrayBuffer;
  }
}
