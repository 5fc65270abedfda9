/*
 * An interpreter for a PagedModel: before each op, its constant operands are copied whole from the
 * page cache into one scratch buffer (layout and size in paged_plan.ts), then the same kernels run on
 * views of it. Kernels must not read constants in prepare() (none of ours do): they see the scratch
 * contents only when invoked. Bit-exact with the mapped path: the kernels get the same bytes.
 */
import { MflowRuntimeError } from '../errors.js';
import type { ArenaBuffer } from '../interpreter.js';
import type { Kernel, KernelTable, PreparedOp, TensorView } from '../kernels/types.js';
import type { IoInfo, Model, TensorInfo } from '../model.js';
import { PAGE_TABLE_OFFSET } from '../format/constants.js';
import { PageCache } from './page_cache.js';
import { constScratch } from './paged_plan.js';
import type { PagedModel } from './paged_model.js';

export interface PagedInterpreterOptions {
  readonly kernels: readonly KernelTable[];
  /** Pages the RAM cache holds (at least 1). */
  readonly cachePages: number;
  /** Arena memory of at least model.arenaSize bytes; allocated when omitted. */
  readonly arena?: ArenaBuffer;
  /** Scratch memory for one op's constants (pagedPlan().scratchBytes); allocated when omitted. */
  readonly scratch?: ArenaBuffer;
  /** Check each page's CRC when it enters the cache (re-verifies flash on every read). */
  readonly verifyPages?: boolean;
  readonly crc32?: (bytes: Uint8Array, start: number, end: number, crc: number) => number;
}

export interface PagedInterpreter {
  readonly model: Model;
  readonly arena: ArenaBuffer;
  readonly cache: PageCache;
  readonly scratchBytes: number;
  readonly kernelSources: readonly number[];
  input(index: number): TensorView;
  output(index: number): TensorView;
  invoke(): void;
}

function view(buffer: ArenaBuffer, offset: number, t: TensorInfo): TensorView {
  if (t.dtype === 'int32') return new Int32Array(buffer, offset, t.byteSize / 4);
  if (t.dtype === 'float32') return new Float32Array(buffer, offset, t.byteSize / 4);
  return new Int8Array(buffer, offset, t.byteSize);
}

export function createPagedInterpreter(paged: PagedModel, options: PagedInterpreterOptions): PagedInterpreter {
  const { model, source } = paged;
  const arena = options.arena ?? new ArrayBuffer(model.arenaSize);
  if (arena.byteLength < model.arenaSize)
    throw new MflowRuntimeError('ARENA_TOO_SMALL', `arena has ${arena.byteLength} bytes, the model needs ${model.arenaSize}`);
  const plan = constScratch(model);
  const scratch = options.scratch ?? new ArrayBuffer(plan.size);
  if (scratch.byteLength < plan.size)
    throw new MflowRuntimeError('ARENA_TOO_SMALL', `scratch has ${scratch.byteLength} bytes, the largest op needs ${plan.size}`);
  const scratchBytes = new Uint8Array(scratch, 0, plan.size);
  const table = new DataView(model.bytes.buffer, model.bytes.byteOffset + PAGE_TABLE_OFFSET, 4 * model.pageCount);
  const cache = new PageCache(source, model, options.cachePages, {
    ...(options.verifyPages ? { pageCrcs: (p: number) => table.getUint32(4 * p, true) } : {}),
    ...(options.crc32 ? { crc32: options.crc32 } : {}),
  });
  // Dense from the start, as in interpreter.ts: a sparse array filled out of order corrupts the XS heap.
  const arenaViews = new Array<TensorView | undefined>(model.tensors.length).fill(undefined);
  const arenaView = (ti: number): TensorView => {
    const t = model.tensors[ti] as TensorInfo;
    return (arenaViews[ti] ??= view(arena, t.offset, t));
  };
  const prepared: PreparedOp[] = [];
  const sources: number[] = [];
  model.ops.forEach((op, i) => {
    let kernel: Kernel | undefined;
    let source = -1;
    for (let k = 0; k < options.kernels.length && !kernel; k++) {
      kernel = (options.kernels[k] as KernelTable)[op.spec.code];
      source = k;
    }
    if (!kernel) throw new MflowRuntimeError('NO_KERNEL', `op ${op.index} (${op.spec.name}) has no kernel in this build`);
    const entries = plan.perOp[i] as (typeof plan.perOp)[number];
    const operands = [...op.inputs, ...op.outputs].map((ti) => {
      const e = entries.find((x) => x.tensor === ti);
      return e ? view(scratch, e.scratchOffset, model.tensors[ti] as TensorInfo) : arenaView(ti);
    });
    const run = kernel.prepare(op.params, operands);
    const n = entries.length;
    prepared.push(() => {
      for (let k = 0; k < n; k++) {
        const e = entries[k] as (typeof entries)[number];
        cache.copy(e.offset, e.byteSize, scratchBytes, e.scratchOffset);
      }
      run();
    });
    sources.push(source);
  });
  const ioView = (list: readonly IoInfo[], i: number, what: string): TensorView => {
    const io = list[i];
    if (!io) throw new MflowRuntimeError('BAD_INDEX', `${what} ${i} does not exist (the model has ${list.length})`);
    return arenaView(io.index);
  };
  return Object.freeze({
    model,
    arena,
    cache,
    scratchBytes: plan.size,
    kernelSources: sources,
    input: (i: number) => ioView(model.inputs, i, 'input'),
    output: (i: number) => ioView(model.outputs, i, 'output'),
    invoke(): void {
      for (let i = 0; i < prepared.length; i++) (prepared[i] as PreparedOp)();
    },
  });
}
