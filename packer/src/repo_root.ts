/* Finds the mflow package root from this module's location (works from src/ under tsx and from dist/). */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

export function repoRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'mflow') return (cached = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the mflow package root');
    dir = up;
  }
}
