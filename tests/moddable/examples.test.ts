/*
 * The example apps run in the Linux XS host (release build) with the manifests' own module mapping and
 * the stand-ins for device-only modules, and print what they should: the sine model from a Resource,
 * and an update over HTTP into a flash slot (signed, interrupted and resumed, then "rebooted").
 */
import test from 'ava';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeExampleModels } from '../../examples/make_models.js';
import { generateKeyPair, toHex } from '../../packer/src/sign/keys.js';
import { repoRoot } from '../helpers/shared_data.js';
import { buildXsHost, runApp } from './xs_app.js';

const RUN_RESOURCE = join(repoRoot, 'examples', 'run-resource');
const OTA_HTTP = join(repoRoot, 'examples', 'ota-http');
const tmp = mkdtempSync(join(tmpdir(), 'mflow-examples-'));

test.before(() => {
  buildXsHost();
  makeExampleModels(); // the build step the example manifests' data and the README name
});
test.after.always(() => rmSync(tmp, { recursive: true, force: true }));

/** sin(x) ~ y lines → [x, y] */
const sines = (out: string): [number, number][] =>
  [...out.matchAll(/sin\((-?[\d.]+)\) ~ (-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);

test('run-resource: the sine model from a Resource, every op on the C kernels', async (t) => {
  const r = await runApp(RUN_RESOURCE, [`--resources=${join(RUN_RESOURCE, 'models')}`]);
  t.is(r.stderr, '');
  t.is(r.status, 0);
  t.regex(r.stdout, /^mflow: sine\.mfb \d+ bytes, 3 ops \(C,C,C\), arena \d+ bytes$/m);
  const points = sines(r.stdout);
  t.is(points.length, 10);
  for (const [x, y] of points) t.true(Math.abs(y - Math.sin(x)) < 0.15, `sin(${x}) printed as ${y}`);
  t.regex(r.stdout, /^mflow: max error 0\.\d+$/m);
});

function otaSetup(name: string): { flash: string; www: string; key: string } {
  const root = join(tmp, name);
  const key = generateKeyPair(new Uint8Array(32).fill(7));
  const models = makeExampleModels({ root: join(root, 'examples'), key, modelVersion: 3 });
  const served = join(root, 'www', 'models.example.com', 'models');
  mkdirSync(served, { recursive: true });
  copyFileSync(models.ota, join(served, 'sine.mfb'));
  const flash = join(root, 'flash');
  mkdirSync(flash);
  return { flash, www: join(root, 'www'), key: toHex(key.publicKey) };
}

const otaOptions = (s: { flash: string; www: string; key: string }, ...more: string[]): string[] => [
  `--flash=${s.flash}`,
  `--http-root=${s.www}`,
  `publicKey=${s.key}`,
  'retryMs=0',
  ...more,
];

test('ota-http: signed update over HTTP, dropped and resumed, then a reboot finds it up to date', async (t) => {
  const s = otaSetup('resume');
  const first = await runApp(OTA_HTTP, otaOptions(s, '--http-fragment=300', '--http-drop-at=1000'));
  t.is(first.stderr, '');
  t.is(first.status, 0);
  const lines = first.stdout.trim().split('\n');
  t.is(lines[0], 'boot: active slot -1, version -, slots empty/v0 empty/v0');
  t.is(lines[1], 'run: no model in flash');
  t.is(lines[2], 'update: downloading');
  t.regex(lines[3] as string, /^update: interrupted at byte \d+: connection failed/);
  t.regex(lines[4] as string, /^update: resuming at byte \d+$/);
  t.deepEqual(lines.slice(5, 8), [
    'update: installed',
    'update: self-test passed',
    'update: active slot 0, version 3, slots confirmed/v3 empty/v0',
  ]);
  const points = sines(first.stdout);
  t.is(points.length, 3);
  for (const [x, y] of points) t.true(Math.abs(y - Math.sin(x)) < 0.15, `sin(${x}) printed as ${y}`);

  const reboot = await runApp(OTA_HTTP, otaOptions(s));
  t.is(reboot.stderr, '');
  t.is(reboot.status, 0);
  t.regex(reboot.stdout, /^boot: active slot 0, version 3, slots confirmed\/v3 empty\/v0$/m);
  t.is(sines(reboot.stdout).length, 3);
  t.regex(reboot.stdout, /^update: up to date$/m);
});

test('ota-http: a file signed by another key is refused and nothing is installed', async (t) => {
  const s = otaSetup('wrong-key');
  const other = toHex(generateKeyPair(new Uint8Array(32).fill(9)).publicKey);
  const r = await runApp(OTA_HTTP, otaOptions({ ...s, key: other }));
  t.is(r.stderr, '');
  t.is(r.status, 0);
  t.regex(r.stdout, /^update: refused, BAD_SIGNATURE: /m);
  t.notRegex(r.stdout, /installed/);
});

test('ota-http: no server file: the header fetch fails, retried, then given up', async (t) => {
  const s = otaSetup('missing');
  const r = await runApp(OTA_HTTP, otaOptions({ ...s, www: join(tmp, 'missing', 'nowhere') }, 'retries=2'));
  t.is(r.stderr, '');
  t.is(r.status, 0);
  t.is((r.stdout.match(/^update: header: HTTP 404$/gm) ?? []).length, 2);
  t.regex(r.stdout, /^update: giving up until the next check$/m);
});
