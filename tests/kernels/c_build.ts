/* Builds small C test programs into build/test (ASan + UBSan by default). */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/shared_data.js';

export const SANITIZE = ['-g', '-O1', '-fsanitize=address,undefined', '-fno-sanitize-recover=all', '-fno-omit-frame-pointer'];

export function kernelSources(): string[] {
  const dir = join(repoRoot, 'host', 'kernels');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.c'))
    .sort()
    .map((f) => join(dir, f));
}

export function buildProgram(name: string, sources: readonly string[], flags: readonly string[] = SANITIZE): string {
  const out = join(repoRoot, 'build', 'test');
  mkdirSync(out, { recursive: true });
  const bin = join(out, name);
  execFileSync('gcc', [
    '-std=gnu11',
    '-Wall',
    '-Wextra',
    '-Werror',
    ...flags,
    `-I${join(repoRoot, 'host', 'include')}`,
    `-I${join(repoRoot, 'host', 'kernels')}`,
    ...sources,
    '-o',
    bin,
  ]);
  return bin;
}
