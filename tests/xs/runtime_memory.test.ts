/*
 * The runtime inside real XS: openModel + prepare keep a measured, bounded amount of XS heap; the
 * arena and the weights live outside it; 1 000 invokes allocate nothing at all (peak counters).
 */
import test from 'ava';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModelBytes } from '../../packer/src/load.js';
import { runXs } from '../../packer/src/run_xs.js';
import { makeSineModel } from '../../packer/src/demo/sine_model.js';
import { modelGoldens, caseBytes } from '../helpers/shared_data.js';

const dir = mkdtempSync(join(tmpdir(), 'mflow-xs-mem-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

test('sine: 1000 invokes in XS allocate no slot and no chunk', (t) => {
  const loaded = loadModelBytes('sine.tflite', makeSineModel());
  const r = runXs(loaded, [new Uint8Array([0])], [], { repeat: 1000 });
  t.deepEqual(r.report.kernels, ['native', 'native', 'native']);
  t.is(r.report.heap.invoke_slots, 0);
  t.is(r.report.heap.invoke_chunks, 0);
  t.true((r.report.heap.open_and_prepare_slots ?? 0) > 0);
});

for (const id of ['person_detect', 'resnet']) {
  const set = modelGoldens().find((s) => s.id === id);
  if (!set) continue;
  test(`${id}: 20 invokes in XS allocate nothing; every op native`, (t) => {
    const loaded = loadModelBytes(set.modelPath, new Uint8Array(readFileSync(set.modelPath)));
    const c = set.cases[0]!;
    const r = runXs(
      loaded,
      c.inputs.map((f) => caseBytes(set, f)),
      [],
      { repeat: 20 },
    );
    t.true(
      r.report.kernels.every((k) => k === 'native'),
      r.report.kernels.join(','),
    );
    t.is(r.report.heap.invoke_slots, 0);
    t.is(r.report.heap.invoke_chunks, 0);
  });
}
