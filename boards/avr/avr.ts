/*
 * Node glue for the AVR path: generate C for a model, build the ATmega328P firmware with avr-gcc -Os,
 * run it in simavr through the libsimavr harness, and read back outputs, exact cycles per inference,
 * flash, static RAM and peak stack.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateC } from '../../packer/src/gen_c/emit.js';
import { sha256Hex } from '../../packer/src/gen_c/emit.js';
import { packTflite } from '../../packer/src/pack.js';
import { repoRoot } from '../../packer/src/repo_root.js';

export interface AvrRun {
  /** Output bytes per case, per output. */
  readonly outputs: Uint8Array[][];
  readonly cycles: number[];
  readonly flashBytes: number;
  readonly staticRamBytes: number;
  readonly stackBytes: number;
}

const root = (): string => repoRoot();

function harness(): string {
  const out = join(root(), 'build', 'avr');
  mkdirSync(out, { recursive: true });
  const bin = join(out, 'mflow-avr-harness');
  execFileSync('gcc', [
    '-std=gnu11',
    '-O2',
    '-Wall',
    '-Wextra',
    '-Werror',
    join(root(), 'boards', 'avr', 'harness.c'),
    '-o',
    bin,
    '-lsimavr',
  ]);
  return bin;
}

function casesHeader(inputs: readonly (readonly Uint8Array[])[], inBytes: readonly number[], outBytes: readonly number[]): string {
  const arr = (b: Uint8Array): string => Array.from(b, (x) => (x << 24) >> 24).join(', ');
  const lines = ['/* Generated test inputs. */', '#include <stdint.h>', '#include "mf_flash.h"', `#define MF_CASES ${inputs.length}`];
  lines.push(`static const MF_FLASH uint16_t mf_input_bytes[] = { ${inBytes.join(', ')} };`);
  lines.push(`static const MF_FLASH uint16_t mf_output_bytes[] = { ${outBytes.join(', ')} };`);
  inputs.forEach((c, k) => c.forEach((b, i) => lines.push(`static const MF_FLASH int8_t mf_c${k}_i${i}[] = { ${arr(b)} };`)));
  lines.push(`static const MF_FLASH int8_t *const MF_FLASH mf_case_inputs[MF_CASES][${inBytes.length}] = {`);
  inputs.forEach((c, k) => lines.push(`\t{ ${c.map((_, i) => `mf_c${k}_i${i}`).join(', ')} },`));
  lines.push('};');
  return `${lines.join('\n')}\n`;
}

function size(elf: string): { flash: number; ram: number } {
  const text = execFileSync('avr-size', ['-A', elf], { encoding: 'utf8' });
  const section = (name: string): number => Number(new RegExp(`^\\${name}\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return { flash: section('.text') + section('.data'), ram: section('.data') + section('.bss') };
}

/** Builds and runs a firmware holding `cases` (input bytes per case) for the model; throws on failure. */
export function runOnAvr(tflite: Uint8Array, cases: readonly (readonly Uint8Array[])[], workDir: string): AvrRun {
  const packed = packTflite(tflite);
  const c = generateC(packed, { name: 'model', mcu: 'atmega328p', tfliteSha256: sha256Hex(tflite) });
  mkdirSync(workDir, { recursive: true });
  writeFileSync(join(workDir, 'model.h'), c.header);
  writeFileSync(join(workDir, 'model.c'), c.source);
  const g = packed.graph;
  const bytesOf = (id: number): number => g.tensors[id]!.shape.reduce((a, b) => a * b, 1);
  writeFileSync(join(workDir, 'cases.h'), casesHeader(cases, g.inputs.map(bytesOf), g.outputs.map(bytesOf)));
  const kernels = readdirSync(join(root(), 'host', 'kernels'))
    .filter((f) => f.endsWith('.c'))
    .map((f) => join(root(), 'host', 'kernels', f));
  const elf = join(workDir, 'firmware.elf');
  execFileSync('avr-gcc', [
    '-mmcu=atmega328p',
    '-Os',
    '-std=gnu11',
    '-Wall',
    '-Wextra',
    '-Werror',
    '-ffunction-sections',
    '-fdata-sections',
    '-Wl,--gc-sections',
    `-I${workDir}`,
    `-I${join(root(), 'host', 'include')}`,
    `-I${join(root(), 'host', 'kernels')}`,
    join(root(), 'boards', 'avr', 'firmware.c'),
    join(workDir, 'model.c'),
    ...kernels,
    '-o',
    elf,
  ]);
  const r = spawnSync(harness(), [elf, '4000000000'], { encoding: 'utf8', timeout: 120000 });
  if (r.status !== 0) throw new Error(`simavr harness failed (status ${r.status}): ${r.stderr}`);
  const outputs: Uint8Array[][] = [];
  const cycles: number[] = [];
  let stack = 0;
  for (const line of r.stdout.split('\n')) {
    const m = /^case (\d+):(.*)$/.exec(line);
    if (m)
      outputs[Number(m[1])] = (m[2] as string)
        .trim()
        .split(' ')
        .map((hex) => Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16)));
    const cy = /^cycles (\d+)$/.exec(line);
    if (cy) cycles.push(Number(cy[1]));
    const st = /^stack (\d+)$/.exec(line);
    if (st) stack = Number(st[1]);
  }
  if (outputs.length !== cases.length || cycles.length !== cases.length) throw new Error(`firmware output incomplete: ${r.stdout}`);
  const s = size(elf);
  return { outputs, cycles, flashBytes: s.flash, staticRamBytes: s.ram, stackBytes: stack };
}
