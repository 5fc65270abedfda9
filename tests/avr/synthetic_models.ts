/* Hand-made .tflite graphs for gen-c edge cases the shared models do not reach. */
import { writeTflite, type TensorSpec } from '../../packer/src/tflite/writer.js';

const q = (scale: number, zeroPoint = 0) => ({ scale: [scale], zeroPoint: [zeroPoint] });

/** y = x + c with c a constant int8 [1, 8] (mf_add_s8 reads both inputs through plain pointers), names chosen to need escaping. */
export function addConstantModel(): Uint8Array {
  const c = Uint8Array.from([1, 2, 3, 4, 0xfb, 0xfa, 0x80, 0x7f]);
  const tensors: TensorSpec[] = [
    { name: 'x */ int evil; /*', dtype: 'int8', shape: [1, 8], quantization: q(0.05, -3) },
    { name: 'c\n"quoted"', dtype: 'int8', shape: [1, 8], data: c, quantization: q(0.04, 2) },
    { name: 'y', dtype: 'int8', shape: [1, 8], quantization: q(0.07, 5) },
  ];
  return writeTflite({
    tensors,
    operators: [
      { op: 'ADD', inputs: [0, 1], outputs: [2], options: { type: 'AddOptions', fusedActivation: 'NONE', potScaleInt16: false } },
    ],
    inputs: [0],
    outputs: [2],
  });
}

/** A chain of int8 FULLY_CONNECTED layers of the given widths, weights from a fixed pattern. */
export function fcChainModel(widths: readonly number[]): Uint8Array {
  const tensors: TensorSpec[] = [{ name: 'x0', dtype: 'int8', shape: [1, widths[0]!], quantization: q(0.05) }];
  const operators = [];
  for (let l = 1; l < widths.length; l++) {
    const [n, k] = [widths[l]!, widths[l - 1]!];
    const w = Uint8Array.from({ length: n * k }, (_, i) => (i * 37 + l) & 0xff);
    const base = tensors.length;
    tensors.push(
      { name: `w${l}`, dtype: 'int8', shape: [n, k], data: w, quantization: q(0.01) },
      { name: `x${l}`, dtype: 'int8', shape: [1, n], quantization: q(0.05) },
    );
    operators.push({
      op: 'FULLY_CONNECTED',
      inputs: [base - 1, base, -1], // the previous activation, this layer's weights, no bias
      outputs: [base + 1],
      options: {
        type: 'FullyConnectedOptions' as const,
        fusedActivation: 'NONE' as const,
        weightsFormat: 'DEFAULT' as const,
        keepNumDims: false,
        asymmetricQuantizeInputs: false,
      },
    });
  }
  return writeTflite({ tensors, operators, inputs: [0], outputs: [tensors.length - 1] });
}
