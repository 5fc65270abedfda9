/* writeTflite round-trips through readTflite. */
import test from 'ava';
import { readTflite } from '../../packer/src/tflite/index.js';
import { writeTflite } from '../../packer/src/tflite/writer.js';

test('every written field reads back', (t) => {
  const bytes = writeTflite({
    description: 'round trip',
    tensors: [
      { name: 'in', dtype: 'int8', shape: [1, 4, 4, 2], quantization: { scale: [0.5], zeroPoint: [-3] } },
      {
        name: 'filter',
        dtype: 'int8',
        shape: [3, 1, 1, 2],
        data: new Uint8Array([1, 2, 3, 4, 5, 6]),
        quantization: { scale: [0.1, 0.2, 0.3], zeroPoint: [0, 0, 0], quantizedDimension: 0 },
      },
      { name: 'out', dtype: 'int8', shape: [1, 4, 4, 3], quantization: { scale: [0.25], zeroPoint: [7] } },
    ],
    operators: [
      {
        op: 'CONV_2D',
        inputs: [0, 1, -1],
        outputs: [2],
        options: {
          type: 'Conv2DOptions',
          padding: 'VALID',
          strideW: 1,
          strideH: 1,
          fusedActivation: 'RELU6',
          dilationWFactor: 1,
          dilationHFactor: 1,
        },
      },
    ],
    inputs: [0],
    outputs: [2],
  });
  const m = readTflite(bytes);
  t.is(m.description, 'round trip');
  const sg = m.subgraphs[0]!;
  t.deepEqual(
    sg.tensors.map((x) => [x.name, x.dtype, x.shape]),
    [
      ['in', 'int8', [1, 4, 4, 2]],
      ['filter', 'int8', [3, 1, 1, 2]],
      ['out', 'int8', [1, 4, 4, 3]],
    ],
  );
  t.deepEqual([...sg.tensors[1]!.data!], [1, 2, 3, 4, 5, 6]);
  t.deepEqual(
    sg.tensors[1]!.quantization?.scale.map((s) => Math.round(s * 10)),
    [1, 2, 3],
  );
  t.deepEqual(sg.tensors[0]!.quantization?.zeroPoint, [-3]);
  t.deepEqual(sg.operators[0]!.inputs, [0, 1, -1]);
  t.is(sg.operators[0]!.opName, 'CONV_2D');
  t.deepEqual(sg.operators[0]!.options, {
    type: 'Conv2DOptions',
    padding: 'VALID',
    strideW: 1,
    strideH: 1,
    fusedActivation: 'RELU6',
    dilationWFactor: 1,
    dilationHFactor: 1,
  });
  t.deepEqual([sg.inputs, sg.outputs], [[0], [2]]);
});
