/*
 * SHA-256 for the payload digest. The bundled implementation is @noble/hashes (audited, pure JS, runs
 * in XS); a device build can pass a native one through OpenOptions.sha256 instead.
 */
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';

export function sha256(bytes: Uint8Array): Uint8Array {
  return nobleSha256(bytes);
}
