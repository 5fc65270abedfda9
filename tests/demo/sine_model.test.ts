/* mflow's own sine model: deterministic bytes, a sane fit, int8 quantization TFLite-style. */
import test from 'ava';
import { makeSineModel, predictFloat } from '../../packer/src/demo/sine_model.js';
import { readTflite } from '../../packer/src/tflite/index.js';
import { packTflite } from '../../packer/src/pack.js';
import { openModel } from '../../runtime/src/model.js';
import { describeOutput, runNode } from '../../packer/src/run.js';

const bytes = makeSineModel();

test('deterministic bytes', (t) => {
  t.deepEqual(makeSineModel(), bytes);
});

test('the float model fits sin(x) on [0, 2pi] within 0.25', (t) => {
  let worst = 0;
  for (let i = 0; i <= 200; i++) {
    const x = (2 * Math.PI * i) / 200;
    worst = Math.max(worst, Math.abs(predictFloat(x) - Math.sin(x)));
  }
  t.true(worst < 0.25, `max error ${worst}`);
});

test('int8 layout like the TFLite converter and a packed run near sin(pi/2)', (t) => {
  const sg = readTflite(bytes).subgraphs[0]!;
  t.deepEqual(
    sg.operators.map((o) => o.opName),
    ['FULLY_CONNECTED', 'FULLY_CONNECTED', 'FULLY_CONNECTED'],
  );
  const input = sg.tensors[sg.inputs[0]!]!;
  t.is(input.quantization?.zeroPoint[0], -128);
  t.true(Math.abs((input.quantization?.scale[0] ?? 0) * 255 - 2 * Math.PI) < 1e-5);
  const w = sg.tensors[sg.operators[1]!.inputs[1]!]!;
  t.is(w.quantization?.scale.length, 16);
  t.deepEqual(w.quantization?.zeroPoint, new Array(16).fill(0));
  const m = openModel(packTflite(bytes).mfb);
  const q = Math.round(Math.PI / 2 / m.inputs[0]!.scale) + m.inputs[0]!.zeroPoint;
  const y = describeOutput(m.outputs[0]!, runNode(m, [new Uint8Array([q & 255])]).outputs[0]!).real![0]!;
  t.true(Math.abs(y - 1) < 0.3, `sin(pi/2) ~ ${y}`);
});
