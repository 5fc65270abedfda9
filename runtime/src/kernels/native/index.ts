/*
 * The native kernel table for XS: each op's prepare makes byte views of its params and operands once;
 * invoke then calls one C host function per op with them (no allocation). Only the XS build imports
 * this module (./mflow_native.js uses XS-only syntax).
 */
import { OPS } from '../../format/ops.js';
import type { Kernel, KernelTable, TensorView } from '../types.js';
import { buildGraphProgram } from '../../graph_program.js';
import type { Cores, GraphRunner } from '../../interpreter.js';
import type { Model } from '../../model.js';
import * as native from './mflow_native.js';
import { NATIVE_OPS, type NativeOpName } from './native_ops.js';

const bytes = (v: TensorView | Int32Array): Uint8Array => new Uint8Array(v.buffer, v.byteOffset, v.byteLength);

type Fn3 = (p: Uint8Array, a: Uint8Array, b: Uint8Array) => void;
type Fn4 = (p: Uint8Array, a: Uint8Array, b: Uint8Array, c: Uint8Array) => void;
type Fn7 = (p: Uint8Array, a: Uint8Array, b: Uint8Array, c: Uint8Array, d: Uint8Array, e: Uint8Array, f: Uint8Array) => void;

function kernel2(fn: Fn3): Kernel {
  return {
    prepare(params, v) {
      const p = bytes(params);
      const [a, b] = v.map(bytes) as [Uint8Array, Uint8Array];
      return () => fn(p, a, b);
    },
  };
}

function kernel3(fn: Fn4): Kernel {
  return {
    prepare(params, v) {
      const p = bytes(params);
      const [a, b, c] = v.map(bytes) as [Uint8Array, Uint8Array, Uint8Array];
      return () => fn(p, a, b, c);
    },
  };
}

function kernel6(fn: Fn7): Kernel {
  return {
    prepare(params, v) {
      const p = bytes(params);
      const [a, b, c, d, e, f] = v.map(bytes) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array];
      return () => fn(p, a, b, c, d, e, f);
    },
  };
}

/** One entry per name in NATIVE_OPS: the type makes a missing or extra entry a compile error. */
const byName: { readonly [K in NativeOpName]: Kernel } = {
  FULLY_CONNECTED_S8: kernel6(native.fullyConnectedS8),
  CONV_2D_S8: kernel6(native.conv2dS8),
  DEPTHWISE_CONV_2D_S8: kernel6(native.depthwiseConv2dS8),
  AVERAGE_POOL_2D_S8: kernel2(native.averagePool2dS8),
  MAX_POOL_2D_S8: kernel2(native.maxPool2dS8),
  ADD_S8: kernel3(native.addS8),
  SOFTMAX_S8: kernel2(native.softmaxS8),
  COPY: kernel3(native.copy),
  LUT_S8: kernel3(native.lutS8),
  LUT_S8_F32: kernel3(native.lutS8F32),
  MINIMUM_S8: kernel3(native.minimumS8),
  MAXIMUM_S8: kernel3(native.maximumS8),
};

export const nativeKernels: KernelTable = (() => {
  const t: Kernel[] = [];
  for (const name of NATIVE_OPS) t[OPS[name].code] = byName[name];
  return Object.freeze(t);
})();

const hasKernel = (code: number): boolean => nativeKernels[code] !== undefined;

/** The core count this board gives a model when the app does not choose (2 on a two-core ESP32 or Linux host). */
export const nativeCoresDefault = (): Cores => (native.coresDefault() >= 2 ? 2 : 1);

/** The whole model in one host call when every op has a C kernel, heavy ops split across cores. */
export const nativeGraph: GraphRunner = {
  prepare(model, arena, cores) {
    const program = buildGraphProgram(model, hasKernel);
    if (!program) return null;
    const p = bytes(program);
    const a = new Uint8Array(arena);
    const m = model.bytes;
    const n = cores ?? nativeCoresDefault();
    return () => native.invokeGraph(p, a, m, n);
  },
};

/** How one op of the graph is split across cores (see nativeGraphPlan). */
export interface OpSplit {
  readonly opcode: number;
  /** 'none': one core (not a splittable op, below the size threshold, or cores 1). */
  readonly axis: 'none' | 'rows' | 'channels';
  /** Output rows or channels each core computes, the calling core's first; [] when not split. */
  readonly sizes: readonly number[];
  /** Multiply-accumulates of a splittable op (0 for the others). */
  readonly macs: number;
}

const PLAN_WORDS = 6;
const AXES = ['none', 'rows', 'channels'] as const;

/** How nativeGraph splits each op of the model across `cores` cores (null when it cannot run the model). */
export function nativeGraphPlan(model: Model, cores: Cores): OpSplit[] | null {
  const program = buildGraphProgram(model, hasKernel);
  if (!program) return null;
  const out = new Int32Array(PLAN_WORDS * model.ops.length);
  const n = native.graphPlan(bytes(program), new Uint8Array(model.arenaSize), model.bytes, cores, new Uint8Array(out.buffer));
  const splits: OpSplit[] = [];
  for (let i = 0; i < n; i++) {
    const w = out.subarray(i * PLAN_WORDS, (i + 1) * PLAN_WORDS);
    const parts = w[2] as number;
    splits.push({
      opcode: w[0] as number,
      axis: AXES[w[1] as number] ?? 'none',
      sizes: w[1] === 0 ? [] : Array.from(w.subarray(4, 4 + parts)),
      macs: w[3] as number,
    });
  }
  return splits;
}

/** SHA-256 in C (for openModel's digest check on device). */
export function nativeSha256(data: Uint8Array): Uint8Array {
  return new Uint8Array(native.sha256(data));
}

/** CRC-32 in C (for openModel's page checks on device). */
export const nativeCrc32 = (data: Uint8Array, start: number, end: number, crc: number): number => native.crc32(data, start, end, crc);
