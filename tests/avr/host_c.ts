/*
 * Builds generated C (gen-c --name model) for the host with gcc -std=gnu11 -Wall -Wextra -Werror
 * under ASan + UBSan, linked with tests/avr/gen_c_main.c and the host/kernels sources, and runs it.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GeneratedC } from '../../packer/src/gen_c/index.js';
import { buildProgram, kernelSources, SANITIZE } from '../kernels/c_build.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Writes model.h/model.c into dir and returns the path of the built driver. */
export function buildHostModel(c: GeneratedC, dir: string, label: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.h'), c.header);
  writeFileSync(join(dir, 'model.c'), c.source);
  return buildProgram(`gen_c_${label}`, [join(dir, 'model.c'), join(here, 'gen_c_main.c'), ...kernelSources()], [...SANITIZE, `-I${dir}`]);
}

/** Runs one inference; throws with the sanitizer's report when the driver fails. */
export function runHostModel(bin: string, inputs: readonly Uint8Array[], outputCount: number, dir: string): Uint8Array[] {
  const ins = inputs.map((b, i) => {
    const f = join(dir, `in${i}.bin`);
    writeFileSync(f, b);
    return f;
  });
  const outs = Array.from({ length: outputCount }, (_, i) => join(dir, `out${i}.bin`));
  const r = spawnSync(bin, [...ins, ...outs], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${bin} exited with ${r.status ?? r.signal ?? r.error?.message}: ${r.stderr}`);
  return outs.map((f) => new Uint8Array(readFileSync(f)));
}
