/*
 * Every case of every shared model reproduces TFLM's outputs byte for byte inside the Linux XS host
 * (real XS, C kernels as host functions), through `mflow run --engine xs`.
 */
import test from 'ava';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packTflite } from '../../packer/src/pack.js';
import { ensureXsHost } from '../../packer/src/run_xs.js';
import { caseBytes, modelGoldens } from '../helpers/shared_data.js';
import { firstDifference } from '../helpers/golden_run.js';
import { mflow } from '../cli/cli_helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'mflow-xs-golden-'));
test.before(() => ensureXsHost('release'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

for (const set of modelGoldens()) {
  test.serial(`XS + C ${set.id}: every case bit-exact through mflow run --engine xs`, async (t) => {
    const mfb = join(dir, `${set.id}.mfb`);
    writeFileSync(mfb, packTflite(new Uint8Array(readFileSync(set.modelPath))).mfb);
    for (const c of set.cases) {
      const outs = c.outputs.map((_, i) => join(dir, `${set.id}.${c.name}.out${i}.bin`));
      const r = await mflow(
        'run',
        mfb,
        '--engine',
        'xs',
        '--json',
        ...c.inputs.flatMap((f) => ['--input', join(set.dir, f)]),
        ...outs.flatMap((o) => ['--output', o]),
      );
      t.is(r.code, 0, r.stderr);
      // int8 ops must have run in C; only float ops may fall back to the TS kernels.
      const kernels = (JSON.parse(r.stdout) as { xs: { kernels: string[] } }).xs.kernels;
      t.deepEqual([...new Set(kernels)], [set.id === 'hello_world_float' ? 'ts' : 'native'], c.name);
      c.outputs.forEach((f, i) =>
        t.is(firstDifference(new Uint8Array(readFileSync(outs[i] as string)), caseBytes(set, f)), null, `${c.name} output ${i}`),
      );
    }
  });
}
