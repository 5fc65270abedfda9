/*
 * `mflow inspect`: one report for a .tflite (packed in memory) or an .mfb — ops with shapes and MACs,
 * tensors, the arena plan with its lower bound, and where every byte of the file and of RAM goes.
 */
import { opMacs } from '../../runtime/src/format/op_info.js';
import type { Model, TensorInfo } from '../../runtime/src/model.js';
import type { OpName } from '../../runtime/src/format/ops.js';
import { lowerBound, type PlanBuffer } from './planner.js';
import { opBackends, type Backends } from './ops/support.js';

export interface InspectOp {
  index: number;
  op: string;
  source_op: number;
  source_name: string | null;
  inputs: { tensor: number; dtype: string; shape: number[] }[];
  outputs: { tensor: number; dtype: string; shape: number[] }[];
  macs: number;
  /** Where this op runs: Node (TS), XS (C kernel or TS in XS), static C (gen-c / AVR). */
  backends: Backends;
}

export interface InspectTensor {
  index: number;
  name: string | null;
  dtype: string;
  shape: number[];
  location: 'arena' | 'const';
  offset: number;
  bytes: number;
  scale: number;
  zero_point: number;
  /** Op steps during which an arena tensor is live, inclusive. */
  live: [number, number] | null;
}

export interface InspectReport {
  file: string;
  format: 'tflite' | 'mfb';
  format_version: string;
  tflite_bytes: number | null;
  mfb_bytes: number;
  page_size: number;
  page_count: number;
  arena_bytes: number;
  arena_lower_bound: number;
  /** Constant data in the file: weights, biases, precomputed multipliers and shifts. */
  weights_bytes: number;
  /** XS heap the runtime holds per opened model besides the arena (estimate; npm run bench measures it). */
  runtime_bytes: number;
  macs: number;
  sizes: { header: number; page_table: number; tables: number; constants: number; trailer: number };
  ops: InspectOp[];
  tensors: InspectTensor[];
  elided_ops: { index: number; name: string }[];
}

/**
 * The runtime's XS heap for one opened and prepared model, besides the arena: a fit of what
 * `npm run bench` measures on the 32-bit XS host (about 5.2 KB plus 1.75 KB per op: the model's
 * table objects, typed-array views and the prepared program). The benchmark reports the measured figure.
 */
export function runtimeBytesEstimate(m: Model): number {
  return 5200 + 1750 * m.ops.length;
}

/** Op steps during which each arena tensor is read or written (graph inputs from 0, outputs to the end). */
function liveRanges(m: Model): Map<number, [number, number]> {
  const ranges = new Map<number, [number, number]>();
  const last = Math.max(m.ops.length - 1, 0);
  const touch = (ti: number, from: number, to: number): void => {
    const r = ranges.get(ti);
    ranges.set(ti, r ? [Math.min(r[0], from), Math.max(r[1], to)] : [from, to]);
  };
  m.ops.forEach((op, k) => [...op.inputs, ...op.outputs].forEach((ti) => touch(ti, k, k)));
  m.inputs.forEach((io) => touch(io.index, 0, 0));
  m.outputs.forEach((io) => touch(io.index, ranges.get(io.index)?.[0] ?? last, last));
  return ranges;
}

/**
 * Storage blocks of the arena with their lifetimes. A tensor no op writes and that is not a model
 * input is an alias (an elided RESHAPE): its block is the one at its offset written last before it
 * is first read, and that block stays live until the alias is done.
 */
function arenaBlocks(m: Model, ranges: ReadonlyMap<number, [number, number]>): PlanBuffer[] {
  const producedAt = new Map<number, number>();
  m.inputs.forEach((io) => producedAt.set(io.index, -1));
  m.ops.forEach((op, k) => op.outputs.forEach((ti) => producedAt.set(ti, k)));
  const blocks = new Map<number, PlanBuffer>();
  const rootOf = (ti: number): number => {
    if (producedAt.has(ti)) return ti;
    const t = m.tensors[ti] as TensorInfo;
    const firstUse = ranges.get(ti)?.[0] ?? 0;
    let root = ti;
    let best = -Infinity;
    for (const [other, step] of producedAt) {
      const o = m.tensors[other] as TensorInfo;
      if (o.offset === t.offset && step <= firstUse && step > best) {
        best = step;
        root = other;
      }
    }
    return root;
  };
  for (const [ti, [first, last]] of ranges) {
    const t = m.tensors[ti] as TensorInfo;
    if (t.location !== 'arena') continue;
    const root = rootOf(ti);
    const b = blocks.get(root);
    blocks.set(
      root,
      b
        ? { id: root, size: Math.max(b.size, t.byteSize), first: Math.min(b.first, first), last: Math.max(b.last, last) }
        : { id: root, size: t.byteSize, first, last },
    );
  }
  return [...blocks.values()];
}

export function inspectModel(
  m: Model,
  file: string,
  extras: {
    tfliteBytes?: number;
    tensorNames?: ReadonlyMap<number, string>;
    sourceNames?: readonly string[];
    elided?: readonly { index: number; name: string }[];
  } = {},
): InspectReport {
  const names = new Map<number, string>(extras.tensorNames ?? []);
  for (const io of [...m.inputs, ...m.outputs]) names.set(io.index, io.name);
  const ranges = liveRanges(m);
  const ref = (ti: number) => {
    const t = m.tensors[ti] as TensorInfo;
    return { tensor: ti, dtype: t.dtype, shape: [...t.shape] };
  };
  return {
    file,
    format: extras.tfliteBytes !== undefined ? 'tflite' : 'mfb',
    format_version: `${m.versionMajor}.${m.versionMinor}`,
    tflite_bytes: extras.tfliteBytes ?? null,
    mfb_bytes: m.fileSize,
    page_size: m.pageSize,
    page_count: m.pageCount,
    arena_bytes: m.arenaSize,
    arena_lower_bound: lowerBound(arenaBlocks(m, ranges)),
    weights_bytes: m.constSize,
    runtime_bytes: runtimeBytesEstimate(m),
    macs: m.ops.reduce((s, op) => s + opMacs(op.spec, op.params), 0),
    sizes: {
      header: 128,
      page_table: m.payloadOffset - 128,
      tables: m.constOffset - m.payloadOffset,
      constants: m.constSize,
      trailer: m.fileSize - m.payloadEnd,
    },
    ops: m.ops.map((op) => ({
      index: op.index,
      op: op.spec.name,
      source_op: op.sourceIndex,
      source_name: extras.sourceNames?.[op.sourceIndex] ?? null,
      inputs: op.inputs.map(ref),
      outputs: op.outputs.map(ref),
      macs: opMacs(op.spec, op.params),
      backends: opBackends(op.spec.name as OpName),
    })),
    tensors: m.tensors.map((t) => ({
      index: t.index,
      name: names.get(t.index) ?? null,
      dtype: t.dtype,
      shape: [...t.shape],
      location: t.location,
      offset: t.offset,
      bytes: t.byteSize,
      scale: t.scale,
      zero_point: t.zeroPoint,
      live: ranges.get(t.index) ?? null,
    })),
    elided_ops: [...(extras.elided ?? [])],
  };
}

const pad = (s: string | number, n: number): string => String(s).padEnd(n);
const num = (n: number): string => n.toLocaleString('en-US');

export function formatReport(r: InspectReport): string {
  const lines: string[] = [];
  lines.push(
    `${r.file} (${r.format}${r.tflite_bytes !== null ? `, ${num(r.tflite_bytes)} bytes` : ''}; packs to .mfb v${r.format_version}, ${num(r.mfb_bytes)} bytes, ${r.page_count} pages of ${r.page_size})`,
  );
  lines.push('');
  lines.push(`arena            ${num(r.arena_bytes)} bytes (lower bound ${num(r.arena_lower_bound)})`);
  lines.push(`runtime RAM      ~${num(r.runtime_bytes)} bytes of XS heap besides the arena (32-bit estimate; npm run bench measures it)`);
  lines.push(`weights          ${num(r.weights_bytes)} bytes of constants in flash`);
  lines.push(
    `file             header ${r.sizes.header} + page table ${r.sizes.page_table} + tables ${num(r.sizes.tables)} + constants ${num(r.sizes.constants)} + trailer ${r.sizes.trailer}`,
  );
  lines.push(`MACs / inference ${num(r.macs)}`);
  lines.push('');
  lines.push(`${pad('#', 4)}${pad('op', 22)}${pad('from', 22)}${pad('inputs', 40)}${pad('outputs', 20)}${pad('MACs', 12)}Node XS  gen-c`);
  for (const op of r.ops) {
    const shapes = (l: InspectOp['inputs']) => l.map((x) => `t${x.tensor}[${x.shape.join('x')}]`).join(' ');
    const b = op.backends;
    lines.push(
      `${pad(op.index, 4)}${pad(op.op, 22)}${pad(`${op.source_op}:${op.source_name ?? ''}`, 22)}${pad(shapes(op.inputs), 40)}${pad(shapes(op.outputs), 20)}${pad(num(op.macs), 12)}${pad(b.node ? 'yes' : 'no', 5)}${pad(b.xs ?? 'no', 4)}${b.genc ? 'yes' : 'no'}`,
    );
  }
  const notGenc = r.ops.filter((o) => !o.backends.genc);
  lines.push(
    notGenc.length
      ? `gen-c: not available (no C kernel for ${[...new Set(notGenc.map((o) => o.op))].join(', ')})`
      : 'gen-c: every op has a C kernel',
  );
  if (r.elided_ops.length)
    lines.push(`elided (aliases, no code, no memory): ${r.elided_ops.map((e) => `${e.index}:${e.name}`).join(', ')}`);
  lines.push('');
  lines.push('memory plan (arena tensors; live = op steps)');
  lines.push(`${pad('t', 5)}${pad('offset', 9)}${pad('bytes', 9)}${pad('live', 10)}${pad('dtype', 9)}${pad('shape', 16)}name`);
  for (const t of r.tensors.filter((x) => x.location === 'arena').sort((a, b) => a.offset - b.offset || a.index - b.index)) {
    lines.push(
      `${pad(t.index, 5)}${pad(t.offset, 9)}${pad(t.bytes, 9)}${pad(t.live ? `${t.live[0]}-${t.live[1]}` : '-', 10)}${pad(t.dtype, 9)}${pad(t.shape.join('x'), 16)}${t.name ?? ''}`,
    );
  }
  lines.push('');
  lines.push(`constants: ${r.tensors.filter((x) => x.location === 'const').length} tensors, ${num(r.weights_bytes)} bytes`);
  return lines.join('\n');
}
