/*
 * npm run bench:avr [-- --mcu atmega328p] [--json FILE]
 *
 * Every shared model on an AVR part (default the ATmega328P), as generated C built with avr-gcc -Os
 * and run in simavr. One test firmware per golden case, each embedding that case's input. Per model:
 * - flash: avr-size .text + .data of the test firmware of case 0 (UART reporting, one input);
 * - model flash: the same for boards/avr/app_min.c, i.e. the model alone (C run-time and vectors in);
 * - static RAM: .data + .bss of the test firmware; peak RAM: static RAM + the painted stack's
 *   high-water mark, the largest over all cases;
 * - cycles: one inference (call to return), exact in simavr, case 0 and the range over all cases;
 * - bit-exact: every output of every case equals TFLM's.
 * Models gen-c refuses are listed with the reason and, when too big, the numbers. Exit status 1 when a
 * model that ran was not bit-exact.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AvrOverflowError } from '../boards/avr/build.js';
import { prepareAvrModel, runCases, type AvrRun } from '../boards/avr/run.js';
import { missingAvrTools } from '../boards/avr/toolchain.js';
import { PackError } from '../packer/src/errors.js';
import { McuFitError, MCUS } from '../packer/src/gen_c/index.js';
import { repoRoot } from '../packer/src/repo_root.js';
import { caseBytes, modelGoldens, type GoldenSet } from '../tests/helpers/shared_data.js';

interface Row {
  readonly model: string;
  readonly fits: boolean;
  readonly flash_bytes: number | null;
  readonly model_flash_bytes: number | null;
  readonly static_ram_bytes: number | null;
  readonly peak_ram_bytes: number | null;
  readonly invoke_stack_bytes: number | null;
  readonly cycles: number | null;
  readonly cycles_min: number | null;
  readonly cycles_max: number | null;
  readonly bit_exact: boolean | null;
  readonly cases: number;
  /** gen-c's estimate before building (what the fit check uses). */
  readonly estimate: { readonly flash_bytes: number; readonly ram_bytes: number } | null;
  readonly note?: string;
}

const GOAL = { model: 'sine', flash: 2048, peakRam: 160, cycles: 15000 };

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function notRun(model: string, cases: number, note: string, estimate: Row['estimate'] = null): Row {
  const none = { flash_bytes: null, model_flash_bytes: null, static_ram_bytes: null, peak_ram_bytes: null, invoke_stack_bytes: null };
  return { model, fits: false, ...none, cycles: null, cycles_min: null, cycles_max: null, bit_exact: null, cases, estimate, note };
}

function benchModel(set: GoldenSet, mcu: string): Row {
  const tflite = new Uint8Array(readFileSync(set.modelPath));
  const dir = join(repoRoot(), 'build', 'avr', mcu, set.id);
  mkdirSync(dir, { recursive: true });
  let m;
  try {
    m = prepareAvrModel(tflite, dir, mcu);
  } catch (e) {
    if (e instanceof McuFitError) {
      const estimate = { flash_bytes: e.footprint.flashBytes, ram_bytes: e.footprint.ramBytes };
      return notRun(set.id, set.cases.length, `does not fit: ${e.message}`, estimate);
    }
    if (e instanceof PackError) return notRun(set.id, set.cases.length, `not supported: ${e.message}`);
    if (e instanceof AvrOverflowError) return notRun(set.id, set.cases.length, `does not link: ${e.message}`);
    throw e;
  }
  const runs: AvrRun[] = set.cases.map((c, k) => runCases(m, [c.inputs.map((f) => caseBytes(set, f))], `case${k}`));
  const exact = set.cases.every((c, k) =>
    c.outputs.every((f, o) => Buffer.compare(Buffer.from(runs[k]!.outputs[0]![o]!), Buffer.from(caseBytes(set, f))) === 0),
  );
  const cycles = runs.map((r) => r.cycles[0]!);
  return {
    model: set.id,
    fits: true,
    flash_bytes: runs[0]!.firmware.flashBytes,
    model_flash_bytes: m.app.flashBytes,
    static_ram_bytes: runs[0]!.firmware.staticRamBytes,
    peak_ram_bytes: Math.max(...runs.map((r) => r.peakRamBytes)),
    invoke_stack_bytes: Math.max(...runs.map((r) => r.invokeStackBytes)),
    cycles: cycles[0]!,
    cycles_min: Math.min(...cycles),
    cycles_max: Math.max(...cycles),
    bit_exact: exact,
    cases: set.cases.length,
    estimate: { flash_bytes: m.generated.footprint.flashBytes, ram_bytes: m.generated.footprint.ramBytes },
  };
}

function table(rows: readonly Row[], mcu: string): string {
  const lines = [
    `mflow on the ${mcu} (avr-gcc -Os, simavr); flash and RAM in bytes, cycles per inference`,
    '',
    '| model | flash (test firmware) | flash (model alone) | static RAM | peak RAM | cycles (case 0) | cycles (all cases) | bit-exact |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    lines.push(
      r.fits
        ? `| ${r.model} | ${r.flash_bytes} | ${r.model_flash_bytes} | ${r.static_ram_bytes} | ${r.peak_ram_bytes} | ${r.cycles} | ${r.cycles_min}..${r.cycles_max} | ${r.bit_exact ? `yes (${r.cases} cases)` : 'NO'} |`
        : `| ${r.model} | ${r.note} | | | | | | |`,
    );
  }
  const g = rows.find((r) => r.model === GOAL.model && r.fits);
  if (g) {
    const ok = (v: number | null, max: number): string => `${v} ${v !== null && v <= max ? '<=' : '>'} ${max}`;
    lines.push(
      '',
      `goal for ${GOAL.model}: flash ${ok(g.model_flash_bytes, GOAL.flash)} (model alone; test firmware ${g.flash_bytes}), ` +
        `peak RAM ${ok(g.peak_ram_bytes, GOAL.peakRam)}, cycles ${ok(g.cycles, GOAL.cycles)}`,
    );
  }
  return lines.join('\n');
}

function main(): void {
  const mcu = arg('--mcu') ?? 'atmega328p';
  if (!MCUS[mcu]) throw new Error(`"--mcu" must be one of ${Object.keys(MCUS).join(', ')}, got "${mcu}"`);
  const missing = missingAvrTools();
  if (missing.length) throw new Error(`missing: ${missing.join(', ')} (apt-get install -y gcc-avr avr-libc libsimavr-dev)`);
  const sets = modelGoldens();
  if (!sets.length) throw new Error('no shared models found (set MFLOW_DATA)');
  const rows = sets.map((set) => {
    process.stderr.write(`bench:avr ${mcu} ${set.id}\n`);
    return benchModel(set, mcu);
  });
  console.log(table(rows, mcu));
  const json = arg('--json');
  if (json) writeFileSync(json, `${JSON.stringify({ mcu, f_cpu_hz: 16_000_000, models: rows }, null, 2)}\n`);
  if (rows.some((r) => r.bit_exact === false)) process.exitCode = 1;
}

main();
