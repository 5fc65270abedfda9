/*
 * AVERAGE_POOL_2D float32 reference kernel (TFLM reference_ops::AveragePool): the window clipped to
 * the image, summed in float32 row by row, divided by the number of taps in it, then clamped.
 */
import type { Kernel } from '../types.js';
import { floatActivationRange } from './fully_connected.js';

const f = Math.fround;

export function averagePool2dF32(p: Int32Array, input: Float32Array, output: Float32Array, lo: number, hi: number): void {
  // Indexed reads, not destructuring: an iterator would allocate on every invoke.
  const batches = p[0] as number;
  const inH = p[1] as number;
  const inW = p[2] as number;
  const depth = p[3] as number;
  const outH = p[4] as number;
  const outW = p[5] as number;
  const fH = p[6] as number;
  const fW = p[7] as number;
  const sH = p[8] as number;
  const sW = p[9] as number;
  const padH = p[10] as number;
  const padW = p[11] as number;
  let o = 0;
  for (let b = 0; b < batches; b++) {
    for (let oy = 0; oy < outH; oy++) {
      const y0 = oy * sH - padH;
      const yStart = Math.max(0, -y0);
      const yEnd = Math.min(fH, inH - y0);
      for (let ox = 0; ox < outW; ox++) {
        const x0 = ox * sW - padW;
        const xStart = Math.max(0, -x0);
        const xEnd = Math.min(fW, inW - x0);
        for (let c = 0; c < depth; c++) {
          let total = 0;
          let count = 0;
          for (let ky = yStart; ky < yEnd; ky++) {
            for (let kx = xStart; kx < xEnd; kx++) {
              total = f(total + (input[((b * inH + y0 + ky) * inW + x0 + kx) * depth + c] as number));
              count++;
            }
          }
          // The op check keeps every window on the image, so count >= 1.
          let v = f(total / count);
          v = v < lo ? lo : v;
          output[o++] = hi < v ? hi : v;
        }
      }
    }
  }
}

export const averagePool2dF32Kernel: Kernel = {
  prepare(p, v) {
    const [input, output] = v as [Float32Array, Float32Array];
    const [lo, hi] = floatActivationRange(p[12] as number);
    return () => averagePool2dF32(p, input, output, lo, hi);
  },
};
