/*
 * gen-c's AVR cost model (packer/src/gen_c/mcus.ts) against the kernels as they are now: every
 * host/kernels source has an entry, and each entry's code, RAM and stack bound is at least what
 * avr-gcc -Os makes of the kernel today and not far above it. When a kernel changes, this says which
 * number to update (round it up a little, as the table's header says), so the fit check never
 * silently undercounts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { avrSize } from '../../boards/avr/build.js';
import { AVR_CFLAGS } from '../../boards/avr/toolchain.js';
import { GEN_C_OPS } from '../../packer/src/gen_c/index.js';
import { cKernel } from '../../packer/src/gen_c/kernels.js';
import { AVR_KERNEL_COSTS } from '../../packer/src/gen_c/mcus.js';
import { OPS } from '../../runtime/src/format/ops.js';
import type { OpSpec } from '../../runtime/src/format/ops.js';
import { repoRoot } from '../helpers/shared_data.js';
import { avrTest } from './avr_tools.js';

const dir = mkdtempSync(join(tmpdir(), 'mflow-avr-cost-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

const kernelDir = join(repoRoot, 'host', 'kernels');
const include = [`-I${join(repoRoot, 'host', 'include')}`, `-I${kernelDir}`];
const specs = Object.values(OPS) as OpSpec[];
/** The functions gen-c calls from each kernel file. */
const functionsOf = (file: string): string[] =>
  GEN_C_OPS.map((name) => cKernel(specs.find((s) => s.name === name)!)!).flatMap((k) => (k.file === file ? [k.fn] : []));

/** .text + .data and .data + .bss of a program that keeps `fns` alive, minus one that keeps nothing. */
function measure(file: string, fns: readonly string[]): { code: number; ram: number } {
  const build = (label: string, keep: readonly string[]): { flashBytes: number; staticRamBytes: number } => {
    const src = join(dir, `${label}.c`);
    const refs = ['0', ...keep].map((f) => `\tkeep = (void (*)(void))${f};`).join('\n');
    writeFileSync(src, `#include "mf_kernels.h"\nvoid (*volatile keep)(void);\nint main(void)\n{\n${refs}\n\tfor (;;) {}\n}\n`);
    const elf = join(dir, `${label}.elf`);
    execFileSync('avr-gcc', ['-mmcu=atmega328p', ...AVR_CFLAGS, ...include, src, join(kernelDir, file), '-Wl,--gc-sections', '-o', elf]);
    return avrSize(elf);
  };
  const base = build('base', []);
  const withKernel = build(file.replace(/\.c$/, ''), fns);
  return { code: withKernel.flashBytes - base.flashBytes, ram: withKernel.staticRamBytes - base.staticRamBytes };
}

/** Stack bound: every function's -fstack-usage in the file (as if all nested), return addresses, libgcc. */
function stackBound(file: string): number {
  execFileSync('avr-gcc', ['-mmcu=atmega328p', ...AVR_CFLAGS, ...include, '-fstack-usage', '-c', join(kernelDir, file)], { cwd: dir });
  const su = readFileSync(join(dir, file.replace(/\.c$/, '.su')), 'utf8')
    .trim()
    .split('\n');
  return su.reduce((s, line) => s + Number(line.split('\t')[1]) + 2, 0) + 16;
}

test('every host/kernels source gen-c calls has an AVR cost entry', (t) => {
  const files = readdirSync(kernelDir).filter((f) => f.endsWith('.c'));
  for (const f of files) t.truthy(AVR_KERNEL_COSTS[f], `${f} has no entry in AVR_KERNEL_COSTS`);
});

for (const [file, cost] of Object.entries(AVR_KERNEL_COSTS)) {
  avrTest(`AVR cost of ${file} matches avr-gcc -Os`, (t) => {
    const m = measure(file, functionsOf(file));
    const stack = stackBound(file);
    t.log(
      `code ${m.code} B (table ${cost.codeBytes}), RAM ${m.ram} B (table ${cost.ramBytes}), stack bound ${stack} B (table ${cost.stackBytes})`,
    );
    t.true(cost.codeBytes >= m.code && cost.codeBytes <= m.code * 1.15 + 128, `codeBytes should be about ${m.code}`);
    t.true(cost.ramBytes >= m.ram && cost.ramBytes <= m.ram + 16, `ramBytes should be ${m.ram}`);
    t.true(cost.stackBytes >= stack && cost.stackBytes <= stack + 48, `stackBytes should be about ${stack}`);
  });
}
