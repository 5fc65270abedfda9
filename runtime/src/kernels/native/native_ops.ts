/*
 * The ops that have a C kernel bound as an XS host function (host/xs), by name. Kept apart from
 * ./index.ts, which imports XS-only host functions, so that Node code (the packer's support table,
 * `mflow inspect`) can read it; ./index.ts's table is typed against this list, so the two cannot drift.
 */
import type { OpName } from '../../format/ops.js';

export const NATIVE_OPS = Object.freeze([
  'FULLY_CONNECTED_S8',
  'CONV_2D_S8',
  'DEPTHWISE_CONV_2D_S8',
  'AVERAGE_POOL_2D_S8',
  'MAX_POOL_2D_S8',
  'ADD_S8',
  'SOFTMAX_S8',
  'COPY',
  'LUT_S8',
  'LUT_S8_F32',
  'MINIMUM_S8',
  'MAXIMUM_S8',
] as const satisfies readonly OpName[]);

export type NativeOpName = (typeof NATIVE_OPS)[number];
