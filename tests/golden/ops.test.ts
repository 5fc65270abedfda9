/*
 * The single-operator golden models: those whose operator and dtype mflow supports are bit-exact on
 * Node and in XS + C; every other one is refused by the packer with a typed error naming the op —
 * at pack time, never on the device.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { PackError } from '../../packer/src/errors.js';
import { loadModelBytes } from '../../packer/src/load.js';
import { packTflite } from '../../packer/src/pack.js';
import { runXs } from '../../packer/src/run_xs.js';
import { openModel } from '../../runtime/src/model.js';
import { caseBytes, opGoldens } from '../helpers/shared_data.js';
import { firstDifference, runCaseNode } from '../helpers/golden_run.js';

const sets = opGoldens();

test('single-op goldens: supported ones bit-exact on Node and XS + C, the rest refused at pack time', (t) => {
  let supported = 0;
  for (const set of sets) {
    const bytes = new Uint8Array(readFileSync(set.modelPath));
    let mfb: Uint8Array;
    try {
      mfb = packTflite(bytes).mfb;
    } catch (e) {
      t.true(e instanceof PackError && /^UNSUPPORTED_/.test(e.code), `${set.id}: ${String(e)}`);
      t.regex((e as Error).message, /^op \d+ \([A-Z_0-9]+\): .*supported: /, set.id);
      continue;
    }
    supported++;
    const model = openModel(mfb);
    const loaded = loadModelBytes(set.id, mfb);
    for (const c of set.cases) {
      const node = runCaseNode(model, set, c);
      const xs = runXs(
        loaded,
        c.inputs.map((f) => caseBytes(set, f)),
      );
      c.outputs.forEach((f, i) => {
        t.is(firstDifference(node[i] as Uint8Array, caseBytes(set, f)), null, `${set.id}/${c.name} node`);
        t.is(firstDifference(xs.outputs[i] as Uint8Array, caseBytes(set, f)), null, `${set.id}/${c.name} xs`);
      });
    }
  }
  if (sets.length) t.is(supported, 29, 'supported single-op models');
});
