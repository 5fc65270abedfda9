/*
 * gen-c output built for the host (gcc -std=gnu11 -Wall -Wextra -Werror, ASan + UBSan) reproduces
 * every golden case of every shared model, and of every single-op golden model gen-c supports, bit for
 * bit: the static C path computes what TFLM computes. A model with an op that has no C kernel is
 * refused with the typed error naming the op.
 */
import test from 'ava';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateC, GEN_C_OPS, sha256Hex } from '../../packer/src/gen_c/index.js';
import { PackError } from '../../packer/src/errors.js';
import { packTflite, type Packed } from '../../packer/src/pack.js';
import { firstDifference } from '../helpers/golden_run.js';
import { caseBytes, modelGoldens, opGoldens, type GoldenSet } from '../helpers/shared_data.js';
import { buildHostModel, runHostModel } from './host_c.js';

const dir = mkdtempSync(join(tmpdir(), 'mflow-genc-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

function packed(set: GoldenSet): { tflite: Uint8Array; packed: Packed } | null {
  const tflite = new Uint8Array(readFileSync(set.modelPath));
  try {
    return { tflite, packed: packTflite(tflite) };
  } catch (e) {
    // Single-op models the packer refuses are the packer tests' business; every real model packs.
    if (set.id.startsWith('ops/')) return null;
    throw e;
  }
}

for (const set of [...modelGoldens(), ...opGoldens()]) {
  const p = packed(set);
  if (!p) continue;
  const unsupported = p.packed.graph.ops.findIndex((op) => !GEN_C_OPS.includes(op.spec.name));
  if (unsupported >= 0) {
    const name = p.packed.graph.ops[unsupported]!.spec.name;
    test(`gen-c ${set.id}: refused, naming op ${unsupported} (${name})`, (t) => {
      const e = t.throws(() => generateC(p.packed, { name: 'model', mcu: 'host' }), { instanceOf: PackError });
      t.is(e?.code, 'UNSUPPORTED_OP');
      t.true(e?.message.startsWith(`op ${unsupported} (${name}): gen-c has no C kernel for ${name}`), e?.message);
    });
    continue;
  }
  test.serial(`gen-c ${set.id}: every case bit-exact on the host`, (t) => {
    const c = generateC(p.packed, { name: 'model', mcu: 'host', tfliteSha256: sha256Hex(p.tflite) });
    const label = set.id.replace(/\W/g, '_');
    const work = join(dir, label);
    const bin = buildHostModel(c, work, label);
    for (const cs of set.cases) {
      const inputs = cs.inputs.map((f) => caseBytes(set, f));
      const got = runHostModel(bin, inputs, cs.outputs.length, work);
      cs.outputs.forEach((f, i) => t.is(firstDifference(got[i]!, caseBytes(set, f)), null, `${cs.name} output ${i}`));
    }
  });
}
