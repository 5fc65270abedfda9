/* Runs one TS reference kernel on hand-made operands; params are given by name (ops.ts field names). */
import type { OpSpec } from '../../runtime/src/format/ops.js';
import { refKernels } from '../../runtime/src/kernels/ref/index.js';
import type { TensorView } from '../../runtime/src/kernels/types.js';

/** The params block of `spec` from named fields; every field must be given, and no other. */
export function params(spec: OpSpec, fields: Readonly<Record<string, number>>): Int32Array {
  const extra = Object.keys(fields).filter((k) => !spec.params.includes(k));
  if (extra.length) throw new Error(`${spec.name} has no params ${extra.join(', ')}`);
  return Int32Array.from(spec.params, (name) => {
    const v = fields[name];
    if (v === undefined) throw new Error(`${spec.name}: param ${name} missing`);
    return v;
  });
}

/** Runs the kernel once (prepared, then invoked twice to show it is repeatable) and returns the output operand. */
export function runRef<T extends TensorView>(spec: OpSpec, p: Int32Array, inputs: readonly TensorView[], output: T): T {
  const kernel = refKernels[spec.code];
  if (!kernel) throw new Error(`no reference kernel for ${spec.name}`);
  const invoke = kernel.prepare(p, [...inputs, output]);
  invoke();
  const first = Array.from(output as ArrayLike<number>);
  invoke();
  if (first.some((v, i) => !Object.is(v, output[i]))) throw new Error(`${spec.name}: a second invoke changed the output`);
  return output;
}

export const i8 = (...v: number[]): Int8Array => Int8Array.from(v);
export const i32 = (...v: number[]): Int32Array => Int32Array.from(v);
/** Q31 multiplier 2^30 with shift 1: an exact x 1.0 requantization. */
export const ONE = { mult: i32(1 << 30), shift: i32(1) };
