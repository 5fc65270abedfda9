/*
 * Ed25519 verification of a signed .mfb (docs/format.md, "Signature trailer"): the signature covers
 * the 128 header bytes, whose DIGEST covers the payload. Pure JS (@noble/curves, BigInt), so it runs
 * in XS as it is; a device with a native verifier passes it through StoreOptions.verifySignature.
 */
import { ed25519 } from '@noble/curves/ed25519.js';

export const PUBLIC_KEY_SIZE = 32;

/** Signature check: true when `signature` is `publicKey`'s Ed25519 signature of `message`. */
export type SignatureVerifier = (signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array) => boolean;

/** RFC 8032 strict verification (no ZIP-215 leniency: non-canonical encodings are refused). */
export const verifyEd25519: SignatureVerifier = (signature, message, publicKey) => {
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    // Malformed inputs (a point that does not decode) are a failed verification, not a crash.
    return false;
  }
};
