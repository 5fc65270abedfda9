/*
 * The offline arena planner: a pure function from buffer lifetimes to arena offsets.
 *
 * A buffer is live during op steps [first, last] (inclusive). Two buffers may share bytes only if
 * their step ranges are disjoint. The planner places buffers one at a time at the lowest offset that
 * does not overlap any already-placed buffer whose lifetime intersects (TFLM's greedy scheme), and
 * runs that greedy pass under a few orderings — biggest first, longest-lived first, earliest first —
 * keeping the smallest arena. The lower bound is the largest total live at any single step: no plan
 * can use less.
 */
import { ARENA_ALIGN } from '../../runtime/src/format/constants.js';
import { elementCount, resolveAlias, type IrGraph } from './ir.js';
import { elementSize } from '../../runtime/src/format/constants.js';

export interface PlanBuffer {
  readonly id: number;
  readonly size: number;
  readonly first: number;
  readonly last: number;
}

export interface PlacedBuffer extends PlanBuffer {
  readonly offset: number;
}

export interface ArenaPlan {
  readonly buffers: readonly PlacedBuffer[];
  readonly arenaSize: number;
  readonly lowerBound: number;
  /** Name of the ordering that produced the plan. */
  readonly strategy: string;
}

const alignUp = (n: number, a: number): number => Math.ceil(n / a) * a;
const overlaps = (a: PlanBuffer, b: PlanBuffer): boolean => a.first <= b.last && b.first <= a.last;

function greedy(order: readonly PlanBuffer[], align: number): PlacedBuffer[] {
  const placed: PlacedBuffer[] = [];
  for (const buf of order) {
    const size = alignUp(buf.size, align);
    const conflicts = placed.filter((p) => overlaps(p, buf)).sort((a, b) => a.offset - b.offset || a.id - b.id);
    let offset = 0;
    for (const c of conflicts) {
      if (offset + size <= c.offset) break;
      offset = Math.max(offset, alignUp(c.offset + c.size, align));
    }
    placed.push({ ...buf, offset });
  }
  return placed;
}

const ORDERINGS: readonly [string, (a: PlanBuffer, b: PlanBuffer) => number][] = [
  ['size', (a, b) => b.size - a.size || a.first - b.first || a.id - b.id],
  ['lifetime', (a, b) => b.last - b.first - (a.last - a.first) || b.size - a.size || a.id - b.id],
  ['first-use', (a, b) => a.first - b.first || b.size - a.size || a.id - b.id],
  ['area', (a, b) => b.size * (b.last - b.first + 1) - a.size * (a.last - a.first + 1) || a.id - b.id],
];

export function lowerBound(buffers: readonly PlanBuffer[], align = ARENA_ALIGN): number {
  const steps = new Set<number>();
  for (const b of buffers) steps.add(b.first);
  let best = 0;
  // The live total only rises where some buffer starts, so those steps suffice.
  for (const s of steps) {
    let live = 0;
    for (const b of buffers) if (b.first <= s && s <= b.last) live += alignUp(b.size, align);
    best = Math.max(best, live);
  }
  return best;
}

export function planArena(buffers: readonly PlanBuffer[], align = ARENA_ALIGN): ArenaPlan {
  let best: { placed: PlacedBuffer[]; size: number; name: string } | null = null;
  for (const [name, cmp] of ORDERINGS) {
    const placed = greedy([...buffers].sort(cmp), align);
    const size = placed.reduce((m, p) => Math.max(m, alignUp(p.offset + p.size, align)), 0);
    if (!best || size < best.size) best = { placed, size, name };
  }
  const result = best as { placed: PlacedBuffer[]; size: number; name: string };
  return {
    buffers: result.placed.sort((a, b) => a.id - b.id),
    arenaSize: result.size,
    lowerBound: lowerBound(buffers, align),
    strategy: result.name,
  };
}

/**
 * Lifetimes of a graph's arena buffers (alias roots of activations). Graph inputs are live from
 * step 0, graph outputs until the last step, so the caller can write and read them around invoke.
 */
export function graphBuffers(g: IrGraph): PlanBuffer[] {
  const last = Math.max(g.ops.length - 1, 0);
  const span = new Map<number, { first: number; last: number }>();
  const touch = (id: number, from: number, to: number): void => {
    const root = resolveAlias(g.tensors, id);
    if (g.tensors[root]?.data) return; // constants live in the file, not the arena
    const s = span.get(root);
    if (s) {
      s.first = Math.min(s.first, from);
      s.last = Math.max(s.last, to);
    } else span.set(root, { first: from, last: to });
  };
  g.ops.forEach((op, k) => op.operands.forEach((id) => touch(id, k, k)));
  for (const id of g.inputs) touch(id, 0, 0);
  for (const id of g.outputs) {
    const root = resolveAlias(g.tensors, id);
    const s = span.get(root);
    touch(id, s ? s.first : last, last);
  }
  return [...span.entries()]
    .map(([id, s]) => {
      const t = g.tensors[id]!;
      return { id, size: elementCount(t.shape) * elementSize(t.dtype), first: s.first, last: s.last };
    })
    .sort((a, b) => a.id - b.id);
}
