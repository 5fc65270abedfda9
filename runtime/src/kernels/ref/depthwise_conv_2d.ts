/*
 * DEPTHWISE_CONV_2D int8 reference kernel (TFLM reference_integer_ops::DepthwiseConvPerChannel).
 * Output channel oc = ic * depth_multiplier + m reads input channel ic; filter [1, k_h, k_w, out_c].
 */
import { multiplyByQuantizedMultiplier } from '../../quant/fixed_point.js';
import type { Kernel } from '../types.js';

export function depthwiseConv2dS8(
  p: Int32Array,
  input: Int8Array,
  filter: Int8Array,
  bias: Int32Array,
  mult: Int32Array,
  shift: Int32Array,
  output: Int8Array,
): void {
  const batches = p[0],
    inH = p[1],
    inW = p[2],
    inC = p[3],
    outH = p[4],
    outW = p[5],
    outC = p[6],
    kH = p[7],
    kW = p[8];
  const strideH = p[9],
    strideW = p[10],
    dilH = p[11],
    dilW = p[12],
    padH = p[13],
    padW = p[14],
    depthMul = p[15];
  const inOffset = p[16],
    outOffset = p[17],
    actMin = p[18],
    actMax = p[19],
    perChannel = p[20] === 1;
  for (let b = 0; b < batches; b++) {
    for (let oy = 0; oy < outH; oy++) {
      const inY0 = oy * strideH - padH;
      for (let ox = 0; ox < outW; ox++) {
        const inX0 = ox * strideW - padW;
        for (let ic = 0; ic < inC; ic++) {
          for (let m = 0; m < depthMul; m++) {
            const oc = ic * depthMul + m;
            let acc = 0;
            for (let ky = 0; ky < kH; ky++) {
              const iy = inY0 + dilH * ky;
              if (iy < 0 || iy >= inH) continue;
              for (let kx = 0; kx < kW; kx++) {
                const ix = inX0 + dilW * kx;
                if (ix < 0 || ix >= inW) continue;
                const x = input[((b * inH + iy) * inW + ix) * inC + ic] as number;
                acc = (acc + (filter[(ky * kW + kx) * outC + oc] as number) * (x + inOffset)) | 0;
              }
            }
            acc = (acc + (bias[oc] as number)) | 0;
            const c = perChannel ? oc : 0;
            let v = (multiplyByQuantizedMultiplier(acc, mult[c] as number, shift[c] as number) + outOffset) | 0;
            v = v < actMin ? actMin : v > actMax ? actMax : v;
            output[((b * outH + oy) * outW + ox) * outC + oc] = v;
          }
        }
      }
    }
  }
}

export const depthwiseConv2dS8Kernel: Kernel = {
  prepare(p, v) {
    const [input, filter, bias, mult, shift, output] = v as [Int8Array, Int8Array, Int32Array, Int32Array, Int32Array, Int8Array];
    return () => depthwiseConv2dS8(p, input, filter, bias, mult, shift, output);
  },
};
