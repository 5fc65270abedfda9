/*
 * A plain int8 FULLY_CONNECTED chain evaluated straight from a parsed .tflite, with the real-valued
 * requantization multiplier (TFLite's fixed-point multiplier differs from it by at most one step).
 * Independent of mflow's packer and runtime, so it checks the demo model's quantization by itself.
 */
import type { TfliteSubgraph, TfliteTensor } from '../../packer/src/tflite/index.js';

const quant = (t: TfliteTensor): { scale: number[]; zeroPoint: number[] } => {
  if (!t.quantization) throw new Error(`tensor ${t.name} is not quantized`);
  return t.quantization;
};

const ints = (t: TfliteTensor): Int8Array | Int32Array => {
  const d = t.data;
  if (!d) throw new Error(`tensor ${t.name} has no data`);
  // Copied so the view is aligned whatever the buffer's offset in the file.
  const copy = d.slice().buffer;
  return t.dtype === 'int32' ? new Int32Array(copy) : new Int8Array(copy);
};

const roundAway = (x: number): number => Math.sign(x) * Math.floor(Math.abs(x) + 0.5);
const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/** Runs the subgraph's FULLY_CONNECTED operators in order on one real input; returns the real output. */
export function runInt8Mlp(sg: TfliteSubgraph, x: number): number[] {
  const input = sg.tensors[sg.inputs[0] as number] as TfliteTensor;
  const qi = quant(input);
  let values = [clamp(roundAway(x / (qi.scale[0] as number)) + (qi.zeroPoint[0] as number), -128, 127)];
  let current = input;
  for (const op of sg.operators) {
    if (op.opName !== 'FULLY_CONNECTED' || op.options?.type !== 'FullyConnectedOptions') throw new Error(`unexpected ${op.opName}`);
    const [wt, bt] = [op.inputs[1], op.inputs[2]].map((i) => sg.tensors[i as number] as TfliteTensor) as [TfliteTensor, TfliteTensor];
    const out = sg.tensors[op.outputs[0] as number] as TfliteTensor;
    const [w, b] = [ints(wt), ints(bt)];
    const [qin, qw, qout] = [quant(current), quant(wt), quant(out)];
    const [rows, cols] = wt.shape as [number, number];
    const zin = qin.zeroPoint[0] as number;
    const zout = qout.zeroPoint[0] as number;
    // RELU clamps at the zero point (real 0); NONE only at the int8 range.
    const lo = op.options.fusedActivation === 'RELU' ? Math.max(-128, zout) : -128;
    values = Array.from({ length: rows }, (_, r) => {
      let acc = b[r] as number;
      for (let c = 0; c < cols; c++) acc += ((values[c] as number) - zin) * (w[r * cols + c] as number);
      const ws = (qw.scale.length === 1 ? qw.scale[0] : qw.scale[r]) as number;
      const m = ((qin.scale[0] as number) * ws) / (qout.scale[0] as number);
      return clamp(roundAway(acc * m) + zout, lo, 127);
    });
    current = out;
  }
  const qo = quant(current);
  return values.map((v) => (v - (qo.zeroPoint[0] as number)) * (qo.scale[0] as number));
}
