/*
 * Property-based checks (fast-check): the planner never overlaps live buffers and stays between the
 * lower bound and the sum of sizes; each op's semantic check never throws, whatever the params.
 */
import test from 'ava';
import fc from 'fast-check';
import { planArena } from '../../packer/src/planner.js';
import { OPS, type OpSpec } from '../../runtime/src/format/ops.js';
import { OP_CHECKS } from '../../runtime/src/format/op_checks.js';

const buffers = fc
  .array(
    fc.record({ size: fc.integer({ min: 1, max: 5000 }), first: fc.integer({ min: 0, max: 30 }), span: fc.integer({ min: 0, max: 10 }) }),
    { minLength: 1, maxLength: 40 },
  )
  .map((bs) => bs.map((b, id) => ({ id, size: b.size, first: b.first, last: b.first + b.span })));

test('planner: no two buffers live at the same step share bytes; lower bound <= arena <= total', (t) => {
  fc.assert(
    fc.property(buffers, (bs) => {
      const plan = planArena(bs);
      for (const a of plan.buffers) {
        for (const b of plan.buffers) {
          if (a.id < b.id && a.first <= b.last && b.first <= a.last && a.offset < b.offset + b.size && b.offset < a.offset + a.size)
            return false;
        }
      }
      const total = bs.reduce((s, b) => s + Math.ceil(b.size / 4) * 4, 0);
      return plan.lowerBound <= plan.arenaSize && plan.arenaSize <= total && plan.buffers.every((b) => b.offset % 4 === 0);
    }),
    { numRuns: 500, seed: 7 },
  );
  t.pass();
});

test('op checks: any params and operand sizes give null or a message, never an exception', (t) => {
  const specs = Object.values(OPS) as OpSpec[];
  const value = fc.oneof(
    fc.integer({ min: -0x80000000, max: 0x7fffffff }),
    fc.integer({ min: -3, max: 70000 }),
    fc.constantFrom(0, 1, -1, 65535, 0x7fffffff),
  );
  fc.assert(
    fc.property(
      fc.constantFrom(...specs),
      fc.array(value, { minLength: 24, maxLength: 24 }),
      fc.array(fc.integer({ min: 0, max: 1 << 20 }), { minLength: 6, maxLength: 6 }),
      (spec, ps, sizes) => {
        const params = Int32Array.from(ps.slice(0, spec.params.length));
        const facts = spec.operands.map((_, k) => ({
          elements: sizes[k] as number,
          elementSize: [1, 2, 4][(sizes[k] as number) % 3] as number,
          values: (i: number) => ps[i % ps.length] as number,
        }));
        const r = OP_CHECKS[spec.code]!(params, facts);
        return r === null || typeof r === 'string';
      },
    ),
    { numRuns: 3000, seed: 11 },
  );
  t.pass();
});
