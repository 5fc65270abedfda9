/*
 * Every case of every shared model reproduces TFLM's outputs byte for byte inside the Linux XS host
 * (real XS, C kernels as host functions), through `mflow run --engine xs`, with the heavy ops on one
 * core and split across two (`--cores`, the interpreter's cores option).
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
  for (const cores of ['1', '2'] as const)
    test.serial(`XS + C ${set.id}, ${cores} core(s): every case bit-exact through mflow run --engine xs`, async (t) => {
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
          '--cores',
          cores,
          ...c.inputs.flatMap((f) => ['--input', join(set.dir, f)]),
          ...outs.flatMap((o) => ['--output', o]),
        );
        t.is(r.code, 0, r.stderr);
        // int8 ops must have run in C; only float ops may fall back to the TS kernels.
        const report = (JSON.parse(r.stdout) as { xs: { kernels: string[]; cores: number } }).xs;
        t.deepEqual([...new Set(report.kernels)], [set.id === 'hello_world_float' ? 'ts' : 'native'], c.name);
        t.is(report.cores, Number(cores));
        c.outputs.forEach((f, i) =>
          t.is(firstDifference(new Uint8Array(readFileSync(outs[i] as string)), caseBytes(set, f)), null, `${c.name} output ${i}`),
        );
      }
    });
}
