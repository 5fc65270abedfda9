/*
 * manifests/mflow.json and mflow-ota.json as mcconfig would read them: every path resolves, every
 * specifier maps to one file, preloads and types exist, unsupported platforms get the error, the
 * bundles import only what the manifests define, and the host functions the JS binds exist in the C.
 * The example apps' manifests resolve too (their models come from examples/make_models.ts).
 */
import test from 'ava';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { makeExampleModels } from '../../examples/make_models.js';
import { repoRoot } from '../helpers/shared_data.js';
import { jsFileOf, mergeManifests, SDK_PROVIDES, specifiers, type Merged } from './manifest_tools.js';

const BASE = join(repoRoot, 'manifests', 'mflow.json');
const OTA = join(repoRoot, 'manifests', 'mflow-ota.json');
const EXAMPLES = ['run-resource', 'ota-http'].map((n) => join(repoRoot, 'examples', n));
const SPECIFIERS = ['mflow', 'mflow/native', 'mflow/host'];
const OTA_SPECIFIERS = ['mflow/flash', 'mflow/store'];

const rel = (p: string): string => relative(repoRoot, p);

for (const [name, file, expected] of [
  ['mflow.json', BASE, SPECIFIERS],
  ['mflow-ota.json', OTA, [...SPECIFIERS, ...OTA_SPECIFIERS]],
] as const) {
  for (const platform of ['esp32', 'esp32/moddable_two', 'esp32/esp32s3', 'lin', 'mac']) {
    test(`${name} on ${platform}: paths resolve, each specifier maps to one JS file, preloads exist`, (t) => {
      const m = mergeManifests(file, platform);
      t.deepEqual(m.missing, []);
      t.deepEqual(m.errors, []);
      const specs = specifiers(m);
      t.deepEqual([...specs.keys()].sort(), [...expected].sort());
      for (const s of expected) {
        const files = m.modules.find((e) => e.specifier === s)?.files ?? [];
        t.is(files.filter((f) => f.endsWith('.js')).length, 1, `${s}: ${files.map(rel).join(', ')}`);
      }
      for (const p of m.preload) t.true(specs.has(p), `preload ${p} is not a module`);
      t.true(m.types.length > 0);
    });
  }
}

for (const platform of ['esp', 'esp/moddable_one', 'nrf52', 'pico', 'win', 'zephyr/nrf52840dk']) {
  test(`unsupported platform ${platform}: the build stops with mflow's error`, (t) => {
    const m = mergeManifests(OTA, platform);
    t.is(m.errors.length, 1);
    t.regex(m.errors[0] as string, /^mflow supports esp32 .* and the lin and mac simulators only/);
  });
}

test('paths are relative to the manifest or under the SDK; nothing absolute', (t) => {
  const check = (value: unknown, where: string): void => {
    if (typeof value === 'string') {
      if (/^\.\.?\//.test(value) || value.startsWith('$(')) t.false(isAbsolute(value), where);
      else t.false(value.startsWith('/') || /^[A-Za-z]:\\/.test(value), `${where}: ${value}`);
    } else if (Array.isArray(value)) value.forEach((v, i) => check(v, `${where}[${i}]`));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) check(v, `${where}.${k}`);
  };
  for (const file of [BASE, OTA, ...EXAMPLES.map((d) => join(d, 'manifest.json'))]) {
    const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    for (const key of ['include', 'modules', 'data', 'typescript', 'build', 'platforms']) check(json[key], `${rel(file)} ${key}`);
  }
});

test('the manifests include only SDK manifests the stand-ins know', (t) => {
  for (const dir of EXAMPLES) {
    const m = mergeManifests(join(dir, 'manifest.json'), 'esp32');
    for (const inc of m.sdkIncludes) t.true(inc in SDK_PROVIDES, `${rel(dir)}: ${inc}`);
  }
});

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]/gm)].map(
    (m) => (m[1] ?? m[2]) as string,
  );
}

test('the bundles import only specifiers the manifests define, none of them relative', (t) => {
  const m = mergeManifests(OTA, 'esp32');
  const specs = specifiers(m);
  for (const s of [...SPECIFIERS, ...OTA_SPECIFIERS]) {
    for (const spec of importsOf(jsFileOf(m, s) as string)) t.true(specs.has(spec), `${s} imports "${spec}"`);
  }
});

function hostNames(m: Merged): { bound: string[]; defined: Set<string> } {
  const host = readFileSync(jsFileOf(m, 'mflow/host') as string, 'utf8');
  const bound = [...host.matchAll(/@\s*"(xs_[A-Za-z0-9_]+)"/g)].map((x) => x[1] as string);
  const defined = new Set<string>();
  for (const f of m.modules.flatMap((e) => e.files).filter((f) => f.endsWith('.c'))) {
    for (const x of readFileSync(f, 'utf8').matchAll(/^void\s+(xs_[A-Za-z0-9_]+)\s*\(\s*xsMachine\s*\*\s*the\s*\)/gm))
      defined.add(x[1] as string);
  }
  return { bound, defined };
}

test('every host function mflow/host binds is defined in the manifest C files', (t) => {
  const { bound, defined } = hostNames(mergeManifests(BASE, 'esp32'));
  t.true(bound.length >= 10);
  for (const name of bound) t.true(defined.has(name), `${name} is bound in mflow_native.js but no manifest C file defines it`);
});

test('the examples: paths resolve once the build step made the models; models/ is not committed', (t) => {
  const tmp = mkdtempSync(join(tmpdir(), 'mflow-models-'));
  try {
    const made = makeExampleModels({ root: tmp });
    const generated = Object.values(made).map((p) => relative(tmp, p));
    for (const dir of EXAMPLES) {
      const m = mergeManifests(join(dir, 'manifest.json'), 'esp32');
      // data files are generated: check them against what make_models writes instead of the disk
      t.deepEqual(
        m.missing.filter((x) => !/: data /.test(x)),
        [],
      );
      for (const d of m.data)
        t.true(generated.includes(relative(join(repoRoot, 'examples'), d)), `${rel(d)} is not made by make_models.ts`);
      const ignore = readFileSync(join(dir, '.gitignore'), 'utf8');
      t.regex(ignore, /^models\/$/m);
      t.true(specifiers(m).has('main'));
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
