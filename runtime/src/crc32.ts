/*
 * CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320, init and final xor 0xFFFFFFFF) — the same CRC
 * as zlib and ESP-IDF's esp_rom_crc32_le, so a device can check pages with its ROM routine.
 */

let table: Uint32Array | null = null;

function crcTable(): Uint32Array {
  if (table) return table;
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  table = t;
  return t;
}

/** CRC-32 of bytes[start, end), continuing from `crc` (pass the previous result to chain). */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length, crc = 0): number {
  const t = crcTable();
  let c = ~crc >>> 0;
  for (let i = start; i < end; i++) c = (t[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return ~c >>> 0;
}

/** The header CRC: bytes [0, 124) continued over the page table and its padding, [128, payload_offset). */
export function headerCrc(bytes: Uint8Array, payloadOffset: number): number {
  return crc32(bytes, 128, payloadOffset, crc32(bytes, 0, 124));
}
