/* TFLite flatbuffers: a checked reader and a writer for small models. */
export { readTflite } from './reader.js';
export type { TfliteModel, TfliteSubgraph, TfliteTensor, TfliteOperator, TfliteQuantization } from './reader.js';
export { TfliteFormatError } from './errors.js';
export type { TfliteErrorCode } from './errors.js';
export type { TfliteOptions } from './options.js';
export { BUILTIN_OP_NAMES, BUILTIN_CODE } from './schema.js';
export type { TfliteDtype, FusedActivation, Padding } from './schema.js';
