/*
 * Facts about a packed op derived from its params: multiply-accumulates per invoke. Used by inspect
 * and the benchmark; the same numbers for a .tflite (through the packer) and an .mfb.
 */
import { OPS, type OpSpec } from './ops.js';

export function opMacs(spec: OpSpec, p: ArrayLike<number>): number {
  const at = (name: string): number => p[spec.params.indexOf(name)] as number;
  switch (spec.code) {
    case OPS.FULLY_CONNECTED_S8.code:
    case OPS.FULLY_CONNECTED_F32.code:
      return at('batches') * at('accum_depth') * at('out_depth');
    case OPS.CONV_2D_S8.code:
      return at('batches') * at('out_h') * at('out_w') * at('out_c') * at('k_h') * at('k_w') * at('in_c');
    case OPS.DEPTHWISE_CONV_2D_S8.code:
      return at('batches') * at('out_h') * at('out_w') * at('out_c') * at('k_h') * at('k_w');
    default:
      return 0;
  }
}
