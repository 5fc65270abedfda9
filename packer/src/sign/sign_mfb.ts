/*
 * Signing an .mfb (docs/format.md, "Signature trailer"): set FLAG_SIGNED and FILE_SIZE, recompute the
 * header CRC, sign the 128 header bytes, append the signature. The payload, page table and digest do
 * not change, so signing needs no repacking; an already signed file is re-signed.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { headerCrc } from '../../../runtime/src/crc32.js';
import { FLAG_SIGNED, H, HEADER_SIZE, SIGNATURE_SIZE } from '../../../runtime/src/format/constants.js';
import { openModel } from '../../../runtime/src/model.js';
import type { KeyPair } from './keys.js';

export function signMfb(mfb: Uint8Array, key: KeyPair): Uint8Array {
  // Refuse to vouch for a file that does not verify.
  const model = openModel(mfb);
  const out = new Uint8Array(model.payloadEnd + SIGNATURE_SIZE);
  out.set(mfb.subarray(0, model.payloadEnd));
  const dv = new DataView(out.buffer);
  dv.setUint32(H.FLAGS, dv.getUint32(H.FLAGS, true) | FLAG_SIGNED, true);
  dv.setUint32(H.FILE_SIZE, out.length, true);
  dv.setUint32(H.HEADER_CRC, headerCrc(out, model.payloadOffset), true);
  out.set(ed25519.sign(out.subarray(0, HEADER_SIZE), key.secretKey), model.payloadEnd);
  return out;
}

/** Checks a signed file against a public key (the same check the device makes). */
export function verifyMfb(mfb: Uint8Array, publicKey: Uint8Array): boolean {
  const model = openModel(mfb);
  if (!model.signed || model.fileSize - model.payloadEnd !== SIGNATURE_SIZE) return false;
  return ed25519.verify(mfb.subarray(model.payloadEnd, model.fileSize), mfb.subarray(0, HEADER_SIZE), publicKey, { zip215: false });
}
