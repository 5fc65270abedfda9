/*
 * The self-test vector `pack` embeds for the device's pending-verify step (docs/ota.md): an input and
 * the outputs the TS reference kernels compute for it. The reference kernels are TFLM-exact for int8,
 * so a device's C kernels must reproduce these bytes exactly; a mismatch means a broken install.
 */
import { createInterpreter } from '../../../runtime/src/interpreter.js';
import { refKernels } from '../../../runtime/src/kernels/ref/index.js';
import { openModel, type IoInfo } from '../../../runtime/src/model.js';
import { PackError } from '../errors.js';
import type { SelfTestVector } from '../mfb_writer.js';

/** An input tensor filled with its zero point: the quantized 0.0 (float tensors: 0.0). */
export function zeroPointInput(io: IoInfo): Uint8Array {
  const bytes = new Uint8Array(io.byteSize);
  const dv = new DataView(bytes.buffer);
  const elementSize = io.byteSize / io.shape.reduce((a, b) => a * b, 1);
  for (let i = 0; i < io.byteSize; i += elementSize) {
    if (io.dtype === 'int8') dv.setInt8(i, io.zeroPoint);
    else if (io.dtype === 'uint8') dv.setUint8(i, io.zeroPoint);
    else if (io.dtype === 'int16') dv.setInt16(i, io.zeroPoint, true);
    else if (io.dtype === 'int32') dv.setInt32(i, io.zeroPoint, true);
  }
  return bytes;
}

/** Runs `mfb` (a valid packed file) on `inputs` (default: zero points) with the reference kernels. */
export function computeSelfTest(mfb: Uint8Array, inputs?: readonly Uint8Array[]): SelfTestVector {
  const model = openModel(mfb);
  const given = inputs ?? model.inputs.map(zeroPointInput);
  if (given.length !== model.inputs.length)
    throw new PackError('BAD_OPTION', `"--self-test-input" given ${given.length} times, the model has ${model.inputs.length} input(s)`);
  const interp = createInterpreter(model, { kernels: [refKernels] });
  given.forEach((data, i) => {
    const v = interp.input(i);
    if (data.length !== v.byteLength)
      throw new PackError('BAD_OPTION', `self-test input ${i} has ${data.length} bytes, the tensor takes ${v.byteLength}`);
    new Uint8Array(v.buffer, v.byteOffset, v.byteLength).set(data);
  });
  interp.invoke();
  const outputs = model.outputs.map((_, i) => {
    const v = interp.output(i);
    return new Uint8Array(v.buffer, v.byteOffset, v.byteLength).slice();
  });
  return { inputs: given.map((d) => d.slice()), outputs };
}
