/*
 * gen-c output compiled for the host (gcc, ASan + UBSan) reproduces every golden case of every shared
 * int8 model bit for bit: the static C path computes what the interpreter computes.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateC } from '../../packer/src/gen_c/index.js';
import { sha256Hex } from '../../packer/src/gen_c/emit.js';
import { packTflite } from '../../packer/src/pack.js';
import { PackError } from '../../packer/src/errors.js';
import { caseBytes, modelGoldens, repoRoot } from '../helpers/shared_data.js';
import { firstDifference } from '../helpers/golden_run.js';
import { buildProgram, kernelSources, SANITIZE } from '../kernels/c_build.js';

const dir = mkdtempSync(join(tmpdir(), 'mflow-genc-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

for (const set of modelGoldens()) {
  test.serial(`gen-c ${set.id}: every case bit-exact on the host`, (t) => {
    const tflite = new Uint8Array(readFileSync(set.modelPath));
    const packed = packTflite(tflite);
    if (set.id === 'hello_world_float') {
      const e = t.throws(() => generateC(packed, { name: 'model', mcu: 'host', tfliteSha256: '' }), { instanceOf: PackError });
      t.regex(e?.message ?? '', /op 0 \(FULLY_CONNECTED_F32\): gen-c has no C kernel for FULLY_CONNECTED_F32/);
      return;
    }
    const c = generateC(packed, { name: 'model', mcu: 'host', tfliteSha256: sha256Hex(tflite) });
    const src = join(dir, set.id);
    spawnSync('mkdir', ['-p', src]);
    writeFileSync(join(src, 'model.h'), c.header);
    writeFileSync(join(src, 'model.c'), c.source);
    const bin = buildProgram(
      `gen_c_${set.id}`,
      [join(src, 'model.c'), join(repoRoot, 'host', 'test', 'gen_c_main.c'), ...kernelSources()],
      [...SANITIZE.filter((f) => f !== '-O1'), '-O0', `-I${src}`],
    );
    for (const cs of set.cases) {
      const outs = cs.outputs.map((_, i) => join(src, `out${i}.bin`));
      const r = spawnSync(bin, [...cs.inputs.map((f) => join(set.dir, f)), ...outs], { encoding: 'utf8' });
      t.is(r.status, 0, r.stderr);
      cs.outputs.forEach((f, i) =>
        t.is(firstDifference(new Uint8Array(readFileSync(outs[i] as string)), caseBytes(set, f)), null, `${cs.name} output ${i}`),
      );
    }
  });
}
