/*
 * Post-training int8 quantization as TFLite's converter does it, for the demo model: asymmetric
 * per-tensor activations from calibrated ranges, symmetric per-channel weights, int32 biases at
 * input scale x weight scale. Rounding is half away from zero (TFLite's std::round), then clamped.
 */

export interface QuantParams {
  /** A float32 value, as stored in the file. */
  readonly scale: number;
  readonly zeroPoint: number;
}

/** std::round: halves go away from zero (Math.round sends -2.5 to -2). `+ 0` turns -0 into 0. */
export function roundHalfAwayFromZero(x: number): number {
  return Math.sign(x) * Math.floor(Math.abs(x) + 0.5) + 0;
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/**
 * Activation parameters for a calibrated real range. The range is widened to include 0 so that 0 is
 * exactly representable (zero padding, ReLU); scale = (max - min) / 255, zero point = -128 - min / scale.
 */
export function asymmetricInt8(lo: number, hi: number): QuantParams {
  const min = Math.min(lo, 0);
  const max = Math.max(hi, 0);
  // A constant-zero tensor (a dead layer) still needs a positive scale.
  const scale = max > min ? (max - min) / 255 : 1;
  return { scale: Math.fround(scale), zeroPoint: clamp(roundHalfAwayFromZero(-128 - min / scale), -128, 127) };
}

export interface PerChannelInt8 {
  /** One float32 scale per output row (quantized dimension 0). */
  readonly scales: number[];
  readonly values: Int8Array;
}

/** Symmetric per-row weights: scale = max|w| / 127, values in [-127, 127], zero point 0. */
export function symmetricPerChannelInt8(w: Float64Array, rows: number): PerChannelInt8 {
  const cols = w.length / rows;
  const scales: number[] = [];
  const values = new Int8Array(w.length);
  for (let r = 0; r < rows; r++) {
    let maxAbs = 0;
    for (let c = 0; c < cols; c++) maxAbs = Math.max(maxAbs, Math.abs(w[r * cols + c] as number));
    // An all-zero row quantizes to zeros whatever the scale; 1 keeps the scale valid.
    const scale = Math.fround(maxAbs > 0 ? maxAbs / 127 : 1);
    scales.push(scale);
    for (let c = 0; c < cols; c++) values[r * cols + c] = clamp(roundHalfAwayFromZero((w[r * cols + c] as number) / scale), -127, 127);
  }
  return { scales, values };
}

/** int32 biases at scale input_scale x weight_scale[c] (float32), zero point 0. */
export function int32Bias(b: Float64Array, inputScale: number, weightScales: readonly number[]): { scales: number[]; values: Int32Array } {
  const scales = weightScales.map((s) => Math.fround(inputScale * s));
  const values = new Int32Array(b.length);
  b.forEach((x, c) => (values[c] = clamp(roundHalfAwayFromZero(x / (scales[c] as number)), -0x80000000, 0x7fffffff)));
  return { scales, values };
}
