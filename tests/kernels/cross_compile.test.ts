/*
 * The portable C (kernels, the digest library and the split of ops across cores) builds warning-free, -Werror, for every target we
 * ship: x86-64, 32-bit x86, Cortex-M4, Xtensa (ESP8266/ESP32 family) and the 8-bit ATmega328P.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/shared_data.js';

const TARGETS: readonly [string, string, string[]][] = [
  ['x86-64', 'gcc', ['-O2']],
  ['x86 32-bit', 'gcc', ['-m32', '-O2']],
  ['Cortex-M4', 'arm-none-eabi-gcc', ['-mcpu=cortex-m4', '-mthumb', '-O2', '-ffreestanding']],
  ['Xtensa lx106', 'xtensa-lx106-elf-gcc', ['-O2', '-ffreestanding']],
  ['ATmega328P', 'avr-gcc', ['-mmcu=atmega328p', '-Os']],
];

const sources = ['kernels', 'lib', 'cores'].flatMap((d) =>
  readdirSync(join(repoRoot, 'host', d))
    .filter((f) => f.endsWith('.c'))
    .map((f) => join(repoRoot, 'host', d, f)),
);
const includes = ['include', 'kernels', 'lib', 'cores'].map((d) => `-I${join(repoRoot, 'host', d)}`);
const dir = mkdtempSync(join(tmpdir(), 'mflow-cc-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

for (const [name, cc, flags] of TARGETS) {
  test(`${name}: ${sources.length} C files compile with -Wall -Wextra -Werror`, (t) => {
    const probe = spawnSync(cc, ['--version']);
    if (probe.error) {
      if (process.env.CI === 'true') return t.fail(`${cc} is not installed`);
      return t.pass(`${cc} not installed here`);
    }
    for (const src of sources) {
      const r = spawnSync(cc, ['-std=gnu11', '-Wall', '-Wextra', '-Werror', ...flags, ...includes, '-c', src, '-o', join(dir, 'x.o')], {
        encoding: 'utf8',
      });
      t.is(r.status, 0, `${src}: ${r.stderr}`);
    }
  });
}
