/*
 * Ed25519 key files for `mflow keygen` / `sign` (formats in docs/ota.md). Written as PEM PKCS#8
 * (private) and SPKI (public), the formats OpenSSL and Node's crypto use, so keys can be made or
 * inspected with either; read also as raw 32 bytes or 64 hex digits. Keys are made with @noble/curves,
 * the library the device verifies with.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { randomBytes } from 'node:crypto';
import { PackError } from '../errors.js';

// DER prefixes of the two fixed-size structures (RFC 8410): PKCS#8 with the 32-byte seed, SPKI with the key.
const PKCS8_PREFIX = Uint8Array.from([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]);
const SPKI_PREFIX = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]);

export interface KeyPair {
  /** The 32-byte Ed25519 seed (RFC 8032 private key). */
  readonly secretKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

export function generateKeyPair(seed: Uint8Array = randomBytes(32)): KeyPair {
  const secretKey = Uint8Array.from(seed);
  return { secretKey, publicKey: ed25519.getPublicKey(secretKey) };
}

function pem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  return `-----BEGIN ${label}-----\n${b64.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;
}

const concat = (a: Uint8Array, b: Uint8Array): Uint8Array => Uint8Array.from([...a, ...b]);

export function privateKeyPem(k: KeyPair): string {
  return pem('PRIVATE KEY', concat(PKCS8_PREFIX, k.secretKey));
}

export function publicKeyPem(publicKey: Uint8Array): string {
  return pem('PUBLIC KEY', concat(SPKI_PREFIX, publicKey));
}

export const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** The 32 key bytes of a key file: PEM (`label`), raw 32 bytes, or 64 hex digits. */
function keyBytes(file: Uint8Array, label: 'PRIVATE KEY' | 'PUBLIC KEY', prefix: Uint8Array, what: string): Uint8Array {
  if (file.length === 32) return Uint8Array.from(file);
  const text = Buffer.from(file).toString('utf8').trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Uint8Array.from(Buffer.from(text, 'hex'));
  const m = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+)-----END ${label}-----`).exec(text);
  if (m) {
    const der = Uint8Array.from(Buffer.from((m[1] as string).replace(/\s+/g, ''), 'base64'));
    if (der.length === prefix.length + 32 && prefix.every((b, i) => der[i] === b)) return der.subarray(prefix.length);
    throw new PackError('BAD_OPTION', `${what}: the ${label} is not an Ed25519 key (expected the RFC 8410 encoding)`);
  }
  throw new PackError('BAD_OPTION', `${what}: not an Ed25519 ${label.toLowerCase()} (PEM, 32 raw bytes or 64 hex digits)`);
}

export function readPrivateKey(file: Uint8Array, what = 'key file'): KeyPair {
  return generateKeyPair(keyBytes(file, 'PRIVATE KEY', PKCS8_PREFIX, what));
}

export function readPublicKey(file: Uint8Array, what = 'public key file'): Uint8Array {
  return keyBytes(file, 'PUBLIC KEY', SPKI_PREFIX, what);
}
