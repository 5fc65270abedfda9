/*
 * The AVR tools this board needs (Debian: gcc-avr, avr-libc, libsimavr-dev, plus the host gcc) and
 * the flags every AVR build uses. Probed once per process so tests can fail (CI) or skip (a laptop)
 * with the list of what is missing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** -Os as shipped firmware is built; sections per function and object so the link drops what is unused. */
export const AVR_CFLAGS: readonly string[] = Object.freeze([
  '-Os',
  '-std=gnu11',
  '-Wall',
  '-Wextra',
  '-Werror',
  '-ffunction-sections',
  '-fdata-sections',
]);

let missing: string[] | null = null;

function compiles(compiler: string, flags: readonly string[], source: string, dir: string, libs: readonly string[] = []): boolean {
  const src = join(dir, 'probe.c');
  writeFileSync(src, source);
  const r = spawnSync(compiler, [...flags, src, '-o', join(dir, 'probe'), ...libs], { encoding: 'utf8' });
  return !r.error && r.status === 0;
}

/** Names of the missing pieces (Debian package names), empty when all are there. */
export function missingAvrTools(): string[] {
  if (missing) return missing;
  const dir = mkdtempSync(join(tmpdir(), 'mflow-avr-probe-'));
  try {
    const found: string[] = [];
    if (spawnSync('avr-gcc', ['--version']).error) found.push('gcc-avr');
    else if (!compiles('avr-gcc', ['-mmcu=atmega328p'], '#include <avr/io.h>\nint main(void) { return PINB; }\n', dir))
      found.push('avr-libc');
    if (spawnSync('avr-size', ['--version']).error) found.push('binutils-avr');
    if (spawnSync('gcc', ['--version']).error) found.push('gcc');
    else if (
      !compiles('gcc', [], '#include <simavr/sim_avr.h>\nint main(void) { return avr_make_mcu_by_name("atmega328p") == 0; }\n', dir, [
        '-lsimavr',
      ])
    )
      found.push('libsimavr-dev');
    missing = found;
    return found;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
