/* global readFile, writeFile */
// Stand-in for Moddable's legacy "flash" module on ESP32 (modules/files/flash): a data partition by label,
// 4096-byte erase sectors, writes that can only clear bits (like NOR flash), and map(). Each partition is
// kept in <--flash>/<label>.bin, written through after every erase and write, so a second process sees
// what the first one left ("a reboot"). Size: --flash-size (bytes, default 64 KB).
import { numberOption, option } from './env.js';

const SECTOR = 4096;

export default class Flash {
  #bytes;
  #file;

  constructor(label) {
    const size = numberOption('flash-size', 65536);
    this.#file = `${option('flash', '.')}/${label}.bin`;
    let stored = null;
    try {
      stored = new Uint8Array(readFile(this.#file));
    } catch {
      // first use: an erased partition
    }
    if (stored && stored.length !== size) throw new Error(`${this.#file}: ${stored.length} bytes, expected ${size}`);
    this.#bytes = stored ?? new Uint8Array(size).fill(0xff);
    if (!stored) this.#persist();
  }

  get byteLength() {
    return this.#bytes.length;
  }

  get blockSize() {
    return SECTOR;
  }

  erase(sector) {
    const at = sector * SECTOR;
    if (!(sector >= 0 && at + SECTOR <= this.#bytes.length)) throw new RangeError(`erase: bad sector ${sector}`);
    this.#bytes.fill(0xff, at, at + SECTOR);
    this.#persist();
  }

  write(offset, byteLength, buffer) {
    const src = ArrayBuffer.isView(buffer) ? new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) : new Uint8Array(buffer);
    if (!(offset >= 0 && byteLength <= src.length && offset + byteLength <= this.#bytes.length))
      throw new RangeError('write: out of range');
    for (let i = 0; i < byteLength; i++) this.#bytes[offset + i] &= src[i];
    this.#persist();
  }

  read(offset, byteLength) {
    if (!(offset >= 0 && offset + byteLength <= this.#bytes.length)) throw new RangeError('read: out of range');
    return this.#bytes.slice(offset, offset + byteLength).buffer;
  }

  map() {
    return this.#bytes.buffer;
  }

  #persist() {
    writeFile(this.#file, this.#bytes);
  }
}
