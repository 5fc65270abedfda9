/*
 * What running a model paged costs, computed without running it: the RAM (tables, page cache,
 * constant scratch) and the page reads per inference. The paged interpreter lays its scratch out with
 * constScratch and caches with the same Lru, so these counts are exactly what it does.
 */
import { CONST_ALIGN } from '../format/constants.js';
import type { Model, TensorInfo } from '../model.js';
import { Lru } from './lru.js';

/** One constant operand copied into the scratch buffer before its op runs. */
export interface ScratchEntry {
  readonly tensor: number;
  /** Absolute file offset and size of the constant. */
  readonly offset: number;
  readonly byteSize: number;
  /** Where it goes in the scratch buffer (16-aligned). */
  readonly scratchOffset: number;
}

/**
 * Granularity: an op's constant operands are fetched whole, before the op, into one scratch buffer
 * shared by all ops (kernels need contiguous operands); it is sized by the op with the most constant
 * bytes. Returns per op the copies to make, and that size.
 */
export function constScratch(model: Model): { perOp: ScratchEntry[][]; size: number } {
  let size = 0;
  const perOp = model.ops.map((op) => {
    let at = 0;
    const entries: ScratchEntry[] = [];
    for (const ti of [...op.inputs, ...op.outputs]) {
      const t = model.tensors[ti] as TensorInfo;
      if (t.location !== 'const') continue;
      entries.push({ tensor: ti, offset: t.offset, byteSize: t.byteSize, scratchOffset: at });
      at = Math.ceil((at + t.byteSize) / CONST_ALIGN) * CONST_ALIGN;
    }
    size = Math.max(size, at);
    return entries;
  });
  return { perOp, size };
}

export interface PagedPlan {
  readonly pageSize: number;
  readonly cachePages: number;
  /** RAM of the page cache: cachePages x pageSize. */
  readonly cacheBytes: number;
  /** RAM of the constant scratch buffer (the op with the most constant bytes). */
  readonly scratchBytes: number;
  /** RAM of the header, page table and tables kept resident ([0, CONST_OFFSET)). */
  readonly tablesBytes: number;
  /** cacheBytes + scratchBytes + tablesBytes (the arena comes on top, as for a mapped model). */
  readonly ramBytes: number;
  /** Page reads of the first inference (cold cache) and of every later one. */
  readonly readsFirstInference: number;
  readonly readsPerInference: number;
  readonly bytesReadPerInference: number;
}

/** The pages each inference touches, in order. */
function accesses(model: Model, perOp: readonly ScratchEntry[][]): number[] {
  const pages: number[] = [];
  for (const entries of perOp) {
    for (const e of entries) {
      const first = Math.floor((e.offset - model.payloadOffset) / model.pageSize);
      const last = Math.floor((e.offset + e.byteSize - 1 - model.payloadOffset) / model.pageSize);
      for (let p = first; p <= last && e.byteSize > 0; p++) pages.push(p);
    }
  }
  return pages;
}

export function pagedPlan(model: Model, cachePages: number): PagedPlan {
  const { perOp, size } = constScratch(model);
  const order = accesses(model, perOp);
  const lru = new Lru(cachePages);
  const pageBytes = (p: number): number => Math.min(model.pageSize, model.payloadEnd - model.payloadOffset - p * model.pageSize);
  const run = (): { reads: number; bytes: number } => {
    let reads = 0;
    let bytes = 0;
    for (const p of order) {
      if (lru.touch(p) < 0) {
        reads++;
        bytes += pageBytes(p);
      }
    }
    return { reads, bytes };
  };
  const first = run();
  const steady = run();
  const cacheBytes = cachePages * model.pageSize;
  const tablesBytes = model.constOffset;
  return {
    pageSize: model.pageSize,
    cachePages,
    cacheBytes,
    scratchBytes: size,
    tablesBytes,
    ramBytes: cacheBytes + size + tablesBytes,
    readsFirstInference: first.reads,
    readsPerInference: steady.reads,
    bytesReadPerInference: steady.bytes,
  };
}
