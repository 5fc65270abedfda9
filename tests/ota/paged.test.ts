/*
 * Paged reads: every golden case of the shared models, bit-exact through the page cache with one
 * page and with several, the reads per inference exactly as pagedPlan predicts; and the store on a
 * flash that cannot be memory-mapped.
 */
import test from 'ava';
import { refKernels } from '../../runtime/src/kernels/ref/index.js';
import { MfbError } from '../../runtime/src/errors.js';
import type { Flash } from '../../runtime/src/flash/flash.js';
import { packTflite } from '../../packer/src/pack.js';
import { createPagedInterpreter } from '../../runtime/src/store/paged_interpreter.js';
import { openPagedModel } from '../../runtime/src/store/paged_model.js';
import { pagedPlan } from '../../runtime/src/store/paged_plan.js';
import { bytesSource } from '../../runtime/src/store/page_source.js';
import { caseBytes, modelGoldens } from '../helpers/shared_data.js';
import { firstDifference } from '../helpers/golden_run.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openModel } from '../../runtime/src/model.js';
import { mflow } from '../cli/cli_helpers.js';
import { activeDigest, digestOf, install, makeChip, packed, storeOn } from './helpers.js';

const CACHES = [1, 4];

// Default 4096-byte pages for every model; 256-byte pages too for two, so constants span many pages.
const RUNS = modelGoldens().flatMap((set) => [
  { set, pageSize: 4096 },
  ...(set.id === 'speech' || set.id === 'kws' ? [{ set, pageSize: 256 }] : []),
]);

for (const { set, pageSize } of RUNS) {
  test(`${set.id}, ${pageSize}-byte pages: every case bit-exact through the page cache (${CACHES.join(' and ')} pages)`, (t) => {
    const mfb = packTflite(new Uint8Array(readFileSync(set.modelPath)), { pageSize }).mfb;
    const paged = openPagedModel(bytesSource(mfb));
    t.true(paged.model.bytes.length < mfb.length || paged.model.constSize === 0, 'only the tables are in RAM');
    for (const cachePages of CACHES) {
      const interp = createPagedInterpreter(paged, { kernels: [refKernels], cachePages, verifyPages: cachePages === 1 });
      const plan = pagedPlan(paged.model, cachePages);
      let reads = interp.cache.reads;
      set.cases.forEach((c, n) => {
        c.inputs.forEach((file, i) => {
          const v = interp.input(i);
          new Uint8Array(v.buffer, v.byteOffset, v.byteLength).set(caseBytes(set, file));
        });
        interp.invoke();
        c.outputs.forEach((file, i) => {
          const v = interp.output(i);
          t.is(
            firstDifference(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), caseBytes(set, file)),
            null,
            `${c.name} output ${i}, ${cachePages} pages`,
          );
        });
        t.is(
          interp.cache.reads - reads,
          n === 0 ? plan.readsFirstInference : plan.readsPerInference,
          `reads of inference ${n}, ${cachePages} pages`,
        );
        reads = interp.cache.reads;
      });
      t.is(interp.scratchBytes, plan.scratchBytes);
      t.log(
        `${cachePages} page(s): RAM ${plan.ramBytes} B (cache ${plan.cacheBytes} + scratch ${plan.scratchBytes} + tables ${plan.tablesBytes}), ` +
          `${plan.readsPerInference} page reads (${plan.bytesReadPerInference} B) per inference of a ${mfb.length}-byte file`,
      );
    }
  });
}

test('a corrupt page is caught when it is verified on load', (t) => {
  const mfb = packed('speech', { key: null, pageSize: 1024 });
  const paged = openPagedModel(bytesSource(mfb));
  const bad = mfb.slice();
  bad[mfb.length - 10] = (bad[mfb.length - 10] as number) ^ 1;
  t.is(t.throws(() => openPagedModel(bytesSource(bad)), { instanceOf: MfbError })?.code, 'MFB_PAGE_CRC');
  // A model opened while good, whose storage then rots: the check on load catches it.
  const interp = createPagedInterpreter(
    { model: paged.model, source: bytesSource(bad) },
    { kernels: [refKernels], cachePages: 1, verifyPages: true },
  );
  t.is(t.throws(() => interp.invoke(), { instanceOf: MfbError })?.code, 'MFB_PAGE_CRC');
});

test('the store on flash that cannot be mapped: paged verification, paged self-test', (t) => {
  const { slots } = makeChip();
  const unmapped = slots.map((f): Flash => ({
    ...f,
    size: f.size,
    sectorSize: f.sectorSize,
    erase: (s) => f.erase(s),
    write: (o, b) => f.write(o, b),
    read: (o, l) => f.read(o, l),
    map: () => null,
  })) as [Flash, Flash];
  const store = storeOn(unmapped);
  store.open();
  const a = packed('speech', { modelVersion: 1, pageSize: 1024 });
  install(store, a);
  const rebooted = storeOn(unmapped);
  rebooted.open();
  t.false(rebooted.active?.mapped);
  t.true((rebooted.active?.model.bytes.length ?? 0) < a.length);
  t.is(activeDigest(rebooted), digestOf(a));
});

test('mflow inspect --cache-pages reports the paged RAM and reads (text and JSON)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mflow-paged-'));
  try {
    const file = join(dir, 'speech.mfb');
    const mfb = packed('speech', { key: null });
    writeFileSync(file, mfb);
    const json = await mflow('inspect', file, '--json', '--cache-pages', '2');
    t.is(json.code, 0, json.stderr);
    t.deepEqual((JSON.parse(json.stdout) as { paged: unknown }).paged, { ...pagedPlan(openModel(mfb), 2) });
    const text = await mflow('inspect', file, '--cache-pages', '1');
    t.regex(text.stdout, /paged \(1 x 4096-byte cache\): RAM \d+ bytes .* page reads \(\d+ bytes\) per inference/);
    t.is((await mflow('inspect', file, '--cache-pages', '0')).code, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
