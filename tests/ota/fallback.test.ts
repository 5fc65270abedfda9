/*
 * Pending-verify: a model that fails its self-test after activation, one that is never confirmed,
 * one the app rejects, and a slot corrupted in flash after its commit all fall back to the previous
 * model, and the store says why.
 */
import test from 'ava';
import { H, SELFTEST_ENTRY_SIZE, SELFTEST_RECORD_SIZE, STE } from '../../runtime/src/format/constants.js';
import { refKernels } from '../../runtime/src/kernels/ref/index.js';
import { activeDigest, digestOf, download, install, makeChip, packed, reseal, signUnchecked, storeOn } from './helpers.js';

const old = packed('sine', { modelVersion: 1 });
const good = packed('speech', { modelVersion: 2 });
/** A well-formed, correctly signed model whose self-test expects other outputs than its kernels give. */
const lying = signUnchecked(
  reseal(packed('speech', { modelVersion: 2, key: null }), (b, dv) => {
    const at = dv.getUint32(H.SELFTEST_OFFSET, true);
    const inputs = dv.getUint16(at, true);
    const firstOutput = dv.getUint32(at + SELFTEST_RECORD_SIZE + inputs * SELFTEST_ENTRY_SIZE + STE.DATA_OFFSET, true);
    b[firstOutput] = (b[firstOutput] as number) ^ 0x55;
  }),
);

function installedDevice() {
  const { chip, slots } = makeChip();
  const store = storeOn(slots);
  store.open();
  install(store, old);
  return { chip, slots, store };
}

test('self-test failure after activation falls back to the previous model, for good', (t) => {
  const { slots, store } = installedDevice();
  download(store, lying);
  const booted = storeOn(slots);
  t.like(booted.open(), { active: 1, pending: true, previous: 0 });
  const r = booted.verifyPending({ kernels: [refKernels] });
  t.false(r?.passed);
  t.regex(r?.message ?? '', /output 0 byte/);
  t.like(booted.state, { active: 0, pending: false, activeVersion: 1 });
  t.is(booted.state.lastFailure?.code, 'SELF_TEST_FAILED');
  t.is(booted.state.slots[1].status, 'rejected');
  t.is(activeDigest(booted), digestOf(old));
  // And after a reboot: the rejected model is never tried again; the reason is remembered.
  const again = storeOn(slots);
  t.like(again.open(), { active: 0, pending: false });
  t.is(again.state.lastFailure?.code, 'SELF_TEST_FAILED');
  // A good update afterwards goes into the rejected slot and wins.
  install(again, good);
  t.is(activeDigest(again), digestOf(good));
});

test('a model booted on trial and never confirmed is dropped at the next boot', (t) => {
  const { slots, store } = installedDevice();
  download(store, good);
  t.like(storeOn(slots).open(), { active: 1, pending: true }); // trial boot; the app dies before confirm()
  const next = storeOn(slots);
  t.like(next.open(), { active: 0, pending: false });
  t.is(next.state.lastFailure?.code, 'NOT_CONFIRMED');
  t.is(activeDigest(next), digestOf(old));
});

test('the app can reject a model on trial itself', (t) => {
  const { slots, store } = installedDevice();
  download(store, good);
  const booted = storeOn(slots);
  booted.open();
  t.like(booted.reject(), { active: 0, pending: false });
  t.is(booted.state.lastFailure?.code, 'REJECTED');
});

test('a committed slot corrupted in flash is skipped at boot', (t) => {
  const { chip, slots, store } = installedDevice();
  install(store, good);
  t.is(store.state.active, 1);
  // Bit rot in the active model's payload (slot 1 starts at 64 KiB).
  const payloadByte = 64 * 1024 + 2 * 4096 + 100;
  chip.storage[payloadByte] = (chip.storage[payloadByte] as number) & 0x0f;
  const booted = storeOn(slots);
  t.like(booted.open(), { active: 0 });
  t.is(booted.state.slots[1].status, 'corrupt');
  t.is(booted.state.lastFailure?.code, 'SLOT_CORRUPT');
  t.is(activeDigest(booted), digestOf(old));
});

test('with both slots corrupt the store reports no model (the app uses its firmware model)', (t) => {
  const { chip, slots, store } = installedDevice();
  install(store, good);
  for (const slot of [0, 1]) chip.storage.fill(0, slot * 64 * 1024 + 2 * 4096, slot * 64 * 1024 + 2 * 4096 + 64);
  const booted = storeOn(slots);
  t.like(booted.open(), { active: -1, pending: false });
  t.is(booted.active, null);
});
