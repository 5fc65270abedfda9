/*
 * A fuzz campaign: N cases of one target from one seed, each case reproducible from (seed, index).
 * Returns counts per outcome and the crashes with the inputs that caused them.
 */
import { mutateMfb } from './mutate_mfb.js';
import { mutateSpec } from './mutate_spec.js';
import { mutateTflite, type SpecMutator } from './mutate_tflite.js';
import { Rng } from './rng.js';
import { runOpen, runPack, type Outcome } from './targets.js';

export type NodeTarget = 'pack' | 'open';

export interface Crash {
  index: number;
  input: Uint8Array;
  error: string;
}

export interface CampaignResult {
  target: string;
  seed: number;
  cases: number;
  rejected: Record<string, number>;
  accepted: number;
  invoked: number;
  crashes: Crash[];
}

export function caseRng(seed: number, index: number): Rng {
  return new Rng((Math.imul(seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
}

export function tally(target: string, seed: number, outcomes: Iterable<[number, Uint8Array, Outcome]>): CampaignResult {
  const r: CampaignResult = { target, seed, cases: 0, rejected: {}, accepted: 0, invoked: 0, crashes: [] };
  for (const [index, input, o] of outcomes) {
    r.cases++;
    if (o.kind === 'rejected') r.rejected[o.code] = (r.rejected[o.code] ?? 0) + 1;
    else if (o.kind === 'accepted') {
      r.accepted++;
      if (o.invoked) r.invoked++;
    } else r.crashes.push({ index, input, error: o.error });
  }
  return r;
}

export function* nodeCases(
  target: NodeTarget,
  seeds: readonly Uint8Array[],
  seed: number,
  cases: number,
  spec?: SpecMutator,
  onCase?: (i: number) => void,
): Generator<[number, Uint8Array, Outcome]> {
  for (let i = 0; i < cases; i++) {
    const rng = caseRng(seed, i);
    const base = rng.pick(seeds);
    const input = target === 'open' ? mutateMfb(base, rng) : mutateTflite(base, rng, spec ?? mutateSpec);
    yield [i, input, target === 'open' ? runOpen(input, rng) : runPack(input, rng)];
    onCase?.(i);
  }
}
