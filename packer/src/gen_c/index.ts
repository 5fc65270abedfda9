/* `mflow gen-c`: writes NAME.h and NAME.c for a .tflite (see emit.ts). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packTflite } from '../pack.js';
import { generateC, sha256Hex } from './emit.js';

export { generateC, GEN_C_OPS } from './emit.js';
export { MCUS } from './mcus.js';

export function genC(
  tflite: Uint8Array,
  outDir: string,
  options: { name?: string; mcu?: string } = {},
): { files: string[]; flashEstimate: number; ramEstimate: number } {
  const name = options.name ?? 'model';
  const c = generateC(packTflite(tflite), { name, mcu: options.mcu ?? 'atmega328p', tfliteSha256: sha256Hex(tflite) });
  mkdirSync(outDir, { recursive: true });
  const files = [join(outDir, `${name}.h`), join(outDir, `${name}.c`)];
  writeFileSync(files[0]!, c.header);
  writeFileSync(files[1]!, c.source);
  return { files, flashEstimate: c.flashEstimate, ramEstimate: c.ramEstimate };
}
