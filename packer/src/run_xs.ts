/*
 * `mflow run --engine xs`: runs the model inside the Linux XS host (real XS engine, C kernels as host
 * functions) and reads the outputs back. Builds the host on first use.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadedModel } from './load.js';
import { repoRoot } from './repo_root.js';
import { checkInputs, type RunResult } from './run.js';

export type XsVariant = 'debug' | 'release' | 'asan';

export interface XsRunReport extends RunResult {
  /** What the runner printed: kernel sources per op and XS heap deltas. */
  readonly report: { kernels: string[]; cores: number; slot_size: number; heap: Record<string, number> };
}

export function xsHostPath(variant: XsVariant | 'm32'): string {
  return join(repoRoot(), 'build', 'lin', variant, 'mflow-xs');
}

const built = new Set<string>();

/** Brings the XS host variant up to date (the build is incremental: a no-op takes milliseconds), once per process. */
export function ensureXsHost(variant: XsVariant | 'm32'): string {
  const bin = xsHostPath(variant);
  if (!built.has(variant)) {
    const r = spawnSync(process.execPath, [join(repoRoot(), 'boards', 'lin', 'build.mjs'), '--variant', variant], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (r.status !== 0 || !existsSync(bin)) throw new Error(`building the XS host (${variant}) failed`);
    built.add(variant);
  }
  return bin;
}

export function runXs(
  loaded: LoadedModel,
  inputs: readonly Uint8Array[],
  inputNames: readonly string[] = [],
  options: { variant?: XsVariant; repeat?: number; cores?: 1 | 2 } = {},
): XsRunReport {
  checkInputs(loaded.model, inputs, inputNames);
  const bin = ensureXsHost(options.variant ?? 'release');
  const dir = mkdtempSync(join(tmpdir(), 'mflow-xs-'));
  try {
    const modelPath = join(dir, 'model.mfb');
    writeFileSync(modelPath, loaded.model.bytes);
    const args = [join(repoRoot(), 'dist', 'lin', 'run_model.js'), modelPath];
    inputs.forEach((bytes, i) => {
      const p = join(dir, `in${i}.bin`);
      writeFileSync(p, bytes);
      args.push('--in', p);
    });
    const outPaths = loaded.model.outputs.map((_, i) => join(dir, `out${i}.bin`));
    for (const p of outPaths) args.push('--out', p);
    if (options.repeat) args.push('--repeat', String(options.repeat));
    if (options.cores) args.push('--cores', String(options.cores));
    const r = spawnSync(bin, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) throw new Error(`the XS host failed (status ${r.status}): ${r.stderr.trim()}`);
    const line = r.stdout.trim().split('\n').pop() ?? '{}';
    return { outputs: outPaths.map((p) => new Uint8Array(readFileSync(p))), report: JSON.parse(line) as XsRunReport['report'] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
