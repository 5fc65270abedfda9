/*
 * On the ATmega328P in simavr: sine and hello_world_int8, generated as C and built with avr-gcc -Os
 * from the same host/kernels code, reproduce every golden case bit for bit; the measurements the
 * bench reports are sane; gen-c's footprint estimate does not undercount what the build really
 * takes. And the generated C of every shared int8 model compiles with -Werror for the first MCU it fits.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { prepareAvrModel, runCases } from '../../boards/avr/run.js';
import { AVR_CFLAGS } from '../../boards/avr/toolchain.js';
import { generateC, McuFitError, MCUS, type GeneratedC } from '../../packer/src/gen_c/index.js';
import { packTflite } from '../../packer/src/pack.js';
import { firstDifference } from '../helpers/golden_run.js';
import { caseBytes, modelGoldens, repoRoot, type GoldenSet } from '../helpers/shared_data.js';
import { avrTest } from './avr_tools.js';

const dir = mkdtempSync(join(tmpdir(), 'mflow-avr-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

for (const id of ['sine', 'hello_world_int8']) {
  avrTest(`simavr ${id}: every case bit-exact on the ATmega328P`, (t) => {
    const set = modelGoldens().find((s) => s.id === id);
    if (!set) return t.fail(`shared model ${id} not found`);
    const m = prepareAvrModel(new Uint8Array(readFileSync(set.modelPath)), join(dir, id));
    const r = runCases(
      m,
      set.cases.map((c) => c.inputs.map((f) => caseBytes(set, f))),
      'all',
    );
    set.cases.forEach((c, k) =>
      c.outputs.forEach((f, o) => t.is(firstDifference(r.outputs[k]![o]!, caseBytes(set, f)), null, `${c.name} output ${o}`)),
    );
    t.log(`app flash ${m.app.flashBytes} B, peak RAM ${r.peakRamBytes} B, ${Math.min(...r.cycles)}..${Math.max(...r.cycles)} cycles`);
    t.true(
      r.cycles.every((n) => n > 1000 && n < 10_000_000),
      r.cycles.join(','),
    );
    t.true(r.firmware.flashBytes <= 32768 && r.peakRamBytes <= 2048);
    t.true(r.invokeStackBytes > 0 && r.invokeStackBytes < r.stackPeakBytes);
    const est = m.generated.footprint;
    t.true(est.flashBytes >= m.app.flashBytes, `flash estimate ${est.flashBytes} < ${m.app.flashBytes} measured`);
    t.true(est.stackBytes >= r.invokeStackBytes, `stack estimate ${est.stackBytes} < ${r.invokeStackBytes} measured`);
  });
}

/** The first MCU in the table the model fits, with its generated C; null when it fits none. */
function firstFit(set: GoldenSet): { mcu: string; c: GeneratedC } | null {
  const packed = packTflite(new Uint8Array(readFileSync(set.modelPath)));
  for (const mcu of Object.keys(MCUS)) {
    try {
      return { mcu, c: generateC(packed, { name: 'model', mcu }) };
    } catch (e) {
      if (!(e instanceof McuFitError)) throw e;
    }
  }
  return null;
}

for (const set of modelGoldens().filter((s) => s.id !== 'hello_world_float')) {
  avrTest(`avr-gcc -Werror compiles the generated C of ${set.id} for the first MCU it fits`, (t) => {
    const fit = firstFit(set);
    if (!fit) return t.pass('fits no MCU in the table');
    const work = join(dir, `cc_${set.id}`);
    mkdirSync(work, { recursive: true });
    writeFileSync(join(work, 'model.h'), fit.c.header);
    writeFileSync(join(work, 'model.c'), fit.c.source);
    const args = [`-mmcu=${fit.mcu}`, ...AVR_CFLAGS, `-I${join(repoRoot, 'host', 'include')}`, '-c', join(work, 'model.c')];
    t.notThrows(() => execFileSync('avr-gcc', [...args, '-o', join(work, 'model.o')], { stdio: 'pipe' }), fit.mcu);
  });
}
