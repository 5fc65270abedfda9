/*
 * Host side: mflow keygen / sign / pack --sign, key file formats (checked against Node's own
 * Ed25519, an independent implementation), the self-test record pack embeds, and docs/format.md's
 * self-test tables against constants.ts.
 */
import test from 'ava';
import { createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as F from '../../runtime/src/format/constants.js';
import { openModel } from '../../runtime/src/model.js';
import { readSelfTest } from '../../runtime/src/store/self_test.js';
import { verifyEd25519 } from '../../runtime/src/store/signature.js';
import { readPrivateKey, readPublicKey, toHex } from '../../packer/src/sign/keys.js';
import { signMfb, verifyMfb } from '../../packer/src/sign/sign_mfb.js';
import { mflow } from '../cli/cli_helpers.js';
import { repoRoot } from '../helpers/shared_data.js';
import { KEY, OTHER_KEY, packed, tflite } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'mflow-sign-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));
const model = join(dir, 'speech.tflite');
writeFileSync(model, tflite('speech'));

test.serial('keygen writes PKCS#8 / SPKI PEM keys that OpenSSL-compatible tools read, and never overwrites', async (t) => {
  const key = join(dir, 'k1');
  const r = await mflow('keygen', '-o', key);
  t.is(r.code, 0, r.stderr);
  t.is(statSync(key).mode & 0o777, 0o600);
  const pair = readPrivateKey(readFileSync(key));
  t.regex(r.stdout, new RegExp(toHex(pair.publicKey)));
  t.deepEqual(readPublicKey(readFileSync(`${key}.pub`)), pair.publicKey);
  // Node's crypto (OpenSSL) reads both files, and its Ed25519 agrees with ours bit for bit.
  const priv = createPrivateKey(readFileSync(key));
  const pub = createPublicKey(readFileSync(`${key}.pub`));
  t.is(priv.asymmetricKeyType, 'ed25519');
  const msg = new Uint8Array(128).fill(3);
  const theirs = new Uint8Array(nodeSign(null, msg, priv));
  t.true(verifyEd25519(theirs, msg, pair.publicKey));
  t.true(nodeVerify(null, msg, pub, theirs));
  t.is((await mflow('keygen', '-o', key)).code, 3, 'an existing key is not overwritten');
});

test.serial('key files: PEM, 32 raw bytes and 64 hex digits; anything else is a usage error', (t) => {
  t.deepEqual(readPublicKey(Buffer.from(toHex(KEY.publicKey))), KEY.publicKey);
  t.deepEqual(readPublicKey(KEY.publicKey), KEY.publicKey);
  t.deepEqual(readPrivateKey(KEY.secretKey).publicKey, KEY.publicKey);
  t.throws(() => readPublicKey(Buffer.from('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n')), {
    message: /not an Ed25519 key/,
  });
  t.throws(() => readPrivateKey(new Uint8Array(31)), { message: /not an Ed25519 private key/ });
});

test.serial('pack --sign with a self-test input; sign replaces a signature; Node verifies what we sign', async (t) => {
  const key = join(dir, 'k2');
  await mflow('keygen', '-o', key);
  const pair = readPrivateKey(readFileSync(key));
  const input = join(dir, 'in.bin');
  const set = openModel(packed('speech', { key: null }));
  writeFileSync(input, new Uint8Array(set.inputs[0]!.byteSize).fill(5));
  const out = join(dir, 'speech.mfb');
  const r = await mflow('pack', model, '-o', out, '--sign', key, '--model-version', '3', '--self-test-input', input, '--target', '1');
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /signed/);
  const bytes = new Uint8Array(readFileSync(out));
  const m = openModel(bytes);
  t.true(m.signed);
  t.is(m.fileSize - m.payloadEnd, F.SIGNATURE_SIZE);
  t.like(m, { modelVersion: 3, target: 1 });
  t.true(readSelfTest(m)!.inputs[0]!.every((b) => b === 5));
  t.true(verifyMfb(bytes, pair.publicKey));
  t.false(verifyMfb(bytes, OTHER_KEY.publicKey));
  t.true(nodeVerify(null, bytes.subarray(0, 128), createPublicKey(readFileSync(`${key}.pub`)), bytes.subarray(m.payloadEnd)));
  // mflow sign: re-sign with another key (the trailer is replaced, not appended).
  const otherKey = join(dir, 'k3');
  writeFileSync(otherKey, toHex(OTHER_KEY.secretKey));
  const resigned = join(dir, 'resigned.mfb');
  t.is((await mflow('sign', out, '--key', otherKey, '-o', resigned)).code, 0);
  const rb = new Uint8Array(readFileSync(resigned));
  t.is(rb.length, bytes.length);
  t.true(verifyMfb(rb, OTHER_KEY.publicKey));
  t.deepEqual(rb, signMfb(bytes, OTHER_KEY));
  // Refuses to sign a corrupt file (exit 2) and an unknown key format (exit 1).
  const bad = bytes.slice();
  bad[m.constOffset] = (bad[m.constOffset] as number) ^ 1;
  writeFileSync(join(dir, 'bad.mfb'), bad);
  t.is((await mflow('sign', join(dir, 'bad.mfb'), '--key', key, '-o', join(dir, 'x.mfb'))).code, 2);
  t.is((await mflow('sign', out, '--key', input, '-o', join(dir, 'y.mfb'))).code, 1);
  t.false(existsSync(join(dir, 'y.mfb')));
});

test.serial('pack embeds a zero-point self-test by default, none with --no-self-test', async (t) => {
  const a = join(dir, 'a.mfb');
  const b = join(dir, 'b.mfb');
  t.is((await mflow('pack', model, '-o', a)).code, 0);
  t.is((await mflow('pack', model, '-o', b, '--no-self-test')).code, 0);
  const ma = openModel(new Uint8Array(readFileSync(a)));
  const st = readSelfTest(ma)!;
  t.true(st.inputs[0]!.every((v) => v === (ma.inputs[0]!.zeroPoint & 0xff)));
  t.is(st.outputs[0]!.length, ma.outputs[0]!.byteSize);
  t.is(readSelfTest(openModel(new Uint8Array(readFileSync(b)))), null);
  t.is((await mflow('pack', model, '-o', b, '--no-self-test', '--self-test-input', a)).code, 1);
});

test('docs/format.md describes the self-test record as constants.ts defines it', (t) => {
  const doc = readFileSync(join(repoRoot, 'docs', 'format.md'), 'utf8');
  const section = doc.split(/^### /m).find((s) => s.startsWith('Self-test record')) ?? '';
  const [fixed, entry] = section.split('Then INPUT_COUNT');
  const rows = (text: string | undefined): Record<string, number> =>
    Object.fromEntries([...(text ?? '').matchAll(/^\| ([A-Z_]+) \| (\d+) \|/gm)].map((m) => [m[1] as string, Number(m[2])]));
  t.deepEqual(rows(fixed), { ...F.ST });
  t.deepEqual(rows(entry), { ...F.STE });
  t.true(section.startsWith(`Self-test record (${F.SELFTEST_RECORD_SIZE} bytes + entries)`));
  t.true(section.includes(`entries of ${F.SELFTEST_ENTRY_SIZE} bytes`));
  t.true(doc.includes(`exactly ${F.SIGNATURE_SIZE} bytes: an Ed25519 signature`));
});
