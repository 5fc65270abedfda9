/* `mflow gen-c`'s work: a .tflite (path or bytes) in, NAME.h and NAME.c written to a directory. */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packTflite } from '../pack.js';
import { generateC } from './emit.js';
import type { Footprint } from './footprint.js';

export interface GenCFileOptions {
  /** C identifier for symbols and file names; default "model". */
  readonly name?: string;
  /** A key of MCUS or 'host'; default "atmega328p". */
  readonly mcu?: string;
}

export interface GenCResult {
  /** Paths written: NAME.h, then NAME.c. */
  readonly files: readonly string[];
  readonly footprint: Footprint;
  readonly flashEstimate: number;
  readonly ramEstimate: number;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Generates NAME.h and NAME.c for a .tflite into outDir (created if missing). Nothing is written
 * unless generation succeeds. Throws:
 * - PackError BAD_OPTION: name is not a C identifier, or mcu is unknown (the message lists the MCUs);
 * - TfliteFormatError, PackError BAD_MODEL / UNSUPPORTED_*: the model cannot be packed (as `mflow pack`);
 * - PackError UNSUPPORTED_OP: an op has no C kernel (names the op; lists the supported ones);
 *   UNSUPPORTED_DTYPE: a model input or output is not int8;
 * - McuFitError (a PackError with code TOO_LARGE): the model does not fit the MCU; the message has
 *   the numbers, `footprint` and `mcu` carry them;
 * - Node's fs errors (ENOENT, EACCES, ...) reading the model or writing the files.
 */
export function genC(tflite: string | Uint8Array, outDir: string, options: GenCFileOptions = {}): GenCResult {
  const bytes = typeof tflite === 'string' ? new Uint8Array(readFileSync(tflite)) : tflite;
  const name = options.name ?? 'model';
  const c = generateC(packTflite(bytes), { name, mcu: options.mcu ?? 'atmega328p', tfliteSha256: sha256Hex(bytes) });
  mkdirSync(outDir, { recursive: true });
  const files = [join(outDir, `${name}.h`), join(outDir, `${name}.c`)];
  writeFileSync(files[0] as string, c.header);
  writeFileSync(files[1] as string, c.source);
  return { files, footprint: c.footprint, flashEstimate: c.flashEstimate, ramEstimate: c.ramEstimate };
}
