/*
 * npm run fuzz -- --target pack|open|xs|genc [--cases N] [--seed S]: a seeded, reproducible campaign
 * (xs: openModel + C kernels in the ASan build of the XS host; genc: generated C under ASan). Seeds are
 * the shared models (when present) and mflow's own sine model; crashes are written to
 * build/fuzz/<target>-<seed>-<index>.bin and make the command exit 1.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import { nodeCases, tally, type NodeTarget } from '../fuzz/campaign.js';
import { fuzzSeeds } from '../fuzz/seeds.js';
import { gencCampaign } from '../fuzz/genc_campaign.js';
import { xsCampaign } from '../fuzz/xs_campaign.js';
import { repoRoot } from '../packer/src/repo_root.js';

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt;
}

const target = arg('--target', 'open');
if (!['pack', 'open', 'xs', 'genc'].includes(target)) throw new Error(`"--target" must be one of pack, open, xs, genc; got ${target}`);
const cases = Number(arg('--cases', '10000'));
const seed = Number(arg('--seed', '1'));
const seeds = fuzzSeeds();
const bar = new cliProgress.SingleBar(
  { format: `fuzz ${target} [{bar}] {value}/{total}`, stream: process.stderr },
  cliProgress.Presets.shades_classic,
);
bar.start(cases, 0);
const progress = (i: number): void => {
  if (i % 100 === 0) bar.update(i);
};
const result =
  target === 'xs'
    ? xsCampaign(seeds.mfb, seed, cases, (n) => bar.update(n))
    : target === 'genc'
      ? gencCampaign(seeds.small, seed, cases, (n) => bar.update(n))
      : tally(
          target,
          seed,
          nodeCases(target as NodeTarget, target === 'open' ? seeds.mfb : seeds.tflite, seed, cases, undefined, progress),
        );
bar.update(cases);
bar.stop();
const dir = join(repoRoot(), 'build', 'fuzz');
mkdirSync(dir, { recursive: true });
for (const c of result.crashes) writeFileSync(join(dir, `${target}-${seed}-${c.index}.bin`), c.input);
console.log(
  JSON.stringify({ ...result, crashes: result.crashes.map((c) => ({ index: c.index, error: c.error.split('\n')[0] })) }, null, 2),
);
process.exitCode = result.crashes.length ? 1 : 0;
