/*
 * A short fuzz campaign per Node target (CI size: 2 000 cases each): mutated .tflite through the
 * packer and mutated .mfb through openModel + invoke end in a typed error or a valid run — never
 * another exception.
 */
import test from 'ava';
import { nodeCases, tally } from '../../fuzz/campaign.js';
import { fuzzSeeds } from '../../fuzz/seeds.js';
import { gencCampaign } from '../../fuzz/genc_campaign.js';
import { xsCampaign } from '../../fuzz/xs_campaign.js';

const CASES = Number(process.env.MFLOW_FUZZ_CASES ?? 2000);
const seeds = fuzzSeeds();

for (const target of ['pack', 'open'] as const) {
  test(`fuzz ${target}: ${CASES} cases, seed 1, no crash`, (t) => {
    const r = tally(target, 1, nodeCases(target, target === 'open' ? seeds.mfb : seeds.tflite, 1, CASES));
    t.is(r.cases, CASES);
    t.deepEqual(
      r.crashes.map((c) => `case ${c.index}: ${c.error.split('\n')[0]}`),
      [],
    );
    // The mutations must reach deep checks, not just the first CRC: both outcomes occur.
    t.true(r.accepted > 0, 'some mutants are valid models');
    t.true(Object.keys(r.rejected).length >= 5, `rejections: ${JSON.stringify(r.rejected)}`);
  });
}

test('fuzz xs: mutated .mfb through openModel and the C kernels in the ASan XS host, no crash', (t) => {
  const r = xsCampaign(seeds.mfb, 1, CASES);
  t.is(r.cases, CASES);
  t.deepEqual(
    r.crashes.map((c) => `case ${c.index}: ${c.error.split('\n')[0]}`),
    [],
  );
  t.true(r.invoked > 0);
});

test('fuzz genc: mutated .tflite refused, or its generated C runs clean under ASan and matches the TS kernels', (t) => {
  const r = gencCampaign(seeds.small, 1, CASES);
  t.is(r.cases, CASES);
  t.deepEqual(
    r.crashes.map((c) => `case ${c.index}: ${c.error.split('\n')[0]}`),
    [],
  );
  t.true(r.invoked > 0);
});
