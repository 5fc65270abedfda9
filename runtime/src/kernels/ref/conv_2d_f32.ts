/*
 * CONV_2D float32 reference kernel (TFLM reference_ops::Conv): per output element, the taps inside the
 * image summed in float32 in window-row, window-column, input-channel order, then the bias, then the
 * fused activation clamp — the order fixes the rounding, so results match TFLM bit for bit.
 */
import type { Kernel } from '../types.js';
import { floatActivationRange } from './fully_connected.js';

const f = Math.fround;

export function conv2dF32(
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
  let o = 0;
  for (let b = 0; b < batches; b++) {
    for (let oy = 0; oy < outH; oy++) {
      const y0 = oy * sH - padH;
      for (let ox = 0; ox < outW; ox++) {
        const x0 = ox * sW - padW;
        for (let oc = 0; oc < outC; oc++) {
          let total = 0;
          for (let ky = 0; ky < kH; ky++) {
            const y = y0 + ky * dH;
            if (y < 0 || y >= inH) continue;
            for (let kx = 0; kx < kW; kx++) {
              const x = x0 + kx * dW;
              if (x < 0 || x >= inW) continue;
              const ib = ((b * inH + y) * inW + x) * inC;
              const fb = ((oc * kH + ky) * kW + kx) * inC;
              for (let c = 0; c < inC; c++) total = f(total + f((input[ib + c] as number) * (filter[fb + c] as number)));
            }
          }
          let v = f(total + (bias[oc] as number));
          v = v < lo ? lo : v; // std::max then std::min, as TFLM's ActivationFunctionWithMinMax
          output[o++] = hi < v ? hi : v;
        }
      }
    }
  }
}

export const conv2dF32Kernel: Kernel = {
  prepare(p, v) {
    const [input, filter, bias, output] = v as [Float32Array, Float32Array, Float32Array, Float32Array];
    const [lo, hi] = floatActivationRange(p[15] as number);
    return () => conv2dF32(p, input, filter, bias, output, lo, hi);
  },
};
