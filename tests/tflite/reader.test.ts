/* The TFLite reader on the shared real models: every model parses, with exact facts checked. */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { readTflite, type TfliteModel } from '../../packer/src/tflite/index.js';
import { sharedModelPaths, sharedDir } from '../helpers/shared_data.js';

const models = new Map<string, TfliteModel>();
for (const p of sharedModelPaths()) models.set(basename(p, '.tflite'), readTflite(new Uint8Array(readFileSync(p))));

const histogram = (m: TfliteModel): Record<string, number> => {
  const h: Record<string, number> = {};
  for (const op of m.subgraphs[0]!.operators) h[op.opName] = (h[op.opName] ?? 0) + 1;
  return h;
};

test('every shared model parses (9 models and 100 single-op models)', (t) => {
  if (!sharedDir) return t.pass();
  t.is(models.size, 109);
});

test('sine: three FULLY_CONNECTED ops on [1,1] -> [1,16] -> [1,16] -> [1,1]', (t) => {
  const m = models.get('sine');
  if (!m) return t.pass();
  const sg = m.subgraphs[0]!;
  t.deepEqual(
    sg.operators.map((o) => o.opName),
    ['FULLY_CONNECTED', 'FULLY_CONNECTED', 'FULLY_CONNECTED'],
  );
  t.deepEqual(
    sg.operators.map((o) => sg.tensors[o.outputs[0]!]!.shape),
    [
      [1, 16],
      [1, 16],
      [1, 1],
    ],
  );
  t.deepEqual(sg.tensors[sg.inputs[0]!]!.shape, [1, 1]);
  t.is(sg.tensors[sg.inputs[0]!]!.quantization?.zeroPoint[0], -128);
});

test('person_detect op histogram', (t) => {
  const m = models.get('person_detect');
  if (!m) return t.pass();
  t.deepEqual(histogram(m), { DEPTHWISE_CONV_2D: 14, CONV_2D: 14, AVERAGE_POOL_2D: 1, RESHAPE: 1, SOFTMAX: 1 });
});

test('speech op list and kws first conv options', (t) => {
  const s = models.get('speech');
  const k = models.get('kws');
  if (!s || !k) return t.pass();
  t.deepEqual(
    s.subgraphs[0]!.operators.map((o) => o.opName),
    ['RESHAPE', 'DEPTHWISE_CONV_2D', 'FULLY_CONNECTED', 'SOFTMAX'],
  );
  const conv = k.subgraphs[0]!.operators.find((o) => o.opName === 'CONV_2D')!;
  t.deepEqual(conv.options, {
    type: 'Conv2DOptions',
    padding: 'SAME',
    strideW: 2,
    strideH: 2,
    fusedActivation: 'RELU',
    dilationWFactor: 1,
    dilationHFactor: 1,
  });
  t.deepEqual(k.subgraphs[0]!.tensors[conv.inputs[1]!]!.shape, [64, 10, 4, 1]);
});
