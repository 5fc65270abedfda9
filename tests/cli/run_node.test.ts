/* `mflow run --engine node` reproduces every golden case of every shared model, byte for byte. */
import test from 'ava';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packTflite } from '../../packer/src/pack.js';
import { caseBytes, modelGoldens } from '../helpers/shared_data.js';
import { firstDifference } from '../helpers/golden_run.js';
import { mflow } from './cli_helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'mflow-cli-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

for (const set of modelGoldens()) {
  test.serial(`mflow run ${set.id}: every case bit-exact`, async (t) => {
    const mfb = join(dir, `${set.id}.mfb`);
    writeFileSync(mfb, packTflite(new Uint8Array(readFileSync(set.modelPath))).mfb);
    for (const c of set.cases) {
      const outs = c.outputs.map((_, i) => join(dir, `${set.id}.${c.name}.out${i}.bin`));
      const args = ['run', mfb, ...c.inputs.flatMap((f) => ['--input', join(set.dir, f)]), ...outs.flatMap((o) => ['--output', o])];
      const r = await mflow(...args);
      t.is(r.code, 0, r.stderr);
      c.outputs.forEach((f, i) =>
        t.is(firstDifference(new Uint8Array(readFileSync(outs[i] as string)), caseBytes(set, f)), null, `${c.name} output ${i}`),
      );
    }
  });
}
