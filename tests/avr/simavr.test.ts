/*
 * On the ATmega328P (simavr): sine and hello_world_int8 reproduce every golden case bit for bit,
 * built with avr-gcc -Os from the generated C and the same host/kernels code.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runOnAvr } from '../../boards/avr/avr.js';
import { caseBytes, modelGoldens } from '../helpers/shared_data.js';
import { firstDifference } from '../helpers/golden_run.js';

const dir = mkdtempSync(join(tmpdir(), 'mflow-avr-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));
const tools =
  ['avr-gcc', 'avr-size'].every((t) => !spawnSync(t, ['--version']).error) &&
  !spawnSync('gcc', ['-lsimavr', '-xc', '-', '-o', '/dev/null'], { input: 'int main(void){return 0;}' }).status;

for (const id of ['sine', 'hello_world_int8']) {
  test.serial(`simavr ${id}: every case bit-exact on the ATmega328P`, (t) => {
    if (!tools) {
      if (process.env.CI === 'true') return t.fail('avr-gcc, avr-libc or libsimavr-dev is missing');
      return t.pass('AVR toolchain not installed');
    }
    const set = modelGoldens().find((s) => s.id === id);
    if (!set) return t.pass();
    const r = runOnAvr(
      new Uint8Array(readFileSync(set.modelPath)),
      set.cases.map((c) => c.inputs.map((f) => caseBytes(set, f))),
      join(dir, id),
    );
    set.cases.forEach((c, k) => t.is(firstDifference(r.outputs[k]![0]!, caseBytes(set, c.outputs[0]!)), null, c.name));
    t.true(
      r.cycles.every((n) => n > 1000 && n < 1_000_000),
      r.cycles.join(','),
    );
    t.true(r.flashBytes < 32768 && r.staticRamBytes + r.stackBytes < 2048);
  });
}
