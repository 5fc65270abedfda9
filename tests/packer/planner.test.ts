/* The arena planner: exact offsets on small hand-made lifetimes, and no live overlap on real models. */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { graphBuffers, lowerBound, planArena, type PlacedBuffer } from '../../packer/src/planner.js';
import { packTflite } from '../../packer/src/pack.js';
import { modelGoldens } from '../helpers/shared_data.js';

function assertNoLiveOverlap(t: { fail(m: string): void; pass(): void }, placed: readonly PlacedBuffer[]): void {
  for (const a of placed) {
    for (const b of placed) {
      if (a.id >= b.id) continue;
      const timeOverlap = a.first <= b.last && b.first <= a.last;
      const spaceOverlap = a.offset < b.offset + b.size && b.offset < a.offset + a.size;
      if (timeOverlap && spaceOverlap) return t.fail(`buffers ${a.id} and ${b.id} overlap in time and space`);
    }
  }
  t.pass();
}

test('a chain reuses memory ping-pong style', (t) => {
  // in(0) -> a -> b -> out: each op reads one and writes the next.
  const plan = planArena([
    { id: 0, size: 16, first: 0, last: 0 },
    { id: 1, size: 32, first: 0, last: 1 },
    { id: 2, size: 32, first: 1, last: 2 },
    { id: 3, size: 8, first: 2, last: 2 },
  ]);
  t.deepEqual(
    plan.buffers.map((b) => b.offset),
    [32, 0, 32, 0],
  );
  t.is(plan.arenaSize, 64);
  t.is(plan.lowerBound, 64);
});

test('sizes are aligned to 4 and a small buffer fills a gap', (t) => {
  const plan = planArena([
    { id: 0, size: 10, first: 0, last: 3 },
    { id: 1, size: 3, first: 0, last: 0 },
    { id: 2, size: 20, first: 1, last: 2 },
  ]);
  // size order: 20 @0, 10 @20 (overlaps 20 in time), 3 @0 (20 is not live at step 0).
  t.deepEqual(
    plan.buffers.map((b) => b.offset),
    [20, 0, 0],
  );
  t.is(plan.arenaSize, 32);
  t.is(plan.lowerBound, 32);
});

test('disjoint lifetimes share offset 0', (t) => {
  const plan = planArena([
    { id: 0, size: 100, first: 0, last: 0 },
    { id: 1, size: 100, first: 1, last: 1 },
    { id: 2, size: 100, first: 2, last: 2 },
  ]);
  t.deepEqual(
    plan.buffers.map((b) => b.offset),
    [0, 0, 0],
  );
  t.is(plan.arenaSize, 100);
});

test('the lower bound is the largest live set', (t) => {
  t.is(
    lowerBound([
      { id: 0, size: 5, first: 0, last: 1 },
      { id: 1, size: 7, first: 1, last: 2 },
      { id: 2, size: 1, first: 2, last: 2 },
    ]),
    8 + 8,
  );
});

for (const set of modelGoldens()) {
  test(`${set.id}: planned tensors never overlap while live; arena >= lower bound`, (t) => {
    const packed = packTflite(new Uint8Array(readFileSync(set.modelPath)));
    const buffers = graphBuffers(packed.graph);
    t.deepEqual(
      packed.plan.buffers.map(({ id, size, first, last }) => ({ id, size, first, last })),
      buffers,
    );
    assertNoLiveOverlap(t, packed.plan.buffers);
    t.true(packed.plan.arenaSize >= packed.plan.lowerBound);
  });
}
