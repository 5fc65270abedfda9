/*
 * mflow's own sine model: deterministic bytes, a close float fit, and int8 quantization laid out as
 * TFLite's converter lays out hello_world_int8 (compared field by field when the shared copy is
 * present), accurate when evaluated in int8 and when packed and run by mflow.
 */
import test from 'ava';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSineModel } from '../../packer/src/demo/make_sine.js';
import { makeSineModel, predictFloat } from '../../packer/src/demo/sine_model.js';
import { readTflite, type TfliteTensor } from '../../packer/src/tflite/index.js';
import { packTflite } from '../../packer/src/pack.js';
import { describeOutput, runNode } from '../../packer/src/run.js';
import { openModel } from '../../runtime/src/model.js';
import { sharedDir } from '../helpers/shared_data.js';
import { runInt8Mlp } from './int8_fc_reference.js';

const bytes = makeSineModel();
const sg = readTflite(bytes).subgraphs[0]!;
const TWO_PI = 2 * Math.PI;
const grid = (n: number): number[] => Array.from({ length: n + 1 }, (_, i) => (TWO_PI * i) / n);

test('deterministic bytes: two calls are equal', (t) => {
  t.deepEqual(makeSineModel(), bytes);
});

test('the same bytes on every run and machine (pinned digest)', (t) => {
  // Training uses only deterministic arithmetic; update the digest only for an intended model change.
  t.is(createHash('sha256').update(bytes).digest('hex'), '0f5a1ac4b0c686f9ec2115df38cc5862cd83534fa975ea1697bd5f4ce90108a4');
});

test('parses: three FULLY_CONNECTED (RELU, RELU, NONE) on [1,1] -> [1,16] -> [1,16] -> [1,1]', (t) => {
  t.deepEqual(
    sg.operators.map((o) => [o.opName, o.version, o.options?.type === 'FullyConnectedOptions' && o.options.fusedActivation]),
    [
      ['FULLY_CONNECTED', 4, 'RELU'],
      ['FULLY_CONNECTED', 4, 'RELU'],
      ['FULLY_CONNECTED', 4, 'NONE'],
    ],
  );
  t.deepEqual(sg.tensors[sg.inputs[0]!]!.shape, [1, 1]);
  t.deepEqual(
    sg.operators.map((o) => sg.tensors[o.outputs[0]!]!.shape),
    [
      [1, 16],
      [1, 16],
      [1, 1],
    ],
  );
  t.deepEqual(
    sg.operators.map((o) => [sg.tensors[o.inputs[1]!]!.shape, sg.tensors[o.inputs[2]!]!.shape]),
    [
      [[16, 1], [16]],
      [[16, 16], [16]],
      [[1, 16], [1]],
    ],
  );
});

test('the float model fits sin(x) on [0, 2pi] within 0.1', (t) => {
  const worst = Math.max(...grid(1000).map((x) => Math.abs(predictFloat(x) - Math.sin(x))));
  t.true(worst < 0.1, `max |error| ${worst}`);
});

test('input quantization covers [0, 2pi]: zero point -128, scale 2pi/255', (t) => {
  const q = sg.tensors[sg.inputs[0]!]!.quantization!;
  t.deepEqual(q.zeroPoint, [-128]);
  const real = (v: number): number => (v - q.zeroPoint[0]!) * q.scale[0]!;
  t.is(real(-128), 0);
  t.true(Math.abs(real(127) - TWO_PI) < 1e-5, `int8 127 is ${real(127)}`);
});

const weightsAndBias = (i: number): [TfliteTensor, TfliteTensor] => {
  const o = sg.operators[i]!;
  return [sg.tensors[o.inputs[1]!]!, sg.tensors[o.inputs[2]!]!];
};

test('weights: int8 symmetric per-channel (dimension 0), each row using the full [-127, 127]', (t) => {
  for (let i = 0; i < sg.operators.length; i++) {
    const [w] = weightsAndBias(i);
    const rows = w.shape[0]!;
    const cols = w.shape[1]!;
    t.is(w.dtype, 'int8');
    t.is(w.quantization!.quantizedDimension, 0);
    t.is(w.quantization!.scale.length, rows);
    t.deepEqual(w.quantization!.zeroPoint, new Array(rows).fill(0));
    const v = new Int8Array(w.data!.slice().buffer);
    for (let r = 0; r < rows; r++) {
      const row = [...v.subarray(r * cols, (r + 1) * cols)].map(Math.abs);
      t.is(Math.max(...row), 127, `layer ${i} row ${r}`);
    }
    t.false(v.includes(-128), 'symmetric: -128 unused');
  }
});

test('biases: int32 at scale input_scale x weight_scale[c], zero point 0', (t) => {
  sg.operators.forEach((o, i) => {
    const [w, b] = weightsAndBias(i);
    const inScale = sg.tensors[o.inputs[0]!]!.quantization!.scale[0]!;
    t.is(b.dtype, 'int32');
    t.deepEqual(
      b.quantization!.scale,
      w.quantization!.scale.map((s) => Math.fround(inScale * s)),
    );
    t.deepEqual(b.quantization!.zeroPoint, new Array(b.shape[0]).fill(0));
  });
});

test('activations: int8 per-tensor; ReLU outputs have zero point -128 (range starting at 0)', (t) => {
  const outs = sg.operators.map((o) => sg.tensors[o.outputs[0]!]!);
  for (const x of outs) {
    t.is(x.dtype, 'int8');
    t.is(x.quantization!.scale.length, 1);
  }
  t.deepEqual(
    outs.slice(0, 2).map((x) => x.quantization!.zeroPoint),
    [[-128], [-128]],
  );
  // The output range straddles 0 (sin goes negative) and covers about [-1, 1].
  const q = outs[2]!.quantization!;
  const [lo, hi] = [-128, 127].map((v) => (v - q.zeroPoint[0]!) * q.scale[0]!) as [number, number];
  t.true(lo < -0.9 && lo > -1.3 && hi > 0.9 && hi < 1.3, `output range [${lo}, ${hi}]`);
});

test('evaluated in int8 the model stays within 0.15 of sin(x)', (t) => {
  const worst = Math.max(...grid(500).map((x) => Math.abs(runInt8Mlp(sg, x)[0]! - Math.sin(x))));
  t.true(worst < 0.15, `max |error| ${worst}`);
});

test('laid out like the converter hello_world_int8.tflite: names, order, shapes, options, quantization kinds', (t) => {
  if (!sharedDir) return t.pass('no shared data outside CI');
  const ref = readTflite(new Uint8Array(readFileSync(join(sharedDir, 'models', 'hello_world_int8.tflite')))).subgraphs[0]!;
  const layout = (s: typeof sg) => ({
    tensors: s.tensors.map((x) => [x.name, x.dtype, x.shape, x.shapeSignature, x.data !== null, x.quantization?.zeroPoint[0]]),
    operators: s.operators.map((o) => [o.opName, o.version, o.inputs, o.outputs, o.options]),
    io: [s.inputs, s.outputs],
  });
  // Zero points match except the output's, which depends on the fitted range.
  const mine = layout(sg);
  const theirs = layout(ref);
  t.deepEqual(mine.operators, theirs.operators);
  t.deepEqual(mine.io, theirs.io);
  t.deepEqual(mine.tensors.slice(0, -1), theirs.tensors.slice(0, -1));
  t.deepEqual(mine.tensors.at(-1)!.slice(0, -1), theirs.tensors.at(-1)!.slice(0, -1));
  // The one deliberate difference: per-channel weight scales where the reference has one.
  t.deepEqual(
    ref.tensors.filter((x) => x.data).map((x) => x.quantization!.scale.length),
    [1, 1, 1, 1, 1, 1],
  );
  t.deepEqual(
    sg.tensors.filter((x) => x.data).map((x) => x.quantization!.scale.length),
    [1, 1, 16, 16, 16, 16],
  );
});

test('packed and run by mflow, it computes sin(pi/2) close to 1', (t) => {
  const m = openModel(packTflite(bytes).mfb);
  const input = m.inputs[0]!;
  const q = Math.round(Math.PI / 2 / input.scale) + input.zeroPoint;
  const y = describeOutput(m.outputs[0]!, runNode(m, [new Uint8Array([q & 255])]).outputs[0]!).real![0]!;
  t.true(Math.abs(y - 1) < 0.15, `sin(pi/2) ~ ${y}`);
});

test('writeSineModel writes the same bytes, creating parent directories', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mflow-sine-'));
  try {
    const path = join(dir, 'a', 'b', 'sine.tflite');
    writeSineModel(path);
    t.deepEqual(new Uint8Array(readFileSync(path)), bytes);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
