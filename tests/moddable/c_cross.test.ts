/*
 * Every C file manifests/mflow.json gives a Moddable build compiles warning-free (-Wall -Wextra -Werror,
 * -Os as Moddable's ESP32 build) against the XS headers for Cortex-M4 and Xtensa, with only the headers
 * the manifest lists (no mc.xs.h, no xsHost.h); and its global symbols carry the mf_ prefix and are
 * unique, since Moddable links every module's objects into one image (objects are named by basename).
 * XS headers: build/xsnap, fetched by boards/lin/build.mjs. With CI=true a missing tool fails the test.
 * ESP-IDF is not installed here: host/platform/mf_cores_freertos.c compiles against the stand-in FreeRTOS
 * declarations in tests/moddable/freertos (ESP-IDF's names and signatures, declarations only).
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { repoRoot } from '../helpers/shared_data.js';
import { mergeManifests } from './manifest_tools.js';

const XS_INCLUDES = join(repoRoot, 'build', 'xsnap', 'package', 'moddable', 'xs', 'includes');
const LIBC = join(repoRoot, 'tests', 'moddable', 'libc');
const FREERTOS = join(repoRoot, 'tests', 'moddable', 'freertos');
const TARGETS: readonly { name: string; cc: string; nm: string; flags: readonly string[] }[] = [
  { name: 'Cortex-M4', cc: 'arm-none-eabi-gcc', nm: 'arm-none-eabi-nm', flags: ['-mcpu=cortex-m4', '-mthumb'] },
  { name: 'Xtensa lx106', cc: 'xtensa-lx106-elf-gcc', nm: 'xtensa-lx106-elf-nm', flags: [] },
];

const m = mergeManifests(join(repoRoot, 'manifests', 'mflow.json'), 'esp32');
const files = m.modules.flatMap((e) => e.files);
const cFiles = files.filter((f) => f.endsWith('.c'));
// Listing a .h adds its folder to the include path (mcmanifest.js ModulesRule)
const includeDirs = [...new Set(files.filter((f) => f.endsWith('.h')).map(dirname))];
const dir = mkdtempSync(join(tmpdir(), 'mflow-moddable-cc-'));

test.before(() => {
  if (existsSync(join(XS_INCLUDES, 'xsmc.h'))) return;
  const r = spawnSync(process.execPath, [join(repoRoot, 'boards', 'lin', 'build.mjs'), '--variant', 'release'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`boards/lin/build.mjs failed (it fetches the XS headers):\n${r.stdout}${r.stderr}`);
});
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

test('the manifest lists kernels, bindings and the digest library, with unique basenames', (t) => {
  const names = cFiles.map((f) => basename(f));
  t.deepEqual(names.length, new Set(names).size);
  for (const d of ['host/kernels', 'host/xs', 'host/lib', 'host/cores'])
    t.true(
      cFiles.some((f) => relative(repoRoot, f).startsWith(d)),
      d,
    );
  t.false(cFiles.some((f) => relative(repoRoot, f).startsWith('host/test')));
  // the ESP32 gets the FreeRTOS worker, never the POSIX threads one (and the simulators the reverse)
  const platform = (p: string): string[] =>
    mergeManifests(join(repoRoot, 'manifests', 'mflow.json'), p)
      .modules.flatMap((e) => e.files)
      .filter((f) => f.includes('host/platform/'))
      .map((f) => basename(f));
  t.deepEqual(platform('esp32'), ['mf_cores_freertos.c']);
  t.deepEqual(platform('esp32/moddable_two'), ['mf_cores_freertos.c']);
  t.deepEqual(platform('lin'), ['mf_cores_pthread.c']);
  t.deepEqual(platform('mac'), ['mf_cores_pthread.c']);
});

for (const target of TARGETS) {
  test(`${target.name}: every manifest C file compiles against the XS headers; symbols are mf_-prefixed and unique`, (t) => {
    if (spawnSync(target.cc, ['--version']).error) {
      if (process.env.CI === 'true') return t.fail(`${target.cc} is not installed (apt-get install gcc-arm-none-eabi gcc-xtensa-lx106)`);
      return t.pass(`${target.cc} not installed here`);
    }
    const owner = new Map<string, string>();
    for (const src of cFiles) {
      const obj = join(dir, `${target.name.replace(/\W/g, '_')}-${basename(src)}.o`);
      const args = ['-std=gnu11', '-Wall', '-Wextra', '-Werror', '-Os', '-ffreestanding', ...target.flags];
      args.push(`-I${LIBC}`, `-I${FREERTOS}`, `-I${XS_INCLUDES}`, ...includeDirs.map((d) => `-I${d}`), '-c', src, '-o', obj);
      const r = spawnSync(target.cc, args, { encoding: 'utf8' });
      t.is(r.status, 0, `${relative(repoRoot, src)}:\n${r.stderr}`);
      if (r.status !== 0) continue;
      const nm = spawnSync(target.nm, ['-g', '--defined-only', obj], { encoding: 'utf8' });
      t.is(nm.status, 0, nm.stderr);
      for (const line of nm.stdout.split('\n')) {
        const symbol = line.trim().split(/\s+/)[2];
        if (!symbol) continue;
        t.regex(symbol, /^(xs_)?mf_/, `${relative(repoRoot, src)} exports ${symbol}`);
        t.false(owner.has(symbol), `${symbol} is defined in ${owner.get(symbol)} and ${basename(src)}`);
        owner.set(symbol, basename(src));
      }
    }
  });
}
