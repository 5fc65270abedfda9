/*
 * The XS fuzz target: mutated .mfb files run through openModel + the native graph runner inside the
 * Linux XS host built with AddressSanitizer + UBSan, in batches (one process per batch). A case fails
 * when the host dies (sanitizer report, signal, non-zero exit), prints no line for it, or throws
 * anything but a typed runtime error.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureXsHost } from '../packer/src/run_xs.js';
import { repoRoot } from '../packer/src/repo_root.js';
import type { CampaignResult } from './campaign.js';
import { caseRng } from './campaign.js';
import { mutateMfb } from './mutate_mfb.js';

const BATCH = 250;

export function xsCampaign(seeds: readonly Uint8Array[], seed: number, cases: number, onBatch?: (done: number) => void): CampaignResult {
  const bin = ensureXsHost('asan');
  const runner = join(repoRoot(), 'dist', 'lin', 'fuzz_runner.js');
  const dir = mkdtempSync(join(tmpdir(), 'mflow-fuzz-xs-'));
  const r: CampaignResult = { target: 'xs', seed, cases: 0, rejected: {}, accepted: 0, invoked: 0, crashes: [] };
  try {
    for (let start = 0; start < cases; start += BATCH) {
      const inputs: Uint8Array[] = [];
      const files: string[] = [];
      for (let i = start; i < Math.min(cases, start + BATCH); i++) {
        const rng = caseRng(seed, i);
        const input = mutateMfb(rng.pick(seeds), rng);
        const f = join(dir, `${i - start}.mfb`);
        writeFileSync(f, input);
        inputs.push(input);
        files.push(f);
      }
      const p = spawnSync(bin, [runner, ...files], { encoding: 'utf8', maxBuffer: 1 << 26, timeout: 300000 });
      if (p.error) throw new Error(`cannot run the XS host: ${p.error.message}`);
      const lines = new Map(
        p.stdout
          .split('\n')
          .filter(Boolean)
          .map((l) => [Number(l.slice(0, l.indexOf(' '))), l.slice(l.indexOf(' ') + 1)]),
      );
      inputs.forEach((input, k) => {
        const line = lines.get(k);
        r.cases++;
        if (line === undefined || p.status !== 0) {
          // The process died: blame the first case that printed nothing.
          if (line === undefined && !r.crashes.some((c) => c.index >= start))
            r.crashes.push({ index: start + k, input, error: `XS host exited ${p.status} ${p.signal ?? ''}: ${p.stderr.slice(-2000)}` });
        } else if (line.startsWith('ok')) {
          r.accepted++;
          if (line === 'ok') r.invoked++;
        } else if (line.startsWith('rejected ')) {
          const code = line.slice(9);
          r.rejected[code] = (r.rejected[code] ?? 0) + 1;
        } else r.crashes.push({ index: start + k, input, error: line });
      });
      onBatch?.(Math.min(cases, start + BATCH));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return r;
}
