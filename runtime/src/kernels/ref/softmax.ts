/*
 * SOFTMAX int8 reference kernel (TFLM reference_ops::Softmax for int8 in and out): differences from
 * the row maximum are rescaled to F5, exponentiated in fixed point, summed in F12, and divided by a
 * fixed-point reciprocal. Output scale 1/256, zero point -128.
 */
import {
  multiplyByQuantizedMultiplierGreaterThanOne,
  roundingDivideByPOT,
  saturatingRoundingDoublingHighMul,
} from '../../quant/fixed_point.js';
import { expOnNegativeValues, getReciprocal } from '../../quant/softmax_math.js';
import type { Kernel } from '../types.js';

const ACCUMULATION_INTEGER_BITS = 12;

export function softmaxS8(p: Int32Array, input: Int8Array, output: Int8Array): void {
  const outer = p[0],
    depth = p[1],
    inputMultiplier = p[2],
    inputLeftShift = p[3],
    diffMin = p[4];
  for (let i = 0; i < outer; i++) {
    const base = i * depth;
    let max = -128;
    for (let c = 0; c < depth; c++) if ((input[base + c] as number) > max) max = input[base + c] as number;
    let sum = 0;
    for (let c = 0; c < depth; c++) {
      const diff = (input[base + c] as number) - max;
      if (diff >= diffMin) {
        const scaled = multiplyByQuantizedMultiplierGreaterThanOne(diff, inputMultiplier, inputLeftShift);
        sum = (sum + roundingDivideByPOT(expOnNegativeValues(scaled), ACCUMULATION_INTEGER_BITS)) | 0;
      }
    }
    const headroom = Math.clz32(sum);
    const bitsOverUnit = ACCUMULATION_INTEGER_BITS - headroom;
    const reciprocal = getReciprocal(sum, headroom);
    for (let c = 0; c < depth; c++) {
      const diff = (input[base + c] as number) - max;
      let v = -128;
      if (diff >= diffMin) {
        const scaled = multiplyByQuantizedMultiplierGreaterThanOne(diff, inputMultiplier, inputLeftShift);
        const e = expOnNegativeValues(scaled);
        const unsat = roundingDivideByPOT(saturatingRoundingDoublingHighMul(reciprocal, e), bitsOverUnit + 31 - 8);
        v = unsat - 128;
        v = v < -128 ? -128 : v > 127 ? 127 : v;
      }
      output[base + c] = v;
    }
  }
}

export const softmaxS8Kernel: Kernel = {
  prepare(p, v) {
    const [input, output] = v as [Int8Array, Int8Array];
    return () => softmaxS8(p, input, output);
  },
};
