/*
 * mflow-xs, the command-line XS host (boards/lin): builds it (incrementally) with boards/lin/build.mjs, then runs
 * the fixtures in tests/xs/fixtures through it and checks exact stdout, stderr and exit status.
 * MFLOW_XS_VARIANT=asan runs the same tests against the sanitizer build (debug and asan report file:line).
 */
import test from 'ava';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const variant = process.env.MFLOW_XS_VARIANT ?? 'debug';
const exe = join(repoRoot, 'build', 'lin', variant, 'mflow-xs');
const fixtures = realpathSync(join(repoRoot, 'tests', 'xs', 'fixtures'));
const withLines = variant === 'debug' || variant === 'asan'; // mxDebug builds put file:line in stack traces

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs mflow-xs with the fixtures directory as cwd; absolute fixture paths in the output become <fixtures>. */
function run(args: string[]): Promise<Result> {
  return new Promise((done, fail) => {
    const child = spawn(exe, args, { cwd: fixtures });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (status) => {
      const clean = (s: string) => s.split(fixtures).join('<fixtures>');
      done({ status, stdout: clean(stdout), stderr: clean(stderr) });
    });
  });
}

const at = (location: string) => (withLines ? ` (<fixtures>/${location})` : ' ()');

test.before(() => {
  const build = spawnSync(process.execPath, [join(repoRoot, 'boards', 'lin', 'build.mjs'), '--variant', variant], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`build.mjs --variant ${variant} failed:\n${build.stdout}${build.stderr}`);
});

test('print, console and args', async (t) => {
  const r = await run(['hello.js', 'a', 'b c']);
  t.is(r.stdout, 'hello 1 true null undefined 2.5 1,2 Symbol(s)\nlog line\ninfo line\n["a","b c"]\n');
  t.is(r.stderr, 'warn line\nerror line 42\n');
  t.is(r.status, 0);
});

test('modules: relative, ../, --alias exact and prefix, dynamic import', async (t) => {
  const r = await run(['--alias', 'fixture-greet=modules/alias/greet.js', '--alias=fixture-pkg/=modules/pkg', 'modules/main.js']);
  t.is(r.stderr, '');
  t.is(r.stdout, '5 8 hi xs 42 3.14\nlazy 1\n');
  t.is(r.status, 0);
});

test('readFile / writeFile round trip', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mflow-xs-io-'));
  try {
    const r = await run(['io.js', dir]);
    t.is(r.stderr, '');
    t.is(
      r.stdout,
      [
        '1,2,3,255',
        '12 1,-2,2147483647',
        '-2',
        '65534,65535',
        '0',
        'Error ENOENT readFile "<dir>/missing.bin": No such file or directory',
        'Error ENOENT writeFile "<dir>/no/such/dir.bin": No such file or directory',
        'EISDIR readFile "<dir>": Is a directory',
        'TypeError',
        '',
      ].join('\n'),
    );
    t.is(r.status, 0);
    t.deepEqual([...readFileSync(join(dir, 'a.bin'))], [1, 2, 3, 255]);
    t.deepEqual([...readFileSync(join(dir, 'd.bin'))], [0xfe, 0xff, 0xff, 0xff]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('mapFile: typed-array views over mmap memory, private writes, read-only petrify', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mflow-xs-map-'));
  try {
    const file = join(dir, 'ints.bin');
    const bytes = Buffer.alloc(16);
    [1, -2, 3, 0x01020304].forEach((v, i) => bytes.writeInt32LE(v, i * 4));
    writeFileSync(file, bytes);
    const r = await run(['mapfile.js', file]);
    t.is(r.stderr, '');
    t.is(
      r.stdout,
      [
        '16 false false',
        '4,3,2,1',
        '1,-2,3,16909060 -2,3',
        '-2 1027',
        '-2,3 4 true',
        '4,3,2,1 2',
        'RangeError',
        '9 1',
        'TypeError',
        '1',
        '1041 1033 10',
        'ENOENT',
        '',
      ].join('\n'),
    );
    t.is(r.status, 0);
    t.deepEqual(readFileSync(file), bytes, 'writes to a MAP_PRIVATE mapping never reach the file');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('memory() counters grow with allocation and drop after gc()', async (t) => {
  const r = await run(['memory.js']);
  t.is(r.stderr, '');
  t.is(
    r.stdout,
    [
      'slots,peakSlots,chunks,peakChunks,stack,peakStack,gcCount,heapSlots,heapChunks',
      'true true',
      'true true true true',
      '100000',
      'true true true',
      'true true',
      '',
    ].join('\n'),
  );
  t.is(r.status, 0);
});

test('a C host function bound with @ "xs_lin_sum_bytes" and native()', async (t) => {
  const r = await run(['sum_bytes.js']);
  t.is(r.stderr, '');
  t.is(r.stdout, '256\n50\n13\n36\ntrue 8\nTypeError\nReferenceError ERR_HOST_FUNCTION\ntrue\n');
  t.is(r.status, 0);
});

test('unknown host function: a clear error when the module binds, exit 1', async (t) => {
  const r = await run(['unknown_host.js']);
  t.is(r.stdout, '');
  t.is(
    r.stderr,
    'Uncaught ReferenceError: host function "xs_mflow_fixture_missing" is not linked into mflow-xs ' +
      '(declared with @ "xs_mflow_fixture_missing" in <fixtures>/unknown_host.js); ' +
      'define void xs_mflow_fixture_missing(xsMachine *the) in host/xs, host/kernels or boards/lin and rebuild mflow-xs\n' +
      ' at ()\n',
  );
  t.is(r.status, 1);
});

test('uncaught exception: message and stack on stderr, exit 1', async (t) => {
  const r = await run(['throws.js']);
  t.is(r.stdout, 'before\n');
  t.is(r.stderr, `Uncaught Error: boom\n at inner${at('throws.js:3')}\n at${at('throws.js:6')}\n`);
  t.is(r.status, 1);
});

test('unhandled rejection: exit 1', async (t) => {
  const r = await run(['rejects.js']);
  t.is(r.stdout, 'after\n');
  t.is(r.stderr, `Unhandled rejection: TypeError: nope\n at${at('rejects.js:2')}\n`);
  t.is(r.status, 1);
});

test('rejection from an async function is fatal before later timers run', async (t) => {
  const r = await run(['rejects_later.js']);
  t.is(r.stdout, '');
  t.regex(r.stderr, /^Unhandled rejection: RangeError: late\n at later/);
  if (withLines) t.true(r.stderr.includes('<fixtures>/rejects_later.js:4'));
  t.is(r.status, 1);
});

test('syntax error: file:line and message, exit 1', async (t) => {
  const r = await run(['syntax_error.js']);
  t.is(r.stdout, '');
  t.is(r.stderr, 'Uncaught SyntaxError: <fixtures>/syntax_error.js:3: missing expression\n');
  t.is(r.status, 1);
});

test('exit(3) stops at once with status 3', async (t) => {
  const r = await run(['exit_code.js']);
  t.is(r.stdout, 'before exit\n');
  t.is(r.stderr, '');
  t.is(r.status, 3);
});

test('missing entry file: error naming the path, exit 1', async (t) => {
  const r = await run(['no_such_entry.js']);
  t.is(r.stdout, '');
  t.is(r.stderr, 'mflow-xs: cannot find module "no_such_entry.js": No such file or directory\n');
  t.is(r.status, 1);
});

test('missing import: error naming specifier, importer and path', async (t) => {
  const r = await run(['missing_import.js']);
  t.is(
    r.stderr,
    'Uncaught TypeError: cannot find module "./does_not_exist.js" imported from <fixtures>/missing_import.js: ' +
      '<fixtures>/does_not_exist.js: No such file or directory\n',
  );
  t.is(r.status, 1);
});

test('bare specifier without --alias: error naming specifier and importer', async (t) => {
  const r = await run(['bare_import.js']);
  t.is(
    r.stderr,
    'Uncaught TypeError: cannot resolve bare specifier "not-aliased" imported from <fixtures>/bare_import.js ' +
      '(map it with --alias not-aliased=<path>)\n',
  );
  t.is(r.status, 1);
});

test('import() failures are catchable', async (t) => {
  const r = await run(['dynamic_errors.js']);
  t.is(r.stderr, '');
  t.is(
    r.stdout,
    [
      './does_not_exist.js TypeError ERR_MODULE_NOT_FOUND',
      'not-aliased TypeError ERR_MODULE_NOT_FOUND',
      './syntax_error.js SyntaxError undefined',
      './unknown_host.js ReferenceError ERR_HOST_FUNCTION',
      'still running',
      '',
    ].join('\n'),
  );
  t.is(r.status, 0);
});

test('timers, promise jobs and hrtime', async (t) => {
  const r = await run(['timers.js']);
  t.is(r.stderr, '');
  t.is(r.stdout, 'true true\nsync,micro,t0:xy,interval3,t50\n');
  t.is(r.status, 0);
});

test('JS stack overflow is a catchable RangeError', async (t) => {
  const r = await run(['stack_overflow.js']);
  t.is(r.stderr, '');
  t.is(r.stdout, 'true stack overflow\n');
  t.is(r.status, 0);
});

test('usage errors exit 2', async (t) => {
  t.is((await run([])).status, 2);
  t.is((await run(['--bogus', 'hello.js'])).status, 2);
  t.is((await run(['--alias', 'no-equals-sign', 'hello.js'])).status, 2);
});
