/*
 * The store inside real XS (build/lin/release/mflow-xs, dist/lin/ota_run.js): Ed25519 verification
 * (timed, with the heap its table keeps), an install, an update cut by a power failure in one process
 * and resumed in the next on the same file-backed flash, the self-test, and the new model's golden
 * output; a wrongly signed update refused inside XS.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureXsHost } from '../../packer/src/run_xs.js';
import { toHex } from '../../packer/src/sign/keys.js';
import { caseBytes, modelGoldens, repoRoot } from '../helpers/shared_data.js';
import { KEY, OTHER_KEY, packed } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'mflow-xs-ota-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));
const entry = join(repoRoot, 'dist', 'lin', 'ota_run.js');
let bin = '';
test.before(() => {
  bin = ensureXsHost('release');
});

interface Out {
  command: string;
  cut?: boolean;
  verifyMs?: number[];
  retainedBytes?: number;
  rejectsTampered?: boolean;
  before?: { active: number; activeVersion: number | null };
  download?: { resumedFrom: number; writeMs: number; finishMs: number };
  boot?: {
    openMs: number;
    selfTestMs: number;
    selfTest: { passed: boolean };
    after: { active: number; pending: boolean; activeVersion: number };
  };
}

function xs(...args: string[]): { status: number | null; out: Out; stderr: string } {
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run npm run build`);
  const r = spawnSync(bin, [entry, ...args], { encoding: 'utf8', cwd: dir, timeout: 30_000 });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  return { status: r.status, out: (line.startsWith('{') ? JSON.parse(line) : {}) as Out, stderr: r.stderr };
}

const key = toHex(KEY.publicKey);
const a = join(dir, 'a.mfb');
const b = join(dir, 'b.mfb');
const forged = join(dir, 'forged.mfb');
writeFileSync(a, packed('sine', { modelVersion: 1 }));
writeFileSync(b, packed('speech', { modelVersion: 2, pageSize: 1024 }));
writeFileSync(forged, packed('speech', { modelVersion: 2, key: OTHER_KEY }));

test.serial('Ed25519 verification in XS: time per check and heap kept', (t) => {
  const r = xs('-', 'verify', b, key, '5');
  t.is(r.status, 0, r.stderr);
  t.true(r.out.rejectsTampered);
  const times = r.out.verifyMs ?? [];
  t.is(times.length, 5);
  t.true(Math.max(...times) < 1000, `verification took ${Math.max(...times)} ms`);
  t.log(`XS release, default window: verify ${times.join(', ')} ms; ${r.out.retainedBytes} bytes kept`);
});

test.serial('install, power cut mid-update in one process, resume in the next, golden output from the new model', (t) => {
  const base = join(dir, 'base.bin');
  const install = xs(base, 'install', a, key);
  t.is(install.status, 0, install.stderr);
  t.like(install.out.boot?.after, { active: 0, pending: false, activeVersion: 1 });
  t.true(install.out.boot?.selfTest.passed);
  const set = modelGoldens().find((s) => s.id === 'speech');
  for (const k of [1, 4, 12, 25]) {
    const chip = join(dir, `chip${k}.bin`);
    copyFileSync(base, chip);
    const cut = xs(chip, 'cut', b, key, String(k));
    t.is(cut.status, 0, cut.stderr);
    t.true(cut.out.cut, `cut at op ${k}`);
    const args = set ? ['--in', join(set.dir, set.cases[0]!.inputs[0]!), '--out', join(dir, `out${k}.bin`)] : [];
    const resume = xs(chip, 'resume', b, key, ...args);
    t.is(resume.status, 0, resume.stderr);
    t.like(resume.out.before, { active: 0, activeVersion: 1 }, 'after the cut the old model boots');
    t.like(resume.out.boot?.after, { active: 1, pending: false, activeVersion: 2 }, `cut at op ${k}: the update completed`);
    if (set) t.deepEqual(new Uint8Array(readFileSync(join(dir, `out${k}.bin`))), caseBytes(set, set.cases[0]!.outputs[0]!));
    const d = resume.out.download;
    t.log(
      `cut at op ${k}: resumed at byte ${d?.resumedFrom}; writes ${d?.writeMs} ms, finish ${d?.finishMs} ms, boot ${resume.out.boot?.openMs} ms, self-test ${resume.out.boot?.selfTestMs} ms`,
    );
  }
});

test.serial('a forged update is refused inside XS and the installed model stays', (t) => {
  const chip = join(dir, 'forged.bin');
  t.is(xs(chip, 'install', a, key).status, 0);
  const r = xs(chip, 'resume', forged, key);
  t.is(r.status, 1);
  t.regex(r.stderr, /BAD_SIGNATURE/);
  const after = xs(chip, 'install', a, key);
  t.like(after.out.before, { active: 0, activeVersion: 1 });
});
