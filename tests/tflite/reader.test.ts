/*
 * The TFLite reader on the shared real models: every model parses, and exact facts of a few of them
 * (taken from the files, cross-checked with the TFLite converter's known graphs) read back.
 * Without shared data the model tests pass vacuously outside CI; with CI=true the data helper throws
 * when loaded, so this suite fails instead of skipping (checked by the last test).
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { readTflite, TfliteFormatError, type TfliteModel } from '../../packer/src/tflite/index.js';
import { repoRoot, sharedModelPaths } from '../helpers/shared_data.js';

const paths = sharedModelPaths();

/** Parses every shared model; failures are collected by name rather than thrown at load time. */
const parsed = new Map<string, TfliteModel>();
const failures: string[] = [];
for (const p of paths) {
  const name = p.includes(`${join('models', 'ops')}`) ? `ops/${basename(p, '.tflite')}` : basename(p, '.tflite');
  try {
    parsed.set(name, readTflite(new Uint8Array(readFileSync(p))));
  } catch (e) {
    failures.push(`${name}: ${e instanceof TfliteFormatError ? e.message : String(e)}`);
  }
}

/** The model, or null when the shared data is absent (outside CI only). */
function model(name: string): TfliteModel | null {
  if (paths.length === 0) return null;
  const m = parsed.get(name);
  if (!m) throw new Error(`shared model ${name} is missing or did not parse`);
  return m;
}

const ops = (m: TfliteModel): string[] => m.subgraphs[0]!.operators.map((o) => o.opName);

test('every shared model parses', (t) => {
  if (paths.length === 0) return t.pass('no shared data outside CI');
  t.deepEqual(failures, []);
  t.deepEqual(
    [...parsed.keys()].filter((n) => !n.startsWith('ops/')),
    ['anomaly', 'hello_world_float', 'hello_world_int8', 'kws', 'person_detect', 'resnet', 'sine', 'speech', 'vww'],
  );
  t.true([...parsed.keys()].filter((n) => n.startsWith('ops/')).length > 0, 'single-op models');
  for (const [name, m] of parsed) t.true(m.subgraphs.length >= 1 && m.subgraphs[0]!.operators.length >= 1, name);
});

test('sine: op names, every tensor shape, inputs and outputs', (t) => {
  const m = model('sine');
  if (!m) return t.pass();
  const sg = m.subgraphs[0]!;
  t.deepEqual(ops(m), ['FULLY_CONNECTED', 'FULLY_CONNECTED', 'FULLY_CONNECTED']);
  t.deepEqual(
    sg.tensors.map((x) => [x.dtype, x.shape]),
    [
      ['int8', [1, 1]], // input
      ['int32', [1]], // dense_4 bias
      ['int8', [1, 16]], // dense_4 weights
      ['int32', [16]],
      ['int8', [16, 16]],
      ['int32', [16]],
      ['int8', [16, 1]],
      ['int8', [1, 16]], // hidden activations
      ['int8', [1, 16]],
      ['int8', [1, 1]], // output
    ],
  );
  t.deepEqual([sg.inputs, sg.outputs], [[0], [9]]);
  t.deepEqual(
    sg.operators.map((o) => [o.inputs, o.outputs]),
    [
      [[0, 6, 5], [7]],
      [[7, 4, 3], [8]],
      [[8, 2, 1], [9]],
    ],
  );
  t.deepEqual(
    sg.operators.map((o) => o.options?.type === 'FullyConnectedOptions' && o.options.fusedActivation),
    ['RELU', 'RELU', 'NONE'],
  );
  t.is(sg.tensors[0]!.quantization?.zeroPoint[0], -128);
});

test('person_detect op histogram', (t) => {
  const m = model('person_detect');
  if (!m) return t.pass();
  const histogram: Record<string, number> = {};
  for (const op of ops(m)) histogram[op] = (histogram[op] ?? 0) + 1;
  t.deepEqual(histogram, { DEPTHWISE_CONV_2D: 14, CONV_2D: 14, AVERAGE_POOL_2D: 1, RESHAPE: 1, SOFTMAX: 1 });
});

test('kws: the first CONV_2D, its options and operands', (t) => {
  const m = model('kws');
  if (!m) return t.pass();
  const sg = m.subgraphs[0]!;
  const conv = sg.operators.find((o) => o.opName === 'CONV_2D')!;
  t.is(conv.index, 0);
  t.is(conv.version, 3);
  t.deepEqual(conv.options, {
    type: 'Conv2DOptions',
    padding: 'SAME',
    strideW: 2,
    strideH: 2,
    fusedActivation: 'RELU',
    dilationWFactor: 1,
    dilationHFactor: 1,
  });
  t.deepEqual(
    conv.inputs.map((i) => sg.tensors[i]!.shape),
    [
      [1, 49, 10, 1], // 49 frames x 10 MFCCs
      [64, 10, 4, 1], // 64 filters of 10x4
      [64],
    ],
  );
  t.deepEqual(sg.tensors[conv.outputs[0]!]!.shape, [1, 25, 5, 64]);
  // Per-channel filter scales along the output channels.
  const filter = sg.tensors[conv.inputs[1]!]!;
  t.is(filter.quantization?.scale.length, 64);
  t.is(filter.quantization?.quantizedDimension, 0);
});

test('speech: op list, the RESHAPE new shape and the depthwise multiplier', (t) => {
  const m = model('speech');
  if (!m) return t.pass();
  t.deepEqual(ops(m), ['RESHAPE', 'DEPTHWISE_CONV_2D', 'FULLY_CONNECTED', 'SOFTMAX']);
  const [reshape, dw, , softmax] = m.subgraphs[0]!.operators;
  t.deepEqual(reshape!.options, { type: 'ReshapeOptions', newShape: [-1, 49, 40, 1] });
  t.like(dw!.options, { type: 'DepthwiseConv2DOptions', depthMultiplier: 8, strideW: 2, strideH: 2, padding: 'SAME' });
  t.deepEqual(softmax!.options, { type: 'SoftmaxOptions', beta: 1 });
});

test('with CI=true and no shared data the data helper throws, so the suite fails', (t) => {
  // A copy of the helper in a directory with no ../shared beside it, and MFLOW_DATA pointing nowhere.
  const dir = mkdtempSync(join(tmpdir(), 'mflow-no-data-'));
  try {
    const helpers = join(dir, 'repo', 'tests', 'helpers');
    mkdirSync(helpers, { recursive: true });
    copyFileSync(join(repoRoot, 'tests', 'helpers', 'shared_data.ts'), join(helpers, 'shared_data.ts'));
    const run = (ci: string) =>
      spawnSync(
        process.execPath,
        ['--import=tsx', '-e', `await import(${JSON.stringify(join(helpers, 'shared_data.ts'))})`, '--input-type=module'],
        {
          cwd: repoRoot,
          env: { ...process.env, CI: ci, MFLOW_DATA: join(dir, 'nowhere') },
          encoding: 'utf8',
        },
      );
    const ci = run('true');
    t.not(ci.status, 0);
    t.regex(ci.stderr, /shared data not found/);
    t.is(run('false').status, 0, 'outside CI the helper only reports no data');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
