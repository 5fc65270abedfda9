/*
 * DEPTHWISE_CONV_2D float32 reference kernel (TFLM reference_ops::DepthwiseConv): output channel
 * oc = ic * depth_multiplier + m sums its taps inside the image in window-row, window-column order in
 * float32, then adds the bias and clamps.
 */
import type { Kernel } from '../types.js';
import { floatActivationRange } from './fully_connected.js';

const f = Math.fround;

export function depthwiseConv2dF32(
  p: Int32Array,
  input: Float32Array,
  filter: Float32Array,
  bias: Float32Array,
  output: Float32Array,
  lo: number,
  hi: number,
): void {
  // Indexed reads, not destructuring: an iterator would allocate on every invoke.
  const batches = p[0] as number;
  const inH = p[1] as number;
  const inW = p[2] as number;
  const inC = p[3] as number;
  const outH = p[4] as number;
  const outW = p[5] as number;
  const outC = p[6] as number;
  const kH = p[7] as number;
  const kW = p[8] as number;
  const sH = p[9] as number;
  const sW = p[10] as number;
  const dH = p[11] as number;
  const dW = p[12] as number;
  const padH = p[13] as number;
  const padW = p[14] as number;
  const mult = p[15] as number;
  for (let b = 0; b < batches; b++) {
    for (let oy = 0; oy < outH; oy++) {
      const y0 = oy * sH - padH;
      for (let ox = 0; ox < outW; ox++) {
        const x0 = ox * sW - padW;
        const ob = ((b * outH + oy) * outW + ox) * outC;
        for (let ic = 0; ic < inC; ic++) {
          for (let m = 0; m < mult; m++) {
            const oc = ic * mult + m;
            let total = 0;
            for (let ky = 0; ky < kH; ky++) {
              const y = y0 + ky * dH;
              if (y < 0 || y >= inH) continue;
              for (let kx = 0; kx < kW; kx++) {
                const x = x0 + kx * dW;
                if (x < 0 || x >= inW) continue;
                total = f(
                  total + f((input[((b * inH + y) * inW + x) * inC + ic] as number) * (filter[(ky * kW + kx) * outC + oc] as number)),
                );
              }
            }
            let v = f(total + (bias[oc] as number));
            v = v < lo ? lo : v;
            output[ob + oc] = hi < v ? hi : v;
          }
        }
      }
    }
  }
}

export const depthwiseConv2dF32Kernel: Kernel = {
  prepare(p, v) {
    const [input, filter, bias, output] = v as [Float32Array, Float32Array, Float32Array, Float32Array];
    const [lo, hi] = floatActivationRange(p[16] as number);
    return () => depthwiseConv2dF32(p, input, filter, bias, output, lo, hi);
  },
};
