/*
 * A simulated flash chip kept in a file, so its contents survive the process (a "power cut" is then a
 * real exit). The file I/O is injected: the Linux XS host's readFile/writeFile, or node:fs.
 */
import { SimFlash, type SimFlashOptions } from '../../runtime/src/flash/sim_flash.js';

export interface FileIo {
  /** The file's bytes, or null when it does not exist. */
  read(path: string): Uint8Array | null;
  write(path: string, bytes: Uint8Array): void;
}

/**
 * Opens (or creates, erased) a chip of `size` bytes stored at `path`. Every erase and write is
 * written through to the file before it returns, like flash.
 */
export function fileFlash(io: FileIo, path: string, size: number, options: Omit<SimFlashOptions, 'persist'> = {}): SimFlash {
  const existing = io.read(path);
  if (existing && existing.length !== size) throw new Error(`${path} holds ${existing.length} bytes, not a ${size}-byte chip`);
  const storage = existing ?? new Uint8Array(size).fill(0xff);
  if (!existing) io.write(path, storage);
  return new SimFlash(storage, { ...options, persist: (s) => io.write(path, s) });
}
