/*
 * Splitting ops across cores (host/cores, host/platform/mf_cores_pthread.c), checked by
 * host/test/mf_cores_driver.c: the planner on odd sizes (1 channel, prime counts, more cores than rows
 * or channels), every 2-part cut of random CONV_2D / DEPTHWISE_CONV_2D / FULLY_CONNECTED jobs and the
 * planned split on two threads, byte for byte against the single call — under ASan + UBSan, and under
 * ThreadSanitizer (which must report nothing: any report fails the run).
 *
 * Calibration (the split thresholds in mf_cores_pthread.c), on an otherwise idle machine:
 *   gcc -std=gnu11 -D_GNU_SOURCE -pthread -O2 -Ihost/include -Ihost/kernels -Ihost/cores host/test/mf_cores_driver.c \
 *     host/cores/mf_split.c host/platform/mf_cores_pthread.c host/kernels/mf_{conv_2d,depthwise_conv_2d,fully_connected}_s8.c \
 *     -o build/test/mf_cores_calib && build/test/mf_cores_calib calib
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/shared_data.js';
import { buildProgram, SANITIZE } from '../kernels/c_build.js';

const SOURCES = [
  'host/test/mf_cores_driver.c',
  'host/cores/mf_split.c',
  'host/platform/mf_cores_pthread.c',
  'host/kernels/mf_conv_2d_s8.c',
  'host/kernels/mf_depthwise_conv_2d_s8.c',
  'host/kernels/mf_fully_connected_s8.c',
].map((f) => join(repoRoot, f));
const COMMON = ['-D_GNU_SOURCE', '-pthread', `-I${join(repoRoot, 'host', 'cores')}`];

function run(bin: string, cases: number): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(bin, ['check', String(cases)], {
    encoding: 'utf8',
    env: { ...process.env, TSAN_OPTIONS: 'halt_on_error=1 exitcode=66', ASAN_OPTIONS: 'detect_leaks=1' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('split planner and every cut bit-exact, threads included, under ASan + UBSan', (t) => {
  const bin = buildProgram('mf_cores_driver_asan', SOURCES, [...SANITIZE, ...COMMON]);
  const r = run(bin, 300);
  t.is(r.status, 0, r.stderr);
  t.is(r.stdout.trim(), 'ok 300 cases');
  t.is(r.stderr, '');
});

test('ThreadSanitizer: the dispatch across two threads reports nothing', (t) => {
  const bin = buildProgram('mf_cores_driver_tsan', SOURCES, ['-g', '-O1', '-fsanitize=thread', ...COMMON]);
  const r = run(bin, 150);
  t.is(r.status, 0, r.stderr);
  t.is(r.stdout.trim(), 'ok 150 cases');
  t.notRegex(r.stderr, /ThreadSanitizer/);
});

test('a planted data race is caught (the TSan build does detect races)', (t) => {
  // Part 1 writes a global that part 0 reads, with no synchronisation between the two threads.
  const racy = join(repoRoot, 'build', 'test', 'mf_cores_race.c');
  mkdirSync(join(repoRoot, 'build', 'test'), { recursive: true });
  const src = [
    '#include <stdio.h>',
    '#include "mf_cores.h"',
    'static int32_t shared;',
    'static void part(void *ctx, int32_t k) { (void)ctx; if (k == 1) shared = 1; else printf("%d\\n", (int)shared); }',
    'int main(void) { for (int32_t i = 0; i < 200; i++) mf_cores_run(part, NULL, 2); return 0; }',
    '',
  ].join('\n');
  writeFileSync(racy, src);
  const bin = buildProgram(
    'mf_cores_race',
    [racy, join(repoRoot, 'host', 'platform', 'mf_cores_pthread.c')],
    ['-g', '-O1', '-fsanitize=thread', ...COMMON],
  );
  const r = spawnSync(bin, [], { encoding: 'utf8', env: { ...process.env, TSAN_OPTIONS: 'exitcode=66' } });
  t.regex(r.stderr, /ThreadSanitizer: data race/);
});
