/* The model store: install, update, boot selection, pending-verify and fallback on a simulated flash. */
import test from 'ava';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { refKernels } from '../../runtime/src/kernels/ref/index.js';
import { fileFlash } from '../../boards/lin/ota_file_flash.js';
import { activeDigest, digestOf, download, install, makeChip, packed, SLOT_SIZE, slotsOf, storeOn } from './helpers.js';

test('a fresh store has no model; an install makes the new model active and confirmed', (t) => {
  const { slots } = makeChip();
  const store = storeOn(slots);
  t.is(store.open().active, -1);
  const a = packed('sine', { modelVersion: 1 });
  install(store, a);
  const s = store.state;
  t.is(s.active, 0);
  t.false(s.pending);
  t.is(s.activeVersion, 1);
  t.is(activeDigest(store), digestOf(a));
  // Reboot: the same model, confirmed, with no new record written.
  const again = storeOn(slots);
  t.like(again.open(), { active: 0, pending: false, activeVersion: 1 });
});

test('an update goes to the other slot, boots on trial, and is kept once its self-test passes', (t) => {
  const { slots } = makeChip();
  const store = storeOn(slots);
  store.open();
  install(store, packed('sine', { modelVersion: 1 }));
  const b = packed('speech', { modelVersion: 2 });
  download(store, b);
  t.like(store.state, { active: 0, pendingSlot: 1 });
  const booted = storeOn(slots);
  t.like(booted.open(), { active: 1, pending: true, previous: 0, activeVersion: 2 });
  t.is(activeDigest(booted), digestOf(b));
  const r = booted.verifyPending({ kernels: [refKernels] });
  t.true(r?.passed, r?.message);
  t.like(booted.state, { active: 1, pending: false, previous: 0 });
  t.like(storeOn(slots).open(), { active: 1, pending: false });
});

test('a file-backed chip (node:fs) keeps the store across "reboots"', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mflow-chip-'));
  try {
    const path = join(dir, 'chip.bin');
    const io = {
      read: (p: string) => (existsSync(p) ? new Uint8Array(readFileSync(p)) : null),
      write: (p: string, b: Uint8Array) => writeFileSync(p, b),
    };
    const first = storeOn(slotsOf(fileFlash(io, path, 2 * SLOT_SIZE)));
    first.open();
    const a = packed('sine', { modelVersion: 4 });
    install(first, a);
    t.is(statSync(path).size, 2 * SLOT_SIZE);
    const second = storeOn(slotsOf(fileFlash(io, path, 2 * SLOT_SIZE)));
    t.like(second.open(), { active: 0, pending: false, activeVersion: 4 });
    t.is(activeDigest(second), digestOf(a));
    t.throws(() => fileFlash(io, path, SLOT_SIZE), { message: /not a 65536-byte chip/ });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
