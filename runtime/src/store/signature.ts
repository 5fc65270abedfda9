/*
 * Ed25519 verification of a signed .mfb (docs/format.md, "Signature trailer"): the signature covers
 * the 128 header bytes, whose DIGEST covers the payload. Pure JS (@noble/curves, BigInt), so it runs
 * in XS as it is; a device with a native verifier passes it through StoreOptions.verifySignature.
 */
import { ed25519 } from '@noble/curves/ed25519.js';

export const PUBLIC_KEY_SIZE = 32;

/** Signature check: true when `signature` is `publicKey`'s Ed25519 signature of `message`. */
export type SignatureVerifier = (signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array) => boolean;

/**
 * Window of the base-point table noble builds on first use. Its default (6) keeps ~300 KB of XS heap
 * on a 32-bit build (measured with the Linux XS host's m32 variant), more than an ESP32 without PSRAM
 * has; window 1 keeps no table (~7 KB) for ~1.5x the time per check. docs/ota.md has the figures.
 */
export const DEFAULT_ED25519_WINDOW = 1;
let windowSet = false;

/** Sets that window (1 = no table, up to 8); call before the first verification to change it. */
export function setEd25519Window(window: number): void {
  ed25519.Point.BASE.precompute(window, true);
  windowSet = true;
}

/** RFC 8032 strict verification (no ZIP-215 leniency: non-canonical encodings are refused). */
export const verifyEd25519: SignatureVerifier = (signature, message, publicKey) => {
  if (!windowSet) setEd25519Window(DEFAULT_ED25519_WINDOW);
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    // Malformed inputs (a point that does not decode) are a failed verification, not a crash.
    return false;
  }
};
