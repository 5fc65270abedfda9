/*
 * Every way an update is refused before activation, each with its own UpdateError code; the store
 * keeps the installed model (and reports the failure) in every case.
 */
import test from 'ava';
import { H } from '../../runtime/src/format/constants.js';
import { OPS } from '../../runtime/src/format/ops.js';
import { refKernels } from '../../runtime/src/kernels/ref/index.js';
import type { StoreOptions } from '../../runtime/src/store/model_store.js';
import { UpdateError, type UpdateErrorCode } from '../../runtime/src/store/errors.js';
import { activeDigest, digestOf, install, makeChip, OTHER_KEY, packed, reseal, signUnchecked, slotsOf, storeOn } from './helpers.js';
import { SimFlash } from '../../runtime/src/flash/sim_flash.js';

const installed = packed('sine', { modelVersion: 5 });
const base = (() => {
  const { chip, slots } = makeChip();
  const store = storeOn(slots);
  store.open();
  install(store, installed);
  return chip.storage.slice();
})();

/** Tries an update on a copy of the installed device; returns the error (or null) and checks nothing changed. */
function attempt(
  t: { is: (a: unknown, b: unknown, m?: string) => void },
  file: Uint8Array,
  options: Partial<StoreOptions> & { feed?: number } = {},
): UpdateError | null {
  const storage = base.slice();
  const store = storeOn(slotsOf(new SimFlash(storage, { strict: true })), options);
  store.open();
  let error: UpdateError | null = null;
  try {
    const session = store.begin(file.subarray(0, 128));
    const end = options.feed ?? file.length;
    for (let at = session.offset; at < end; at += 500) session.write(file.subarray(at, Math.min(at + 500, end)), at);
    session.finish();
    session.activate();
  } catch (e) {
    if (!(e instanceof UpdateError)) throw e;
    error = e;
    t.is(store.state.lastFailure?.code, e.code, 'the store reports the failure');
  }
  const rebooted = storeOn(slotsOf(new SimFlash(storage, { strict: true })), options);
  rebooted.open();
  t.is(activeDigest(rebooted), digestOf(installed), 'the installed model is still the one booted');
  t.is(rebooted.state.pendingSlot, -1, 'nothing was committed');
  return error;
}

function rejects(
  name: string,
  file: () => Uint8Array,
  code: UpdateErrorCode,
  options: Partial<StoreOptions> & { feed?: number } = {},
): void {
  test(`rejected before activation: ${name} -> ${code}`, (t) => {
    const e = attempt(t, file(), options);
    t.truthy(e, 'the update must be refused');
    t.is(e?.code, code, e?.message);
  });
}

const next = packed('speech', { modelVersion: 6, pageSize: 1024 });

test('the untouched update is accepted (control)', (t) => {
  t.is(attempt({ is: () => undefined }, next)?.code, undefined);
  t.pass();
});

test('one flipped byte anywhere: rejected, as corrupt or as a bad signature', (t) => {
  const codes = new Map<string, number>();
  const positions: number[] = [];
  const payloadOffset = new DataView(next.buffer).getUint32(H.PAYLOAD_OFFSET, true);
  for (let i = 0; i < payloadOffset; i++) positions.push(i); // header, page table, padding: every byte
  for (let i = payloadOffset; i < next.length - 64; i += 97) positions.push(i); // payload: a byte in every 97
  for (let i = next.length - 64; i < next.length; i++) positions.push(i); // signature: every byte
  for (const at of positions) {
    const bad = next.slice();
    bad[at] = (bad[at] as number) ^ (1 << (at % 8));
    const e = attempt(t, bad);
    if (!e) t.fail(`a flip at byte ${at} was accepted`);
    else codes.set(e.code, (codes.get(e.code) ?? 0) + 1);
  }
  // A flip never passes as a policy refusal: the header CRC is checked before the policy.
  t.deepEqual(
    [...codes.keys()].filter((c) => !['CORRUPT', 'BAD_SIGNATURE', 'BAD_HEADER', 'TOO_LARGE', 'TRUNCATED'].includes(c)),
    [],
  );
  t.log(`${positions.length} flips: ${[...codes].map(([c, n]) => `${c} ${n}`).join(', ')}`);
});

for (const cut of [1, 64, 1000, 64 + 1]) {
  rejects(`truncated by ${cut} bytes`, () => next, 'TRUNCATED', { feed: next.length - cut });
}
rejects('signed with another key', () => packed('speech', { modelVersion: 6, key: OTHER_KEY }), 'BAD_SIGNATURE');
rejects('unsigned while a signature is required', () => packed('speech', { modelVersion: 6, key: null }), 'SIGNATURE_MISSING');
rejects('older version (anti-rollback)', () => packed('speech', { modelVersion: 4 }), 'ROLLBACK');
rejects('wrong target', () => packed('speech', { modelVersion: 6, target: 0b10 }), 'WRONG_TARGET', { targets: 0b01 });
rejects('arena too large for the device', () => next, 'ARENA_TOO_LARGE', { arenaLimit: 4096 });
rejects(
  'unknown opcode (well-formed file, valid CRCs and signature)',
  () =>
    signUnchecked(
      reseal(packed('speech', { modelVersion: 6, key: null }), (b, dv) => {
        const tables = dv.getUint32(H.TABLES_OFFSET, true) + dv.getUint16(H.TENSOR_COUNT, true) * 32;
        b[tables] = 99; // first op record's opcode
      }),
    ),
  'UNSUPPORTED_OP',
);
rejects('an op with no kernel on this device', () => next, 'UNSUPPORTED_OP', {
  kernels: [refKernels.map((k, code) => (code === OPS.SOFTMAX_S8.code ? undefined : k))],
});

test('an update cannot start while a model awaits its self-test', (t) => {
  const { slots } = makeChip(base.slice());
  const store = storeOn(slots);
  store.open();
  const s = store.begin(next.subarray(0, 128));
  for (let at = s.offset; at < next.length; at += 4096) s.write(next.subarray(at, at + 4096), at);
  s.finish();
  s.activate();
  store.open();
  t.true(store.state.pending);
  t.is(t.throws(() => store.begin(next.subarray(0, 128)), { instanceOf: UpdateError })?.code, 'UPDATE_PENDING');
});

test('misuse: write after finish, activate before finish, a gap in the stream', (t) => {
  const { slots } = makeChip(base.slice());
  const store = storeOn(slots);
  store.open();
  const s = store.begin(next.subarray(0, 128));
  t.is(t.throws(() => s.write(next.subarray(200, 300), 200), { instanceOf: UpdateError })?.code, 'OUT_OF_ORDER');
  t.is(t.throws(() => s.activate(), { instanceOf: UpdateError })?.code, 'BAD_STATE');
  s.write(next.subarray(128), 128);
  s.finish();
  t.is(t.throws(() => s.write(next.subarray(0, 1), 0), { instanceOf: UpdateError })?.code, 'BAD_STATE');
  // A newer begin() supersedes the session: it can no longer write or commit.
  const newer = store.begin(next.subarray(0, 128));
  t.is(t.throws(() => s.activate(), { instanceOf: UpdateError })?.code, 'BAD_STATE');
  // The same file is complete in flash: only the sector holding the signature is fetched again.
  t.true(newer.resumedFrom > next.length - 4096, `resumed at ${newer.resumedFrom}`);
  newer.write(next.subarray(newer.offset), newer.offset);
  newer.finish();
  newer.activate();
  t.is(store.state.pendingSlot, 1);
});
