/*
 * The program a native graph runner executes in one host call (layout in host/xs/xs_mf_graph.c):
 * op_count, then per op opcode, param_count, params, operand_count and (space, offset, length) per
 * operand, with space 0 = arena and 1 = the model file. Built once when an interpreter is created.
 */
import type { Model, TensorInfo } from './model.js';

/** The program, or null when some op has no native kernel (then ops run one call each). */
export function buildGraphProgram(model: Model, native: (opcode: number) => boolean): Int32Array | null {
  if (!model.ops.every((op) => native(op.spec.code))) return null;
  const words: number[] = [model.ops.length];
  for (const op of model.ops) {
    const operands = [...op.inputs, ...op.outputs];
    words.push(op.spec.code, op.params.length, ...op.params, operands.length);
    for (const ti of operands) {
      const t = model.tensors[ti] as TensorInfo;
      words.push(t.location === 'arena' ? 0 : 1, t.offset, t.byteSize);
    }
  }
  return Int32Array.from(words);
}
