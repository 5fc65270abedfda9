/*
 * The writer spec that reproduces a parsed model's first subgraph: what the reader shows of a file,
 * written back. Used to round-trip real models through writeTflite.
 */
import type { TfliteModel } from '../../packer/src/tflite/index.js';
import type { TfliteModelSpec } from '../../packer/src/tflite/writer.js';

export function specFromModel(m: TfliteModel): TfliteModelSpec {
  const sg = m.subgraphs[0];
  if (!sg) throw new Error('the model has no subgraph');
  return {
    description: m.description,
    subgraphName: sg.name,
    tensors: sg.tensors.map((t) => ({
      name: t.name,
      dtype: t.dtype,
      shape: t.shape,
      ...(t.shapeSignature ? { shapeSignature: t.shapeSignature } : {}),
      ...(t.data ? { data: t.data } : {}),
      ...(t.quantization ? { quantization: t.quantization } : {}),
      isVariable: t.isVariable,
    })),
    operators: sg.operators.map((o) => ({
      op: o.opName,
      inputs: o.inputs,
      outputs: o.outputs,
      ...(o.options ? { options: o.options } : {}),
      version: o.version,
    })),
    inputs: sg.inputs,
    outputs: sg.outputs,
  };
}
