/*
 * AVERAGE_POOL_2D and MAX_POOL_2D int8 reference kernels (TFLM reference_integer_ops pooling): the
 * window is clipped to the image; the average divides by the in-image tap count, rounding half away
 * from zero; max starts from -128.
 */
import type { Kernel } from '../types.js';

function pool(p: Int32Array, input: Int8Array, output: Int8Array, average: boolean): void {
  const batches = p[0],
    inH = p[1],
    inW = p[2],
    ch = p[3],
    outH = p[4],
    outW = p[5],
    fH = p[6],
    fW = p[7];
  const strideH = p[8],
    strideW = p[9],
    padH = p[10],
    padW = p[11],
    actMin = p[12],
    actMax = p[13];
  for (let b = 0; b < batches; b++) {
    for (let oy = 0; oy < outH; oy++) {
      const y0 = oy * strideH - padH;
      const fy0 = Math.max(0, -y0);
      const fy1 = Math.min(fH, inH - y0);
      for (let ox = 0; ox < outW; ox++) {
        const x0 = ox * strideW - padW;
        const fx0 = Math.max(0, -x0);
        const fx1 = Math.min(fW, inW - x0);
        for (let c = 0; c < ch; c++) {
          let acc = average ? 0 : -128;
          let count = 0;
          for (let fy = fy0; fy < fy1; fy++) {
            for (let fx = fx0; fx < fx1; fx++) {
              const x = input[((b * inH + y0 + fy) * inW + x0 + fx) * ch + c] as number;
              if (average) acc += x;
              else if (x > acc) acc = x;
              count++;
            }
          }
          if (average) {
            const half = (count / 2) | 0;
            acc = acc > 0 ? ((acc + half) / count) | 0 : ((acc - half) / count) | 0;
          }
          acc = acc < actMin ? actMin : acc > actMax ? actMax : acc;
          output[((b * outH + oy) * outW + ox) * ch + c] = acc;
        }
      }
    }
  }
}

export const averagePool2dS8 = (p: Int32Array, input: Int8Array, output: Int8Array): void => pool(p, input, output, true);
export const maxPool2dS8 = (p: Int32Array, input: Int8Array, output: Int8Array): void => pool(p, input, output, false);

export const averagePool2dS8Kernel: Kernel = {
  prepare(p, v) {
    const [input, output] = v as [Int8Array, Int8Array];
    return () => pool(p, input, output, true);
  },
};

export const maxPool2dS8Kernel: Kernel = {
  prepare(p, v) {
    const [input, output] = v as [Int8Array, Int8Array];
    return () => pool(p, input, output, false);
  },
};
