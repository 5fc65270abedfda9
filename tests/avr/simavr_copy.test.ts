/*
 * COPY on the ATmega328P in simavr: data-movement goldens generated as C and built with avr-gcc -Os
 * reproduce every case bit for bit. mf_copy reads its params and index tables through __flash
 * pointers and does its offset arithmetic in int32 on a 16-bit machine, which host builds cannot show.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { prepareAvrModel, runCases } from '../../boards/avr/run.js';
import { firstDifference } from '../helpers/golden_run.js';
import { caseBytes, opGoldens } from '../helpers/shared_data.js';
import { avrTest } from './avr_tools.js';

const dir = mkdtempSync(join(tmpdir(), 'mflow-avr-copy-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

// Padding entries, a transpose's scattered bytes, a resize table, and an output assembled by two ops.
for (const name of ['op_padv2_3d_const', 'op_transpose_nhwc_to_nchw', 'op_resize_nearest_neighbor_half_pixel', 'op_concatenation_axis3']) {
  avrTest(`simavr ${name}: every case bit-exact on the ATmega328P`, (t) => {
    const set = opGoldens().find((s) => s.id === `ops/${name}`);
    if (!set) return t.fail(`golden ${name} not found`);
    const m = prepareAvrModel(new Uint8Array(readFileSync(set.modelPath)), join(dir, name));
    const r = runCases(
      m,
      set.cases.map((c) => c.inputs.map((f) => caseBytes(set, f))),
      'all',
    );
    set.cases.forEach((c, k) =>
      c.outputs.forEach((f, o) => t.is(firstDifference(r.outputs[k]![o]!, caseBytes(set, f)), null, `${c.name} output ${o}`)),
    );
    t.log(`${Math.min(...r.cycles)} cycles per inference`);
  });
}
