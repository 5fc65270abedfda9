/*
 * Power cut at every erase and every write of a complete update (download, commit, trial boot,
 * confirm), with the cut operation completing, torn to a prefix, or torn to a subset of its bits:
 * after "reboot" the store always opens a valid model, the old or the new, never the one before
 * the old; and the update can be resumed to the end. The flash is strict: no write ever relies on
 * setting a bit that is 0. Prints how many cut points were tried.
 */
import test from 'ava';
import { FaultFlash, PowerCut, type CutMode } from '../../runtime/src/flash/fault_flash.js';
import { SimFlash } from '../../runtime/src/flash/sim_flash.js';
import { refKernels } from '../../runtime/src/kernels/ref/index.js';
import type { ModelStore } from '../../runtime/src/store/model_store.js';
import { runSelfTest } from '../../runtime/src/store/self_test.js';
import { activeDigest, digestOf, install, makeChip, packed, slotsOf, storeOn } from './helpers.js';

const MODES: readonly CutMode[] = ['complete', 'prefix', 'bits'];

/** The update under test: everything from begin() to the confirm record. Returns the session's resume point. */
function update(store: ModelStore, file: Uint8Array, chunk: number): number {
  store.open();
  const session = store.begin(file.subarray(0, 128));
  const resumed = session.resumedFrom;
  for (let at = session.offset; at < file.length; at += chunk) session.write(file.subarray(at, Math.min(at + chunk, file.length)), at);
  session.finish();
  session.activate();
  store.open(); // reboot into the trial
  const r = store.verifyPending({ kernels: [refKernels] });
  if (!r?.passed) throw new Error(`self-test failed: ${r?.message}`);
  return resumed;
}

/** Boots the store on the given storage; checks it selected old or new (and that it runs); returns which. */
function boot(
  t: { fail: (m: string) => void },
  storage: Uint8Array,
  old: string,
  next: string,
  what: string,
): { store: ModelStore; which: 'old' | 'new' } {
  const store = storeOn(slotsOf(new SimFlash(storage, { strict: true })));
  store.open();
  const d = activeDigest(store);
  const a = store.active;
  if (!a || (d !== old && d !== next)) t.fail(`${what}: booted ${d === null ? 'nothing' : 'another model'}`);
  else if (!runSelfTest(a.model, { kernels: [refKernels] }).passed) t.fail(`${what}: the booted model fails its self-test`);
  return { store, which: d === next ? 'new' : 'old' };
}

interface Config {
  readonly pageSize: number;
  readonly chunk: number;
}

for (const cfg of [
  { pageSize: 1024, chunk: 700 },
  { pageSize: 4096, chunk: 4096 },
] as readonly Config[]) {
  test(`cut at every flash operation of an update (page ${cfg.pageSize}, chunks of ${cfg.chunk})`, (t) => {
    // Slot 0: an older model (must never come back); slot 1: the installed one; the update reuses slot 0.
    const { chip, slots } = makeChip();
    const store = storeOn(slots);
    store.open();
    install(store, packed('hello_world_int8', { modelVersion: 1 }));
    const oldFile = packed('sine', { modelVersion: 2 });
    install(store, oldFile);
    const base = chip.storage.slice();
    const newFile = packed('speech', { modelVersion: 3, pageSize: cfg.pageSize });
    const [old, next] = [digestOf(oldFile), digestOf(newFile)];

    const counter = new FaultFlash(new SimFlash(base.slice(), { strict: true }));
    update(storeOn(slotsOf(counter)), newFile, cfg.chunk);
    const total = counter.operations;
    // The last three operations are the commit, trial and confirm records; everything before is download.
    const commitOp = total - 2;

    let cuts = 0;
    let lastResume = 0;
    const resumes: number[] = [];
    const outcomes = { old: 0, new: 0 };
    for (const mode of MODES) {
      lastResume = 0;
      for (let k = 1; k <= total; k++) {
        const storage = base.slice();
        const faulty = new FaultFlash(new SimFlash(storage, { strict: true }), { cutAt: k, mode, seed: k * 7919 });
        const what = `cut ${mode} at op ${k}/${total}`;
        const err = t.throws(() => update(storeOn(slotsOf(faulty)), newFile, cfg.chunk), undefined, what);
        if (!(err instanceof PowerCut)) continue;
        cuts++;
        const { store: rebooted, which } = boot(t, storage, old, next, what);
        outcomes[which]++;
        if (k < commitOp) t.is(which, 'old', `${what}: the new model booted before its commit record`);
        if (k === commitOp && mode === 'complete') t.is(which, 'new', `${what}: the commit record did not take effect`);
        // Resume: finish the trial if one is pending, else download again (resuming) and install.
        if (rebooted.state.pending) t.true(rebooted.verifyPending({ kernels: [refKernels] })?.passed, what);
        if (activeDigest(rebooted) !== next) {
          const from = update(rebooted, newFile, cfg.chunk);
          resumes.push(from);
          if (mode === 'complete') {
            t.true(
              from >= lastResume || from === newFile.length || lastResume === newFile.length,
              `${what}: resumed at ${from} after ${lastResume}`,
            );
            lastResume = from;
          }
        }
        const final = boot(t, storage, old, next, `${what}, after resuming`);
        t.is(final.which, 'new', what);
        t.false(final.store.state.pending, what);
      }
    }
    const resumedBytes = resumes.reduce((a, b) => a + b, 0);
    t.true(resumedBytes > 0, 'some resumed sessions kept pages already in flash');
    t.log(
      `${cuts} cut points (${total} flash operations x ${MODES.length} modes); booted old ${outcomes.old}, new ${outcomes.new}; ` +
        `${resumes.filter((r) => r > 0).length}/${resumes.length} re-downloads resumed past byte 0, keeping ${resumedBytes} bytes in all`,
    );
  });
}

test('a second cut during the resumed update still leaves a valid model, and a third attempt completes', (t) => {
  const { chip, slots } = makeChip();
  const store = storeOn(slots);
  store.open();
  const oldFile = packed('sine', { modelVersion: 2 });
  install(store, oldFile);
  const base = chip.storage.slice();
  const newFile = packed('speech', { modelVersion: 3, pageSize: 1024 });
  const [old, next] = [digestOf(oldFile), digestOf(newFile)];
  const counter = new FaultFlash(new SimFlash(base.slice(), { strict: true }));
  update(storeOn(slotsOf(counter)), newFile, 700);
  let cuts = 0;
  for (let k = 3; k < counter.operations - 2; k += 4) {
    const first = base.slice();
    t.throws(() =>
      update(storeOn(slotsOf(new FaultFlash(new SimFlash(first, { strict: true }), { cutAt: k, mode: 'prefix', seed: k }))), newFile, 700),
    );
    // Count the resumed update's operations, then cut it at each of them.
    const probe = new FaultFlash(new SimFlash(first.slice(), { strict: true }));
    update(storeOn(slotsOf(probe)), newFile, 700);
    for (let j = 1; j <= probe.operations; j++) {
      const storage = first.slice();
      const faulty = new FaultFlash(new SimFlash(storage, { strict: true }), {
        cutAt: j,
        mode: j % 2 ? 'bits' : 'prefix',
        seed: 31 * j + k,
      });
      const what = `cut at op ${k}, then at op ${j} of the resume`;
      t.throws(() => update(storeOn(slotsOf(faulty)), newFile, 700), { instanceOf: PowerCut }, what);
      cuts++;
      const { store: rebooted } = boot(t, storage, old, next, what);
      if (rebooted.state.pending) rebooted.verifyPending({ kernels: [refKernels] });
      if (activeDigest(rebooted) !== next) update(rebooted, newFile, 700);
      t.is(boot(t, storage, old, next, `${what}, third attempt`).which, 'new', what);
    }
  }
  t.log(`${cuts} second-level cut points`);
});
