/*
 * The contract between the interpreter and a kernel implementation (TS reference or native C).
 *
 * `prepare` runs once per op when an interpreter is created: it receives the op's int32 params block
 * (field order in runtime/src/format/ops.ts) and typed views of its operands (inputs then outputs,
 * int8 -> Int8Array, int32 -> Int32Array, float32 -> Float32Array), already bounds-checked against the
 * arena and the model. It returns the function `invoke` calls; that function must not allocate.
 */
export type TensorView = Int8Array | Int32Array | Float32Array;

export type PreparedOp = () => void;

export interface Kernel {
  prepare(params: Int32Array, operands: readonly TensorView[]): PreparedOp;
}

/** Kernel table indexed by opcode; a hole means "not implemented by this backend". */
export type KernelTable = readonly (Kernel | undefined)[];
