/*
 * Host inference for `mflow run --engine node`: raw little-endian tensor bytes in and out (the golden
 * format), TS reference kernels.
 */
import { createInterpreter } from '../../runtime/src/interpreter.js';
import { refKernels } from '../../runtime/src/kernels/ref/index.js';
import type { IoInfo, Model } from '../../runtime/src/model.js';

export class InputSizeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputSizeError';
  }
}

export interface RunResult {
  /** Raw output bytes, one array per model output. */
  readonly outputs: Uint8Array[];
}

/** Checks raw inputs against the model's input tensors, naming the first mismatch. */
export function checkInputs(model: Model, inputs: readonly Uint8Array[], names: readonly string[] = []): void {
  if (inputs.length !== model.inputs.length) {
    throw new InputSizeError(`the model has ${model.inputs.length} input(s), ${inputs.length} given`);
  }
  inputs.forEach((bytes, i) => {
    const io = model.inputs[i] as IoInfo;
    if (bytes.length !== io.byteSize) {
      throw new InputSizeError(
        `input ${i} ("${io.name}", ${io.dtype} [${io.shape.join(', ')}]) takes ${io.byteSize} bytes, ${names[i] ?? 'the data'} has ${bytes.length}`,
      );
    }
  });
}

export function runNode(model: Model, inputs: readonly Uint8Array[], names: readonly string[] = []): RunResult {
  checkInputs(model, inputs, names);
  const interp = createInterpreter(model, { kernels: [refKernels] });
  inputs.forEach((bytes, i) => {
    const v = interp.input(i);
    new Uint8Array(v.buffer, v.byteOffset, v.byteLength).set(bytes);
  });
  interp.invoke();
  return {
    outputs: model.outputs.map((_, i) => {
      const v = interp.output(i);
      return new Uint8Array(v.buffer, v.byteOffset, v.byteLength).slice();
    }),
  };
}

/** Output values as numbers, plus dequantized reals for quantized tensors. */
export function describeOutput(io: IoInfo, bytes: Uint8Array): { values: number[]; real: number[] | null } {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = io.shape.reduce((a, b) => a * b, 1);
  const read: Record<IoInfo['dtype'], (i: number) => number> = {
    int8: (i) => dv.getInt8(i),
    uint8: (i) => dv.getUint8(i),
    int16: (i) => dv.getInt16(2 * i, true),
    int32: (i) => dv.getInt32(4 * i, true),
    float32: (i) => dv.getFloat32(4 * i, true),
  };
  const values = Array.from({ length: n }, (_, i) => read[io.dtype](i));
  const real = io.scale > 0 ? values.map((v) => (v - io.zeroPoint) * io.scale) : null;
  return { values, real };
}
