#!/usr/bin/env node
// Builds mflow-xs, the command-line XS host for Linux (see boards/lin/README.md).
//
//   node boards/lin/build.mjs [--variant debug|release|asan|m32]... [--all] [--verbose] [--clean]
//
// Default: debug and release. Steps: fetch the XS sources (npm pack @agoric/xsnap, integrity pinned),
// generate the host-function table, compile (incremental, 2 jobs), link -> build/lin/<variant>/mflow-xs.
// Only Node builtins are used.

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const XSNAP_SPEC = '@agoric/xsnap@0.15.0';
// npm view @agoric/xsnap@0.15.0 dist.integrity
const XSNAP_INTEGRITY = 'sha512-ZBm4DZxbtfacxMHVVdJjZi0Y8zOxN77vpu1WwI5RWfPkaRh0aHkz/dVdTGKXalDNzWfz183lljKxlxl3/h0n+A==';
const JOBS = 2;

const XSNAP_DIR = 'build/xsnap';
const XS_DIR = `${XSNAP_DIR}/package/moddable/xs`;
// Our C: compiled with -Werror and scanned for xs_* host functions. host/lib holds portable helpers (no XS),
// host/cores the split of heavy ops across cores; of host/platform only the POSIX threads primitives.
const OWN_DIRS = ['boards/lin', 'host/xs', 'host/kernels', 'host/lib', 'host/cores'];
const OWN_FILES = ['host/platform/mf_cores_pthread.c'];
const OWN_INCLUDES = ['host/include', 'host/lib', 'host/kernels', 'host/cores', 'host/xs', 'boards/lin'];

// Defines shared by every variant; see boards/lin/README.md for why each is there.
const DEFINES = [
  'INCLUDE_XSPLATFORM',
  'XSPLATFORM="mflow_lin_platform.h"',
  'mxRun=1',
  'mxParse=1',
  'mxBoundsCheck=1',
  'mxNoConsole=1',
  'mxInstrument=1',
  'mxMinusZero=1',
  'mxRegExpUnicodePropertyEscapes=1',
  'mxStringNormalize=1',
];

const VARIANTS = {
  debug: { cflags: ['-g', '-O0'], defines: ['mxDebug=1'], ldflags: [] },
  release: { cflags: ['-O2'], defines: [], ldflags: [] },
  asan: {
    cflags: ['-g', '-O1', '-fsanitize=address,undefined', '-fno-omit-frame-pointer', '-fno-sanitize-recover=undefined'],
    defines: ['mxDebug=1'],
    ldflags: ['-fsanitize=address,undefined'],
    // XS reads its bytecode operands unaligned (fine on x86 and ESP32): keep every other check for XS
    xsCflags: ['-fno-sanitize=alignment'],
  },
  m32: { cflags: ['-m32', '-O2'], defines: [], ldflags: ['-m32'], needsMultilib: true },
};

const XS_CFLAGS = ['-std=gnu11', '-w', '-fno-common'];
const OWN_CFLAGS = ['-std=gnu11', '-D_GNU_SOURCE', '-pthread', '-Wall', '-Wextra', '-Werror'];
// -pthread: the worker threads of host/platform/mf_cores_pthread.c
const LIBS = ['-lm', '-pthread', '-ldl'];

// ---------------------------------------------------------------------------------------------------------------

function usage(code) {
  const out = code ? process.stderr : process.stdout;
  out.write(
    'usage: node boards/lin/build.mjs [--variant debug|release|asan|m32]... [--all] [--verbose] [--clean]\n' +
      '  default variants: debug release; --all: debug release asan m32\n',
  );
  process.exit(code);
}

function parseArgs(argv) {
  const opts = { variants: [], verbose: false, clean: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--variant') {
      const v = argv[++i];
      if (!v) usage(2);
      opts.variants.push(...v.split(','));
    } else if (a.startsWith('--variant=')) opts.variants.push(...a.slice(10).split(','));
    else if (a === '--all') opts.variants.push(...Object.keys(VARIANTS));
    else if (a === '--verbose') opts.verbose = true;
    else if (a === '--clean') opts.clean = true;
    else if (a === '--help' || a === '-h') usage(0);
    else {
      process.stderr.write(`build: unknown argument ${a}\n`);
      usage(2);
    }
  }
  if (!opts.variants.length) opts.variants = ['debug', 'release'];
  opts.variants = [...new Set(opts.variants)];
  for (const v of opts.variants) {
    if (!VARIANTS[v]) {
      process.stderr.write(`build: unknown variant "${v}" (expected ${Object.keys(VARIANTS).join(', ')})\n`);
      process.exit(2);
    }
  }
  return opts;
}

class BuildError extends Error {}

const abs = (p) => path.join(ROOT, p);
const mtime = (p) => {
  try {
    return fs.statSync(abs(p)).mtimeMs;
  } catch {
    return -1;
  }
};
const readText = (p) => {
  try {
    return fs.readFileSync(abs(p), 'utf8');
  } catch {
    return null;
  }
};
const writeIfChanged = (p, text) => {
  if (readText(p) === text) return false;
  fs.mkdirSync(path.dirname(abs(p)), { recursive: true });
  fs.writeFileSync(abs(p), text);
  return true;
};
const listC = (dir) => {
  try {
    return fs
      .readdirSync(abs(dir), { withFileTypes: true })
      .filter((d) => d.isFile() && d.name.endsWith('.c'))
      .map((d) => `${dir}/${d.name}`)
      .sort();
  } catch {
    return [];
  }
};

// ---------------------------------------------------------------------------------------------------------------
// 1. fetch

function xsVersion() {
  const text = readText(`${XS_DIR}/sources/xsCommon.h`) ?? '';
  const v = ['MAJOR', 'MINOR', 'PATCH'].map((k) => text.match(new RegExp(`XS_${k}_VERSION (\\d+)`))?.[1] ?? '?');
  return v.join('.');
}

function fetchXs() {
  const marker = `${XSNAP_DIR}/.integrity`;
  if (readText(marker) === XSNAP_INTEGRITY && mtime(`${XS_DIR}/sources/xsAll.c`) > 0) {
    console.log(`fetch: ${XSNAP_SPEC} cached in ${XSNAP_DIR} (XS ${xsVersion()})`);
    return;
  }
  fs.mkdirSync(abs(XSNAP_DIR), { recursive: true });
  const packed = spawnSync('npm', ['pack', XSNAP_SPEC, '--pack-destination', '.', '--json', '--silent'], {
    cwd: abs(XSNAP_DIR),
    encoding: 'utf8',
  });
  if (packed.status !== 0) {
    throw new BuildError(`fetch: npm pack ${XSNAP_SPEC} failed\n${packed.stderr || packed.error || ''}`);
  }
  let file;
  try {
    file = JSON.parse(packed.stdout)[0].filename;
  } catch {
    file = 'agoric-xsnap-0.15.0.tgz';
  }
  file = path.basename(file.replace(/^@/, '').replace('/', '-'));
  const tarball = `${XSNAP_DIR}/${file}`;
  const digest = `sha512-${createHash('sha512')
    .update(fs.readFileSync(abs(tarball)))
    .digest('base64')}`;
  if (digest !== XSNAP_INTEGRITY) {
    fs.rmSync(abs(tarball), { force: true });
    throw new BuildError(
      `fetch: integrity mismatch for ${XSNAP_SPEC}\n  expected ${XSNAP_INTEGRITY}\n  got      ${digest}\nrefusing to build`,
    );
  }
  fs.rmSync(abs(`${XSNAP_DIR}/package`), { recursive: true, force: true });
  const untar = spawnSync('tar', ['-xzf', file], { cwd: abs(XSNAP_DIR), encoding: 'utf8' });
  if (untar.status !== 0) throw new BuildError(`fetch: tar failed\n${untar.stderr}`);
  fs.writeFileSync(abs(marker), XSNAP_INTEGRITY);
  console.log(`fetch: ${XSNAP_SPEC} -> ${XSNAP_DIR}/package (XS ${xsVersion()}, integrity ok)`);
}

// ---------------------------------------------------------------------------------------------------------------
// 2. host-function table

const CALLBACK_RE =
  /^[ \t]*(?:extern[ \t]+)?void[ \t\r\n]+(xs_[A-Za-z0-9_]+)[ \t\r\n]*\([ \t\r\n]*(?:xsMachine|txMachine)[ \t\r\n]*\*[ \t\r\n]*[A-Za-z_]\w*[ \t\r\n]*\)[ \t\r\n]*\{/gm;
const DESTRUCTOR_RE =
  /^[ \t]*(?:extern[ \t]+)?void[ \t\r\n]+(xs_[A-Za-z0-9_]+)[ \t\r\n]*\([ \t\r\n]*void[ \t\r\n]*\*[ \t\r\n]*[A-Za-z_]?\w*[ \t\r\n]*\)[ \t\r\n]*\{/gm;

function stripComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' ')).replace(/\/\/[^\n]*/g, '');
}

function scanHosts(files) {
  const found = new Map();
  for (const file of files) {
    const text = stripComments(readText(file) ?? '');
    for (const [re, kind] of [
      [CALLBACK_RE, 'callback'],
      [DESTRUCTOR_RE, 'destructor'],
    ]) {
      for (const m of text.matchAll(re)) {
        const prev = found.get(m[1]);
        if (prev && prev.file !== file) {
          throw new BuildError(`hosts: ${m[1]} is defined in both ${prev.file} and ${file}`);
        }
        found.set(m[1], { name: m[1], kind, file });
      }
    }
  }
  return [...found.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function hostsTable(hosts) {
  // Weak references: a function whose definition is compiled out (#if) links as NULL and is reported at
  // bind time as "not linked" instead of breaking the link.
  const lines = [
    '/* Generated by boards/lin/build.mjs from the .c files in host/xs, host/kernels and boards/lin. Do not edit. */',
    '#include "mflow_lin_hosts.h"',
    '',
  ];
  for (const h of hosts) {
    lines.push(
      h.kind === 'callback'
        ? `extern void ${h.name}(xsMachine *the) __attribute__((weak));`
        : `extern void ${h.name}(void *data) __attribute__((weak));`,
    );
  }
  lines.push('', '/* sorted by name for bsearch */', 'const mflowLinHost mflowLinHosts[] = {');
  for (const h of hosts) {
    lines.push(h.kind === 'callback' ? `\t{ "${h.name}", ${h.name}, NULL },` : `\t{ "${h.name}", NULL, ${h.name} },`);
  }
  lines.push('\t{ NULL, NULL, NULL }', '};', `const int mflowLinHostCount = ${hosts.length};`, '');
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// 3. compile + link

function checkMultilib() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mflow-m32-'));
  try {
    const src = path.join(tmp, 't.c');
    fs.writeFileSync(src, '#include <stdio.h>\n#include <math.h>\nint main(void) { return printf("%f", sqrt(2.0)) < 0; }\n');
    const r = spawnSync('gcc', ['-m32', src, '-o', path.join(tmp, 't'), '-lm'], { encoding: 'utf8' });
    return r.status === 0;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function parseDeps(text) {
  // gcc -MMD output: "obj: dep dep \\\n dep"; the first dependency is the source itself
  const body = text.replace(/\\\r?\n/g, ' ');
  const first = body.split(/\r?\n/)[0];
  const colon = first.indexOf(': ');
  if (colon < 0) return null;
  return first
    .slice(colon + 2)
    .split(/(?<!\\)\s+/)
    .filter(Boolean)
    .map((d) => d.replace(/\\ /g, ' '));
}

function upToDate(obj, cmdText) {
  const objTime = mtime(obj);
  if (objTime < 0) return false;
  if (readText(`${obj}.cmd`) !== cmdText) return false;
  const depText = readText(obj.replace(/\.o$/, '.d'));
  if (depText === null) return false;
  const deps = parseDeps(depText);
  if (!deps) return false;
  for (const d of deps) {
    const t = mtime(d);
    if (t < 0 || t > objTime) return false;
  }
  return true;
}

function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (e) => resolve({ code: 127, out: `${cmd}: ${e.message}\n` }));
    child.on('close', (code) => resolve({ code, out }));
  });
}

async function runPool(jobs, verbose) {
  let next = 0;
  let failed = null;
  const worker = async () => {
    while (!failed && next < jobs.length) {
      const job = jobs[next++];
      if (verbose) console.log(`  gcc ${job.args.join(' ')}`);
      const { code, out } = await run('gcc', job.args);
      if (out) process.stderr.write(out);
      if (code !== 0) {
        failed ??= job;
        return;
      }
      fs.writeFileSync(abs(`${job.obj}.cmd`), job.cmdText);
    }
  };
  await Promise.all(Array.from({ length: Math.min(JOBS, jobs.length) }, worker));
  if (failed) throw new BuildError(`compile: ${failed.src} failed`);
}

async function buildVariant(name, opts) {
  const started = performance.now();
  const cfg = VARIANTS[name];
  const out = `build/lin/${name}`;
  const tag = `[${name}]`;
  if (opts.clean) {
    fs.rmSync(abs(out), { recursive: true, force: true });
    console.log(`${tag} clean: removed ${out}`);
  }
  if (cfg.needsMultilib && !checkMultilib()) {
    throw new BuildError(
      `${tag} gcc cannot build 32-bit programs here. The m32 variant needs Debian's multilib toolchain:\n` +
        '    sudo apt-get install gcc-multilib\n' +
        'then rerun: node boards/lin/build.mjs --variant m32',
    );
  }
  fs.mkdirSync(abs(`${out}/obj`), { recursive: true });

  // 2. hosts table
  const ownSources = [...OWN_DIRS.flatMap(listC), ...OWN_FILES];
  const hosts = scanHosts(ownSources);
  const changed = writeIfChanged(`${out}/hosts_table.c`, hostsTable(hosts));
  console.log(
    `${tag} hosts: ${hosts.length} host function(s) from ${ownSources.length} file(s) -> ${out}/hosts_table.c${changed ? '' : ' (unchanged)'}`,
  );

  // 3. compile
  const defines = [...DEFINES, ...cfg.defines].map((d) => `-D${d}`);
  const xsIncludes = ['includes', 'platforms', 'sources'].map((d) => `${XS_DIR}/${d}`);
  const xsArgs = [...XS_CFLAGS, ...cfg.cflags, ...(cfg.xsCflags ?? []), ...defines, '-Iboards/lin', ...xsIncludes.map((d) => `-I${d}`)];
  const ownArgs = [
    ...OWN_CFLAGS,
    ...cfg.cflags,
    ...defines,
    ...OWN_INCLUDES.map((d) => `-I${d}`),
    ...xsIncludes.flatMap((d) => ['-isystem', d]),
  ];
  const units = [
    ...listC(`${XS_DIR}/sources`).map((src) => ({ src, group: 'xs', args: xsArgs })),
    ...ownSources.map((src) => ({ src, group: path.dirname(src).replace(/\//g, '_'), args: ownArgs })),
    { src: `${out}/hosts_table.c`, group: 'gen', args: ownArgs },
  ];
  if (units.length < 40) throw new BuildError(`compile: XS sources missing under ${XS_DIR}/sources`);
  const jobs = [];
  const objects = [];
  for (const u of units) {
    const obj = `${out}/obj/${u.group}/${path.basename(u.src, '.c')}.o`;
    objects.push(obj);
    const args = [...u.args, '-MMD', '-MP', '-MF', obj.replace(/\.o$/, '.d'), '-c', u.src, '-o', obj];
    const cmdText = args.join('\n');
    if (!upToDate(obj, cmdText)) {
      fs.mkdirSync(path.dirname(abs(obj)), { recursive: true });
      jobs.push({ src: u.src, obj, args, cmdText });
    }
  }
  console.log(
    jobs.length
      ? `${tag} compile: ${jobs.length} of ${units.length} file(s), gcc -j${JOBS}`
      : `${tag} compile: ${units.length} file(s) up to date`,
  );
  await runPool(jobs, opts.verbose);

  // 4. link
  const exe = `${out}/mflow-xs`;
  const linkArgs = [...cfg.ldflags, ...(cfg.cflags.includes('-g') ? ['-g'] : []), '-o', exe, ...objects, ...LIBS];
  const linkText = linkArgs.join('\n');
  const exeTime = mtime(exe);
  if (exeTime < 0 || readText(`${exe}.cmd`) !== linkText || objects.some((o) => mtime(o) > exeTime)) {
    if (opts.verbose) console.log(`  gcc ${linkArgs.join(' ')}`);
    const { code, out: text } = await run('gcc', linkArgs);
    if (text) process.stderr.write(text);
    if (code !== 0) throw new BuildError(`${tag} link failed`);
    fs.writeFileSync(abs(`${exe}.cmd`), linkText);
    console.log(`${tag} link: ${exe}`);
  } else {
    console.log(`${tag} link: ${exe} up to date`);
  }
  console.log(`${tag} done in ${((performance.now() - started) / 1000).toFixed(2)} s`);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = performance.now();
  try {
    fetchXs();
    for (const v of opts.variants) await buildVariant(v, opts);
  } catch (e) {
    if (e instanceof BuildError) {
      process.stderr.write(`build: ${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  if (opts.variants.length > 1) {
    console.log(`build: ${opts.variants.join(', ')} done in ${((performance.now() - started) / 1000).toFixed(2)} s`);
  }
}

await main();
