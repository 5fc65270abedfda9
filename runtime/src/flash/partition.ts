/*
 * A sector-aligned window of a larger flash, so two model slots can share one simulated chip the way
 * two data partitions share the ESP32's flash.
 */
import { checkRange, FlashError, type Flash } from './flash.js';

export function partition(flash: Flash, offset: number, size: number): Flash {
  const s = flash.sectorSize;
  if (offset % s !== 0 || size % s !== 0 || size <= 0)
    throw new FlashError('FLASH_RANGE', `partition [${offset}, +${size}) is not aligned to ${s}-byte sectors`);
  checkRange(flash.size, offset, size, 'partition');
  const first = offset / s;
  return {
    size,
    sectorSize: s,
    erase(sector) {
      checkRange(size, sector * s, s, `erase of sector ${sector}`);
      flash.erase(first + sector);
    },
    write(at, bytes) {
      checkRange(size, at, bytes.length, 'write');
      flash.write(offset + at, bytes);
    },
    read(at, length) {
      checkRange(size, at, length, 'read');
      return flash.read(offset + at, length);
    },
    map() {
      const m = flash.map();
      return m ? m.subarray(offset, offset + size) : null;
    },
  };
}
