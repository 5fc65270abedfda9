/*
 * avr-gcc builds for the AVR board: the generated model and host/kernels compiled once per model,
 * linked with a main (the test firmware or the minimal app), sized with avr-size; and the host-side
 * simavr harness.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { GeneratedC } from '../../packer/src/gen_c/index.js';
import { repoRoot } from '../../packer/src/repo_root.js';
import { AVR_CFLAGS } from './toolchain.js';

export interface AvrImage {
  readonly elf: string;
  /** .text + .data: code, program-memory constants and the initial values of RAM data. */
  readonly flashBytes: number;
  /** .data + .bss + .noinit: RAM taken before the first instruction of main. */
  readonly staticRamBytes: number;
}

/** The link ran out of flash or RAM; `bytes` is how far over it went. */
export class AvrOverflowError extends Error {
  constructor(
    readonly region: 'text' | 'data',
    readonly bytes: number,
    message: string,
  ) {
    super(message);
    this.name = 'AvrOverflowError';
  }
}

export const boardDir = (): string => join(repoRoot(), 'boards', 'avr');
const includes = (): string[] => [`-I${join(repoRoot(), 'host', 'include')}`, `-I${join(repoRoot(), 'host', 'kernels')}`];

function avrGcc(args: readonly string[], cwd?: string): void {
  try {
    execFileSync('avr-gcc', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const stderr = String((e as { stderr?: unknown }).stderr ?? '');
    const m = /region `(text|data)' overflowed by (\d+) bytes/.exec(stderr);
    if (m) throw new AvrOverflowError(m[1] as 'text' | 'data', Number(m[2]), `avr-gcc: ${m[0]}`);
    throw new Error(`avr-gcc ${args.join(' ')} failed:\n${stderr}`);
  }
}

/** Writes model.h/model.c into dir and compiles them and every host/kernels source for the MCU. */
export function compileModel(c: GeneratedC, workDir: string, mcu: string): string[] {
  const dir = resolve(workDir); // avr-gcc runs in dir (it writes the objects there)
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.h'), c.header);
  writeFileSync(join(dir, 'model.c'), c.source);
  const kernelDir = join(repoRoot(), 'host', 'kernels');
  const sources = [
    join(dir, 'model.c'),
    ...readdirSync(kernelDir)
      .filter((f) => f.endsWith('.c'))
      .sort()
      .map((f) => join(kernelDir, f)),
  ];
  avrGcc([`-mmcu=${mcu}`, ...AVR_CFLAGS, ...includes(), '-c', ...sources], dir);
  return sources.map((s) => join(dir, basename(s).replace(/\.c$/, '.o')));
}

export function avrSize(elf: string): { flashBytes: number; staticRamBytes: number } {
  const text = execFileSync('avr-size', ['-A', elf], { encoding: 'utf8' });
  const section = (name: string): number => Number(new RegExp(`^\\.${name}\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return { flashBytes: section('text') + section('data'), staticRamBytes: section('data') + section('bss') + section('noinit') };
}

/** Links main (a .c under boards/avr) with the model objects; includeDirs come first (cases.h). */
export function linkImage(main: string, objects: readonly string[], elf: string, mcu: string, includeDirs: readonly string[]): AvrImage {
  avrGcc([
    `-mmcu=${mcu}`,
    ...AVR_CFLAGS,
    ...includeDirs.map((d) => `-I${d}`),
    ...includes(),
    join(boardDir(), main),
    ...objects,
    '-Wl,--gc-sections',
    '-o',
    elf,
  ]);
  return { elf, ...avrSize(elf) };
}

/** Builds build/avr/mflow-avr-sim from harness.c when missing or older than its source. */
export function buildHarness(): string {
  const out = join(repoRoot(), 'build', 'avr');
  mkdirSync(out, { recursive: true });
  const bin = join(out, 'mflow-avr-sim');
  const src = join(boardDir(), 'harness.c');
  if (existsSync(bin) && statSync(bin).mtimeMs >= statSync(src).mtimeMs) return bin;
  // Build beside and rename: test workers and the bench may build it at the same time.
  const tmp = `${bin}.${process.pid}`;
  execFileSync('gcc', ['-std=gnu11', '-O2', '-Wall', '-Wextra', '-Werror', src, '-o', tmp, '-lsimavr'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  renameSync(tmp, bin);
  return bin;
}
