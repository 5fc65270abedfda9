/*
 * The packer's intermediate graph: what the .mfb will hold, before memory planning and layout.
 * Tensors are either activations (planned into the arena), constants (laid out in pages), or aliases
 * of another tensor (RESHAPE and friends: same bytes, another shape).
 */
import type { DtypeName } from '../../runtime/src/format/constants.js';
import type { OpSpec } from '../../runtime/src/format/ops.js';

export interface IrTensor {
  readonly id: number;
  readonly name: string;
  readonly dtype: DtypeName;
  readonly shape: readonly number[];
  readonly scale: number;
  readonly zeroPoint: number;
  /** Constant bytes (little-endian), or null for an activation. */
  readonly data: Uint8Array | null;
  /** This tensor's storage is another tensor's (resolved to a root with resolveAlias). */
  readonly aliasOf: number | null;
  /** TFLite tensor index it came from, or null for tensors the packer derived. */
  readonly source: number | null;
}

export interface IrOp {
  readonly spec: OpSpec;
  readonly params: readonly number[];
  /** IR tensor ids, inputs then outputs, in the order of spec.operands. */
  readonly operands: readonly number[];
  readonly sourceIndex: number;
  readonly sourceName: string;
  readonly macs: number;
}

export interface IrGraph {
  readonly tensors: readonly IrTensor[];
  readonly ops: readonly IrOp[];
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
  /** TFLite operators that lowered to no op (aliases), for inspect. */
  readonly elided: readonly { index: number; name: string }[];
}

/** Follows aliasOf to the tensor that owns the storage. */
export function resolveAlias(tensors: readonly IrTensor[], id: number): number {
  let t = tensors[id] as IrTensor;
  for (let hops = 0; t.aliasOf !== null; hops++) {
    if (hops > tensors.length) throw new Error(`alias cycle at tensor ${id}`);
    t = tensors[t.aliasOf] as IrTensor;
  }
  return t.id;
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
