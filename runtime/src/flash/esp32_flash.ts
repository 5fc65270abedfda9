/*
 * The Flash interface over a Moddable `flash` partition on ESP32. The app opens the partition (so
 * this module never imports "flash" and stays loadable on Node):
 *
 *   import Flash from "flash";
 *   const slotA = new Esp32Flash(new Flash("mflow_a"));
 */
import type ModdableFlash from 'flash';
import { checkRange, type Flash } from './flash.js';

export class Esp32Flash implements Flash {
  readonly size: number;
  readonly sectorSize: number;
  readonly #f: ModdableFlash;
  #mapped: Uint8Array | null = null;

  constructor(partition: ModdableFlash) {
    this.#f = partition;
    this.size = partition.byteLength;
    this.sectorSize = partition.blockSize || 4096;
  }

  // The SDK does no bounds checks in JS (esp_partition_* return errors instead): check here.
  erase(sector: number): void {
    checkRange(this.size, sector * this.sectorSize, this.sectorSize, `erase of sector ${sector}`);
    this.#f.erase(sector);
  }

  write(offset: number, bytes: Uint8Array): void {
    checkRange(this.size, offset, bytes.length, 'write');
    this.#f.write(offset, bytes.length, bytes);
  }

  read(offset: number, length: number): Uint8Array {
    checkRange(this.size, offset, length, 'read');
    return new Uint8Array(this.#f.read(offset, length));
  }

  /** Mapped once and kept: the mapping lives as long as the Flash object (its destructor unmaps). */
  map(): Uint8Array {
    this.#mapped ??= new Uint8Array(this.#f.map());
    return this.#mapped;
  }
}
