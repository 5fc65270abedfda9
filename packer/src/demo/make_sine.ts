/* Writes mflow's own sine demo model (see sine_model.ts) to a file. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { makeSineModel } from './sine_model.js';

export function writeSineModel(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, makeSineModel());
}
