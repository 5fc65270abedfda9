/* Every case of every shared model reproduces TFLM's outputs byte for byte on Node (TS kernels). */
import test from 'ava';
import { caseBytes, modelGoldens } from '../helpers/shared_data.js';
import { firstDifference, packedModel, runCaseNode } from '../helpers/golden_run.js';

const sets = modelGoldens();

test('shared golden data is present', (t) => {
  if (process.env.CI === 'true') t.true(sets.length >= 9, `found ${sets.length} model golden sets`);
  else t.pass();
});

for (const set of sets) {
  test(`${set.id}: ${set.cases.length} cases bit-exact on node`, (t) => {
    const model = packedModel(set);
    for (const c of set.cases) {
      const outs = runCaseNode(model, set, c);
      c.outputs.forEach((file, i) => {
        t.is(firstDifference(outs[i] as Uint8Array, caseBytes(set, file)), null, `${set.id}/${c.name} output ${i}`);
      });
    }
  });

  test(`${set.id}: arena within TFLM's activation arena`, (t) => {
    const model = packedModel(set);
    t.true(model.arenaSize <= set.tflm.arena_head_bytes, `arena ${model.arenaSize} > TFLM ${set.tflm.arena_head_bytes}`);
  });
}
