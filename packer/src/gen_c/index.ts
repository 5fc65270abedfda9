/*
 * gen-c: static C for microcontrollers from a .tflite (see emit.ts for what is generated and
 * write.ts for the errors genC throws). The CLI calls genC; tests and tools call generateC on a Packed.
 */
export { generateC, type GenCOptions, type GeneratedC } from './emit.js';
export { genC, sha256Hex, type GenCFileOptions, type GenCResult } from './write.js';
export { McuFitError, type Footprint } from './footprint.js';
export { GEN_C_OPS } from './kernels.js';
export { GEN_C_TARGETS, HOST_TARGET, MCUS, type Mcu } from './mcus.js';
