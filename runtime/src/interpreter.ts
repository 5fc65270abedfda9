/*
 * The interpreter: binds a validated Model to an arena and a kernel table once, then `invoke` is a
 * flat loop over prepared ops — no allocation, no validation, one call per op.
 */
import { MflowRuntimeError } from './errors.js';
import type { Kernel, KernelTable, PreparedOp, TensorView } from './kernels/types.js';
import type { IoInfo, Model, TensorInfo } from './model.js';

/** Any memory an arena can live in: an ArrayBuffer, a SharedArrayBuffer, or a host buffer. */
export type ArenaBuffer = ArrayBufferLike;

/** Cores the heavy ops may be split across: 1, or 2 (the ESP32's two cores; two threads on Linux). */
export type Cores = 1 | 2;

/** Runs a whole model in one native call when it can (see graph_program.ts); null when it cannot. */
export interface GraphRunner {
  /** cores: as InterpreterOptions.cores; undefined lets the runner take the board's default. */
  prepare(model: Model, arena: ArenaBuffer, cores?: Cores): PreparedOp | null;
}

export interface InterpreterOptions {
  /** Kernels to use, first table first: e.g. [nativeKernels, refKernels]. */
  readonly kernels: readonly KernelTable[];
  /** Tried first: runs every op in one call (per-op kernels are then not prepared at all). */
  readonly graph?: GraphRunner;
  /** Arena memory of at least model.arenaSize bytes; allocated (ArrayBuffer) when omitted. */
  readonly arena?: ArenaBuffer;
  /**
   * Cores the graph runner splits the heavy ops (conv, depthwise conv, fully connected) across; results
   * are bit-identical either way. Default: the board's (nativeGraph: 2 on a two-core ESP32 or Linux
   * host). Only the graph runner splits: per-op kernels and the TS kernels run on one core.
   */
  readonly cores?: Cores;
}

export interface Interpreter {
  readonly model: Model;
  readonly arena: ArenaBuffer;
  /** Which table served each op ("0" = first table), for inspect and tests. */
  readonly kernelSources: readonly number[];
  input(index: number): TensorView;
  output(index: number): TensorView;
  invoke(): void;
}

function view(model: Model, arena: ArenaBuffer, t: TensorInfo): TensorView {
  const [buf, off] = t.location === 'arena' ? [arena, t.offset] : [model.bytes.buffer, model.bytes.byteOffset + t.offset];
  switch (t.dtype) {
    case 'int32':
      return new Int32Array(buf, off, t.byteSize / 4);
    case 'float32':
      return new Float32Array(buf, off, t.byteSize / 4);
    default:
      // int8 and the byte-sized dtypes: kernels see raw bytes as int8.
      return new Int8Array(buf, off, t.byteSize);
  }
}

function allocateArena(size: number): ArrayBuffer {
  try {
    return new ArrayBuffer(size);
  } catch {
    throw new MflowRuntimeError('ARENA_ALLOC', `cannot allocate a ${size}-byte arena`);
  }
}

export function createInterpreter(model: Model, options: InterpreterOptions): Interpreter {
  const arena = options.arena ?? allocateArena(model.arenaSize);
  if (arena.byteLength < model.arenaSize) {
    throw new MflowRuntimeError('ARENA_TOO_SMALL', `arena has ${arena.byteLength} bytes, the model needs ${model.arenaSize}`);
  }
  // Dense from the start: filling a sparse array out of order (views[2] before views[1]) corrupted the XS
  // heap in the release build when a collection followed (one-op models whose constant sits between
  // their input and output, e.g. DEQUANTIZE, STRIDED_SLICE).
  const views = new Array<TensorView | undefined>(model.tensors.length).fill(undefined);
  const viewOf = (i: number): TensorView => (views[i] ??= view(model, arena, model.tensors[i] as TensorInfo));
  const prepared: PreparedOp[] = [];
  const sources: number[] = [];
  if (options.cores !== undefined && options.cores !== 1 && options.cores !== 2) {
    throw new MflowRuntimeError('BAD_ARGUMENT', `cores must be 1 or 2, got ${String(options.cores)}`);
  }
  const whole = options.graph?.prepare(model, arena, options.cores) ?? null;
  if (whole) {
    prepared.push(whole);
    for (let i = 0; i < model.ops.length; i++) sources.push(0);
  }
  for (const op of whole ? [] : model.ops) {
    let kernel: Kernel | undefined;
    let source = -1;
    for (let k = 0; k < options.kernels.length && !kernel; k++) {
      kernel = (options.kernels[k] as KernelTable)[op.spec.code];
      source = k;
    }
    if (!kernel) throw new MflowRuntimeError('NO_KERNEL', `op ${op.index} (${op.spec.name}) has no kernel in this build`);
    const operands = [...op.inputs, ...op.outputs].map(viewOf);
    prepared.push(kernel.prepare(op.params, operands));
    sources.push(source);
  }
  const ioView = (list: readonly IoInfo[], i: number, what: string): TensorView => {
    const io = list[i];
    if (!io) throw new MflowRuntimeError('BAD_INDEX', `${what} ${i} does not exist (the model has ${list.length})`);
    return viewOf(io.index);
  };
  const inputs = model.inputs.map((_, i) => ioView(model.inputs, i, 'input'));
  const outputs = model.outputs.map((_, i) => ioView(model.outputs, i, 'output'));
  const count = prepared.length;
  return Object.freeze({
    model,
    arena,
    kernelSources: sources,
    input: (i: number) => inputs[i] ?? ioView(model.inputs, i, 'input'),
    output: (i: number) => outputs[i] ?? ioView(model.outputs, i, 'output'),
    invoke(): void {
      for (let i = 0; i < count; i++) (prepared[i] as PreparedOp)();
    },
  });
}
