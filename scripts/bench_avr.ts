/*
 * npm run bench:avr [-- --json FILE]: every shared int8 model that fits the ATmega328P, built from
 * generated C with avr-gcc -Os and run in simavr — flash (.text + .data, with the test firmware's
 * UART code and one embedded input), static RAM (.data + .bss), peak RAM (static + painted-stack
 * high-water mark) and exact cycles per inference; models that do not fit are listed with the numbers.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runOnAvr } from '../boards/avr/avr.js';
import { PackError } from '../packer/src/errors.js';
import { repoRoot } from '../packer/src/repo_root.js';
import { caseBytes, modelGoldens } from '../tests/helpers/shared_data.js';

interface Row {
  model: string;
  fits: boolean;
  flash_bytes: number | null;
  static_ram_bytes: number | null;
  peak_ram_bytes: number | null;
  cycles: number | null;
  bit_exact: boolean | null;
  note?: string;
}

const rows: Row[] = [];
for (const set of modelGoldens()) {
  const tflite = new Uint8Array(readFileSync(set.modelPath));
  process.stderr.write(`bench:avr ${set.id}\n`);
  try {
    const runs = set.cases.slice(0, 1);
    const r = runOnAvr(
      tflite,
      runs.map((c) => c.inputs.map((f) => caseBytes(set, f))),
      join(repoRoot(), 'build', 'avr', set.id),
    );
    const exact = runs.every((c, k) =>
      c.outputs.every((f, o) => Buffer.compare(Buffer.from(r.outputs[k]![o]!), Buffer.from(caseBytes(set, f))) === 0),
    );
    rows.push({
      model: set.id,
      fits: true,
      flash_bytes: r.flashBytes,
      static_ram_bytes: r.staticRamBytes,
      peak_ram_bytes: r.staticRamBytes + r.stackBytes,
      cycles: r.cycles[0]!,
      bit_exact: exact,
    });
  } catch (e) {
    if (!(e instanceof PackError)) throw e;
    rows.push({
      model: set.id,
      fits: false,
      flash_bytes: null,
      static_ram_bytes: null,
      peak_ram_bytes: null,
      cycles: null,
      bit_exact: null,
      note: `${e.code === 'TOO_LARGE' ? 'does not fit' : 'not supported'}: ${e.message}`,
    });
  }
}
console.log('| model | flash B | static RAM B | peak RAM B | cycles/inference | bit-exact |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    r.fits
      ? `| ${r.model} | ${r.flash_bytes} | ${r.static_ram_bytes} | ${r.peak_ram_bytes} | ${r.cycles} | ${r.bit_exact} |`
      : `| ${r.model} | ${r.note} | | | | |`,
  );
}
const i = process.argv.indexOf('--json');
if (i >= 0)
  writeFileSync(process.argv[i + 1] as string, `${JSON.stringify({ mcu: 'atmega328p', f_cpu: 16000000, models: rows }, null, 2)}\n`);
