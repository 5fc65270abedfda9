/*
 * The native kernel table for XS: each op's prepare makes byte views of its params and operands once;
 * invoke then calls one C host function per op with them (no allocation). Only the XS build imports
 * this module (./mflow_native.js uses XS-only syntax).
 */
import { OPS } from '../../format/ops.js';
import type { Kernel, KernelTable, TensorView } from '../types.js';
import { buildGraphProgram } from '../../graph_program.js';
import type { GraphRunner } from '../../interpreter.js';
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

/** The whole model in one host call when every op has a C kernel. */
export const nativeGraph: GraphRunner = {
  prepare(model, arena) {
    const program = buildGraphProgram(model, (code) => nativeKernels[code] !== undefined);
    if (!program) return null;
    const p = bytes(program);
    const a = new Uint8Array(arena);
    const m = model.bytes;
    return () => native.invokeGraph(p, a, m);
  },
};

/** SHA-256 in C (for openModel's digest check on device). */
export function nativeSha256(data: Uint8Array): Uint8Array {
  return new Uint8Array(native.sha256(data));
}

/** CRC-32 in C (for openModel's page checks on device). */
export const nativeCrc32 = (data: Uint8Array, start: number, end: number, crc: number): number => native.crc32(data, start, end, crc);
