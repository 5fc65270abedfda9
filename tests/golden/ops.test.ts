/*
 * The single-operator golden models (shared/golden/ops): each is bit-exact on Node and in XS, where
 * every op with a C kernel must have run in C. A model listed in NOT_YET must instead be refused by
 * the packer with a typed error naming the op and what is supported — at pack time, never on the device.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import type { OpName } from '../../runtime/src/format/ops.js';
import { PackError } from '../../packer/src/errors.js';
import { loadModelBytes } from '../../packer/src/load.js';
import { opBackends } from '../../packer/src/ops/support.js';
import { packTflite } from '../../packer/src/pack.js';
import { ensureXsHost, runXs } from '../../packer/src/run_xs.js';
import { openModel } from '../../runtime/src/model.js';
import { caseBytes, opGoldens } from '../helpers/shared_data.js';
import { firstDifference, runCaseNode } from '../helpers/golden_run.js';

/** Models whose operator or variant mflow does not run yet. */
const NOT_YET = new Set<string>([
  'op_arg_max_1x10',
  'op_arg_max_4d_last_axis',
  'op_l2_normalization_1x16',
  'op_l2_normalization_4d',
  'op_mean_axis1_keep_dims',
  'op_mean_axis12_keep_dims',
  'op_mean_axis12_no_keep_dims',
  'op_mul_broadcast_channel',
  'op_mul_same_shape',
  'op_sub_broadcast_rank',
  'op_sub_same_shape',
  'op_transpose_conv_2x2_s2_valid_no_bias',
  'op_transpose_conv_3x3_s2_same',
]);

test.before(() => ensureXsHost('release'));

for (const set of opGoldens()) {
  const name = set.id.slice('ops/'.length);
  if (NOT_YET.has(name)) {
    test(`${name}: refused at pack time with the op and the supported set`, (t) => {
      const e = t.throws(() => packTflite(new Uint8Array(readFileSync(set.modelPath))));
      t.true(e instanceof PackError && /^UNSUPPORTED_/.test(e.code), String(e));
      t.regex(e?.message ?? '', /^op \d+ \([A-Z_0-9]+\): .*supported: /);
    });
    continue;
  }
  test(`${name}: every case bit-exact on Node and in XS`, (t) => {
    const mfb = packTflite(new Uint8Array(readFileSync(set.modelPath))).mfb;
    const model = openModel(mfb);
    const loaded = loadModelBytes(set.id, mfb);
    // Ops with a C kernel must run in C; the others run their TS kernel inside XS.
    const expected = model.ops.map((op) => (opBackends(op.spec.name as OpName).xs === 'C' ? 'native' : 'ts'));
    for (const c of set.cases) {
      const node = runCaseNode(model, set, c);
      const xs = runXs(
        loaded,
        c.inputs.map((f) => caseBytes(set, f)),
      );
      t.deepEqual(xs.report.kernels, expected, `${c.name}: kernels that ran in XS`);
      c.outputs.forEach((f, i) => {
        t.is(firstDifference(node[i] as Uint8Array, caseBytes(set, f)), null, `${c.name} output ${i} on Node`);
        t.is(firstDifference(xs.outputs[i] as Uint8Array, caseBytes(set, f)), null, `${c.name} output ${i} in XS`);
      });
    }
  });
}

test('the single-op golden data is all there (CI must not skip it)', (t) => {
  if (process.env.CI === 'true') t.is(opGoldens().length, 100);
  else t.pass();
});
