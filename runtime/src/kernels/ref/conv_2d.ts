/*
 * CONV_2D int8 reference kernel (TFLM reference_integer_ops::ConvPerChannel). NHWC input and output,
 * filter [out_c, k_h, k_w, in_c]; taps outside the image are skipped (they stand for real zero).
 */
import { multiplyByQuantizedMultiplier } from '../../quant/fixed_point.js';
import type { Kernel } from '../types.js';

export function conv2dS8(
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
    kW = p[8],
    strideH = p[9],
    strideW = p[10],
    dilH = p[11],
    dilW = p[12],
    padH = p[13],
    padW = p[14],
    inOffset = p[15],
    outOffset = p[16],
    actMin = p[17],
    actMax = p[18],
    perChannel = p[19];
  for (let b = 0; b < batches; b++) {
    for (let oy = 0; oy < outH; oy++) {
      const inY0 = oy * strideH - padH;
      for (let ox = 0; ox < outW; ox++) {
        const inX0 = ox * strideW - padW;
        for (let oc = 0; oc < outC; oc++) {
          let acc = 0;
          for (let ky = 0; ky < kH; ky++) {
            const iy = inY0 + dilH * ky;
            if (iy < 0 || iy >= inH) continue;
            for (let kx = 0; kx < kW; kx++) {
              const ix = inX0 + dilW * kx;
              if (ix < 0 || ix >= inW) continue;
              const inBase = ((b * inH + iy) * inW + ix) * inC;
              const fBase = ((oc * kH + ky) * kW + kx) * inC;
              for (let ic = 0; ic < inC; ic++) {
                acc = (acc + (filter[fBase + ic] as number) * ((input[inBase + ic] as number) + inOffset)) | 0;
              }
            }
          }
          acc = (acc + (bias[oc] as number)) | 0;
          const c = perChannel === 1 ? oc : 0;
          let v = (multiplyByQuantizedMultiplier(acc, mult[c] as number, shift[c] as number) + outOffset) | 0;
          v = v < actMin ? actMin : v > actMax ? actMax : v;
          output[((b * outH + oy) * outW + ox) * outC + oc] = v;
        }
      }
    }
  }
}

export const conv2dS8Kernel: Kernel = {
  prepare(p, v) {
    const [input, filter, bias, mult, shift, output] = v as [Int8Array, Int8Array, Int32Array, Int32Array, Int32Array, Int8Array];
    return () => conv2dS8(p, input, filter, bias, mult, shift, output);
  },
};
