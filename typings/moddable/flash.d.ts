// Moddable's legacy "flash" module on ESP32 (modules/files/flash): a data partition by label.
declare module 'flash' {
  export default class Flash {
    /** The first data partition with this label ("xs", "running" and "nextota" are special); throws when none. */
    constructor(partition: string);
    readonly byteLength: number;
    /** Erase unit: 4096 bytes. */
    readonly blockSize: number;
    /** Erases one 4096-byte sector (by index). */
    erase(sector: number): void;
    /** NOR flash: a write can only clear bits; erase first. */
    write(offset: number, byteLength: number, buffer: ArrayBuffer | ArrayBufferView): void;
    /** A copy in a new ArrayBuffer. */
    read(offset: number, byteLength: number): ArrayBuffer;
    /** The whole partition memory-mapped: a read-only host buffer that never moves. */
    map(): ArrayBuffer;
  }
}
