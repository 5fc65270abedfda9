/* Shared fixtures of the OTA tests: slots on a simulated flash, signed models, an install loop. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, headerCrc } from '../../runtime/src/crc32.js';
import { FLAG_SIGNED, H, PAGE_TABLE_OFFSET, SIGNATURE_SIZE } from '../../runtime/src/format/constants.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '../../runtime/src/sha256.js';
import { partition } from '../../runtime/src/flash/partition.js';
import { SimFlash } from '../../runtime/src/flash/sim_flash.js';
import type { Flash } from '../../runtime/src/flash/flash.js';
import { refKernels } from '../../runtime/src/kernels/ref/index.js';
import { ModelStore, type StoreOptions } from '../../runtime/src/store/model_store.js';
import { packTflite, type PackOptions } from '../../packer/src/pack.js';
import { generateKeyPair, type KeyPair } from '../../packer/src/sign/keys.js';
import { signMfb } from '../../packer/src/sign/sign_mfb.js';
import { makeSineModel } from '../../packer/src/demo/sine_model.js';
import { sharedDir } from '../helpers/shared_data.js';

/** Fixed test keys (never use a fixed seed for a real key). */
export const KEY: KeyPair = generateKeyPair(new Uint8Array(32).fill(7));
export const OTHER_KEY: KeyPair = generateKeyPair(new Uint8Array(32).fill(9));

export const SLOT_SIZE = 64 * 1024;

/** Two slots on one strict simulated chip (a write that needs a 0 -> 1 transition throws). */
export function makeChip(storage?: Uint8Array): { chip: SimFlash; slots: [Flash, Flash] } {
  const chip = storage ? new SimFlash(storage, { strict: true }) : SimFlash.blank(2 * SLOT_SIZE, { strict: true });
  return { chip, slots: slotsOf(chip) };
}

export function slotsOf(chip: Flash): [Flash, Flash] {
  return [partition(chip, 0, SLOT_SIZE), partition(chip, SLOT_SIZE, SLOT_SIZE)];
}

export function storeOn(slots: [Flash, Flash], extra: Partial<StoreOptions> = {}): ModelStore {
  return new ModelStore({ slots, publicKey: KEY.publicKey, kernels: [refKernels], arenaLimit: 64 * 1024, ...extra });
}

/** A .tflite of the shared models, or the built-in sine model when the shared data is absent. */
export function tflite(name: string): Uint8Array {
  if (!sharedDir) return makeSineModel();
  return new Uint8Array(readFileSync(join(sharedDir, 'models', `${name}.tflite`)));
}

export function packed(name: string, options: PackOptions & { key?: KeyPair | null } = {}): Uint8Array {
  const mfb = packTflite(tflite(name), { selfTest: true, ...options }).mfb;
  return options.key === null ? mfb : signMfb(mfb, options.key ?? KEY);
}

/** Streams `file` into the store in `chunk`-byte pieces from wherever the session resumes. */
export function download(store: ModelStore, file: Uint8Array, chunk = 700): void {
  const session = store.begin(file.subarray(0, 128));
  for (let at = session.offset; at < file.length; at += chunk) session.write(file.subarray(at, Math.min(at + chunk, file.length)), at);
  session.finish();
  session.activate();
}

/** A full install: download, activate, boot, self-test, confirm. */
export function install(store: ModelStore, file: Uint8Array, chunk = 700): void {
  download(store, file, chunk);
  store.open();
  const r = store.verifyPending({ kernels: [refKernels] });
  if (!r?.passed) throw new Error(`self-test failed: ${r?.message}`);
}

/** Edits an unsigned file and makes its CRCs and digest consistent again (a well-formed but hostile file). */
export function reseal(mfb: Uint8Array, edit: (bytes: Uint8Array, dv: DataView) => void): Uint8Array {
  const b = mfb.slice();
  const dv = new DataView(b.buffer);
  edit(b, dv);
  const m = {
    payloadOffset: dv.getUint32(H.PAYLOAD_OFFSET, true),
    payloadEnd: dv.getUint32(H.PAYLOAD_END, true),
    pageSize: dv.getUint32(H.PAGE_SIZE, true),
  };
  for (let p = 0, at = m.payloadOffset; at < m.payloadEnd; p++, at += m.pageSize)
    dv.setUint32(PAGE_TABLE_OFFSET + 4 * p, crc32(b, at, Math.min(at + m.pageSize, m.payloadEnd)), true);
  b.set(sha256(b.subarray(m.payloadOffset, m.payloadEnd)), H.DIGEST);
  dv.setUint32(H.HEADER_CRC, headerCrc(b, m.payloadOffset), true);
  return b;
}

/** Signs without opening the file first (signMfb refuses files this runtime rejects; a newer signer might not). */
export function signUnchecked(mfb: Uint8Array, key: KeyPair = KEY): Uint8Array {
  const dv0 = new DataView(mfb.buffer, mfb.byteOffset);
  const payloadEnd = dv0.getUint32(H.PAYLOAD_END, true);
  const out = new Uint8Array(payloadEnd + SIGNATURE_SIZE);
  out.set(mfb.subarray(0, payloadEnd));
  const dv = new DataView(out.buffer);
  dv.setUint32(H.FLAGS, dv.getUint32(H.FLAGS, true) | FLAG_SIGNED, true);
  dv.setUint32(H.FILE_SIZE, out.length, true);
  dv.setUint32(H.HEADER_CRC, headerCrc(out, dv.getUint32(H.PAYLOAD_OFFSET, true)), true);
  out.set(ed25519.sign(out.subarray(0, 128), key.secretKey), payloadEnd);
  return out;
}

/** SHA-256 of the active model's file, to tell which model a store booted. */
export function activeDigest(store: ModelStore): string | null {
  const a = store.active;
  return a ? Buffer.from(a.model.bytes.subarray(H.DIGEST, H.DIGEST + 32)).toString('hex') : null;
}

export const digestOf = (mfb: Uint8Array): string => Buffer.from(mfb.subarray(H.DIGEST, H.DIGEST + 32)).toString('hex');
