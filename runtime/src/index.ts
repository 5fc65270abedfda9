/*
 * mflow runtime: open a packed model (.mfb), bind it to an arena and kernels, run it.
 * No Node APIs: this module is bundled for Moddable XS as well as used on Node.
 */
export { openModel } from './model.js';
export type { Model, OpenOptions, TensorInfo, OpInfo, IoInfo } from './model.js';
export { createInterpreter } from './interpreter.js';
export type { Interpreter, InterpreterOptions, ArenaBuffer, GraphRunner, Cores } from './interpreter.js';
export { buildGraphProgram } from './graph_program.js';
export { MfbError, MflowRuntimeError } from './errors.js';
export type { MfbErrorCode, RuntimeErrorCode } from './errors.js';
export type { Kernel, KernelTable, PreparedOp, TensorView } from './kernels/types.js';
export { OPS, OP_BY_CODE } from './format/ops.js';
export type { OpSpec, OperandSpec, OpName } from './format/ops.js';
export { crc32 } from './crc32.js';
export { refKernels } from './kernels/ref/index.js';
