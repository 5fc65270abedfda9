/*
 * Malformed TFLite files give a TfliteFormatError with the right code, never another exception:
 * truncations, seeded random byte flips, a wrong identifier or version, out-of-range indices and
 * vector lengths far beyond the file. Files come from users and over the air, so any other exception
 * type (a RangeError from the flatbuffers runtime, a TypeError) would be a reader bug.
 */
import test from 'ava';
import { makeSineModel } from '../../packer/src/demo/sine_model.js';
import { mulberry32 } from '../../packer/src/demo/prng.js';
import { readTflite, TfliteFormatError, type TfliteErrorCode } from '../../packer/src/tflite/index.js';
import { writeTflite, type TfliteModelSpec } from '../../packer/src/tflite/writer.js';
import { FbLocator } from './fb_locate.js';

const sine = makeSineModel();

/** 'ok', or the error code; any other exception propagates and fails the test. */
function outcome(bytes: Uint8Array): 'ok' | TfliteErrorCode {
  try {
    readTflite(bytes);
    return 'ok';
  } catch (e) {
    if (e instanceof TfliteFormatError) return e.code;
    throw e;
  }
}

const q = (scale: number, zeroPoint: number) => ({ scale: [scale], zeroPoint: [zeroPoint] });
const int32s = (xs: number[]): Uint8Array => new Uint8Array(new Int32Array(xs).buffer);

/**
 * A small valid graph with two operator codes (so operator 1's opcode index is written, not left to
 * its default 0), constant tensors in buffers 1 and 2, quantization and a RESHAPE with a new_shape.
 */
const GRAPH: TfliteModelSpec = {
  description: 'malformed-input base',
  tensors: [
    { name: 'x', dtype: 'int8', shape: [1, 4], quantization: q(0.5, -1) },
    { name: 'w', dtype: 'int8', shape: [4, 4], data: new Uint8Array(16).fill(3), quantization: q(0.1, 0) },
    { name: 'b', dtype: 'int32', shape: [4], data: int32s([1, 2, 3, 4]), quantization: q(0.05, 0) },
    { name: 'h', dtype: 'int8', shape: [1, 4], quantization: q(0.25, 0) },
    { name: 'y', dtype: 'int8', shape: [4], quantization: q(0.25, 0) },
  ],
  operators: [
    {
      op: 'FULLY_CONNECTED',
      inputs: [0, 1, 2],
      outputs: [3],
      options: {
        type: 'FullyConnectedOptions',
        fusedActivation: 'RELU',
        weightsFormat: 'DEFAULT',
        keepNumDims: false,
        asymmetricQuantizeInputs: false,
      },
    },
    { op: 'RESHAPE', inputs: [3], outputs: [4], options: { type: 'ReshapeOptions', newShape: [4] } },
  ],
  inputs: [0],
  outputs: [4],
};
const graph = writeTflite(GRAPH);

/** Field ids of the schema tables the cases below reach into. */
const MODEL = { version: 0, operatorCodes: 1, subgraphs: 2, description: 3, buffers: 4 };
const SUBGRAPH = { tensors: 0, inputs: 1, outputs: 2, operators: 3, name: 4 };
const TENSOR = { shape: 0, buffer: 2, name: 3, quantization: 4 };
const QUANT = { scale: 2, zeroPoint: 3 };
const OPERATOR = { opcodeIndex: 0, inputs: 1, outputs: 2, options: 4 };

/** A copy of `bytes` changed by `edit`, which is given a locator over the copy. */
function patched(bytes: Uint8Array, edit: (fb: FbLocator) => void): Uint8Array {
  const copy = bytes.slice();
  edit(new FbLocator(copy));
  return copy;
}

const subgraph0 = (fb: FbLocator): number => fb.child(fb.root(), MODEL.subgraphs, 0);
const tensor = (fb: FbLocator, i: number): number => fb.child(subgraph0(fb), SUBGRAPH.tensors, i);
const operator = (fb: FbLocator, i: number): number => fb.child(subgraph0(fb), SUBGRAPH.operators, i);

test('the base files parse', (t) => {
  t.is(outcome(sine), 'ok');
  t.is(outcome(graph), 'ok');
});

test('truncation at every length of the demo model', (t) => {
  const parsed: number[] = [];
  const codes = new Set<string>();
  for (let n = 0; n < sine.length; n++) {
    const o = outcome(sine.slice(0, n));
    if (o === 'ok') parsed.push(n);
    else codes.add(o);
    if (n < 8) t.is(o, 'TFLITE_TRUNCATED', `length ${n}`);
  }
  t.deepEqual(parsed, [], 'truncated files that parsed');
  // Every table, vector and vtable is bounds-checked before use, so a cut tail is always an offset out of the file.
  t.deepEqual([...codes].sort(), ['TFLITE_BAD_OFFSET', 'TFLITE_TRUNCATED']);
});

/** Seeded random mutations: xor a byte, or write an extreme 32-bit word at a 4-aligned spot. */
function flips(base: Uint8Array, seed: number, cases: number): { counts: Map<string, number>; slowestMs: number } {
  const rand = mulberry32(seed);
  const below = (n: number): number => Math.floor(rand() * n);
  const extremes = [0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffffc, base.length, base.length - 4];
  const counts = new Map<string, number>();
  let slowestMs = 0;
  for (let i = 0; i < cases; i++) {
    const b = base.slice();
    const dv = new DataView(b.buffer);
    for (let k = 1 + below(3); k > 0; k--) {
      if (rand() < 0.75) b[below(b.length)]! ^= 1 + below(255);
      else dv.setUint32(4 * below(b.length >> 2), extremes[below(extremes.length)]!, true);
    }
    const t0 = performance.now();
    const o = outcome(b);
    slowestMs = Math.max(slowestMs, performance.now() - t0);
    counts.set(o, (counts.get(o) ?? 0) + 1);
  }
  return { counts, slowestMs };
}

test('5000 seeded random mutations of the demo model: ok or a TfliteFormatError, each quick', (t) => {
  const { counts, slowestMs } = flips(sine, 0x5eed, 5000);
  // Most flips land in weights (still a valid file); the structural ones must hit the checks.
  for (const code of ['ok', 'TFLITE_BAD_OFFSET', 'TFLITE_BAD_VTABLE', 'TFLITE_BAD_INDEX'])
    t.true(counts.has(code), `${code}: ${[...counts]}`);
  t.true(slowestMs < 250, `slowest case ${slowestMs} ms`);
  t.log([...counts].map(([k, n]) => `${k}: ${n}`).join(', '));
  // Deterministic: the same seed gives the same outcomes.
  t.deepEqual(flips(sine, 0x5eed, 500).counts, flips(sine, 0x5eed, 500).counts);
});

test('3000 seeded random mutations of a hand-made graph: ok or a TfliteFormatError', (t) => {
  const { counts, slowestMs } = flips(graph, 1234, 3000);
  t.true(counts.size >= 4, `${[...counts]}`);
  t.true(slowestMs < 250, `slowest case ${slowestMs} ms`);
});

test('wrong file identifier', (t) => {
  for (const ident of ['TFL2', 'XXXX', '\0\0\0\0']) {
    const b = sine.slice();
    b.set(
      [...ident].map((c) => c.charCodeAt(0)),
      4,
    );
    t.is(outcome(b), 'TFLITE_BAD_IDENTIFIER', ident);
  }
  t.is(outcome(new Uint8Array(64)), 'TFLITE_BAD_IDENTIFIER');
  t.is(outcome(new TextEncoder().encode('this is not a flatbuffer at all')), 'TFLITE_BAD_IDENTIFIER');
});

test('schema versions other than 3', (t) => {
  for (const v of [0, 1, 2, 4, 0xffffffff]) {
    t.is(outcome(patched(sine, (fb) => fb.setU32(fb.field(fb.root(), MODEL.version), v))), 'TFLITE_UNSUPPORTED_VERSION', `version ${v}`);
  }
});

test('out-of-range buffer, tensor and opcode indices', (t) => {
  const cases: [string, Uint8Array][] = [
    // Three buffers: the empty sentinel, w's and b's.
    ['buffer index = buffer count', patched(graph, (fb) => fb.setU32(fb.field(tensor(fb, 1), TENSOR.buffer), 3))],
    ['buffer index 2^32 - 1', patched(graph, (fb) => fb.setU32(fb.field(tensor(fb, 2), TENSOR.buffer), 0xffffffff))],
    // Two operator codes: FULLY_CONNECTED and RESHAPE.
    ['opcode index = opcode count', patched(graph, (fb) => fb.setU32(fb.field(operator(fb, 1), OPERATOR.opcodeIndex), 2))],
    ['opcode index 2^31', patched(graph, (fb) => fb.setU32(fb.field(operator(fb, 1), OPERATOR.opcodeIndex), 0x80000000))],
    ['operator input = tensor count', writeTflite({ ...GRAPH, operators: [{ ...GRAPH.operators[0]!, inputs: [5, 1, 2] }] })],
    ['operator input -2', writeTflite({ ...GRAPH, operators: [{ ...GRAPH.operators[0]!, inputs: [0, 1, -2] }] })],
    ['operator output -1 (only inputs may be absent)', writeTflite({ ...GRAPH, operators: [{ ...GRAPH.operators[0]!, outputs: [-1] }] })],
    ['operator output 99', writeTflite({ ...GRAPH, operators: [{ ...GRAPH.operators[0]!, outputs: [99] }] })],
    ['subgraph input 5', writeTflite({ ...GRAPH, inputs: [5] })],
    ['subgraph output -1', writeTflite({ ...GRAPH, outputs: [-1] })],
  ];
  for (const [what, bytes] of cases) t.is(outcome(bytes), 'TFLITE_BAD_INDEX', what);
  // The control: -1 marks an absent optional input and is accepted.
  t.is(outcome(writeTflite({ ...GRAPH, operators: [{ ...GRAPH.operators[0]!, inputs: [0, 1, -1] }] })), 'ok');
});

test('vector and string lengths beyond the file are refused, not allocated', (t) => {
  const vectors: [string, (fb: FbLocator) => number][] = [
    ['Model.operator_codes', (fb) => fb.vector(fb.root(), MODEL.operatorCodes)],
    ['Model.subgraphs', (fb) => fb.vector(fb.root(), MODEL.subgraphs)],
    ['Model.description', (fb) => fb.vector(fb.root(), MODEL.description)],
    ['Model.buffers', (fb) => fb.vector(fb.root(), MODEL.buffers)],
    ['Buffer.data', (fb) => fb.vector(fb.child(fb.root(), MODEL.buffers, 1), 0)],
    ['SubGraph.tensors', (fb) => fb.vector(subgraph0(fb), SUBGRAPH.tensors)],
    ['SubGraph.inputs', (fb) => fb.vector(subgraph0(fb), SUBGRAPH.inputs)],
    ['SubGraph.outputs', (fb) => fb.vector(subgraph0(fb), SUBGRAPH.outputs)],
    ['SubGraph.operators', (fb) => fb.vector(subgraph0(fb), SUBGRAPH.operators)],
    ['SubGraph.name', (fb) => fb.vector(subgraph0(fb), SUBGRAPH.name)],
    ['Tensor.shape', (fb) => fb.vector(tensor(fb, 3), TENSOR.shape)],
    ['Tensor.name', (fb) => fb.vector(tensor(fb, 3), TENSOR.name)],
    ['QuantizationParameters.scale', (fb) => fb.vector(fb.child(tensor(fb, 1), TENSOR.quantization), QUANT.scale)],
    ['QuantizationParameters.zero_point', (fb) => fb.vector(fb.child(tensor(fb, 1), TENSOR.quantization), QUANT.zeroPoint)],
    ['Operator.inputs', (fb) => fb.vector(operator(fb, 0), OPERATOR.inputs)],
    ['Operator.outputs', (fb) => fb.vector(operator(fb, 0), OPERATOR.outputs)],
    ['ReshapeOptions.new_shape', (fb) => fb.vector(fb.child(operator(fb, 1), OPERATOR.options), 0)],
  ];
  for (const [what, lengthWord] of vectors) {
    // Just past the end of the file, then lengths whose byte size overflows 32 bits.
    for (const length of [graph.length, 0x3fffffff, 0x7fffffff, 0xffffffff]) {
      const t0 = performance.now();
      const o = outcome(patched(graph, (fb) => fb.setU32(lengthWord(fb), length)));
      t.is(o, 'TFLITE_BAD_OFFSET', `${what} length ${length}`);
      t.true(performance.now() - t0 < 50, `${what} length ${length} took too long`);
    }
  }
});

test('offsets and vtables outside the file', (t) => {
  t.is(outcome(patched(graph, (fb) => fb.setU32(0, graph.length))), 'TFLITE_BAD_OFFSET', 'root offset past the end');
  t.is(
    outcome(patched(graph, (fb) => fb.setU32(fb.field(fb.root(), MODEL.subgraphs), 0x7ffffff0))),
    'TFLITE_BAD_OFFSET',
    'subgraphs offset past the end',
  );
  t.is(outcome(patched(graph, (fb) => fb.setI32(fb.root(), -0x10000))), 'TFLITE_BAD_OFFSET', 'vtable past the end');
  const vtable = (fb: FbLocator): number => fb.root() - new DataView(fb.bytes.buffer).getInt32(fb.root(), true);
  t.is(outcome(patched(graph, (fb) => fb.setU16(vtable(fb), 5))), 'TFLITE_BAD_VTABLE', 'odd vtable size');
  t.is(outcome(patched(graph, (fb) => fb.setU16(vtable(fb), 2))), 'TFLITE_BAD_VTABLE', 'vtable too small');
  t.is(outcome(patched(graph, (fb) => fb.setU16(vtable(fb) + 4, 0xfff0))), 'TFLITE_BAD_VTABLE', 'field beyond its table');
});

test('bad shapes and data sizes', (t) => {
  const withTensor = (i: number, change: object): Uint8Array =>
    writeTflite({ ...GRAPH, tensors: GRAPH.tensors.map((x, k) => (k === i ? { ...x, ...change } : x)) });
  t.is(outcome(withTensor(3, { shape: [1, -4] })), 'TFLITE_BAD_SHAPE');
  t.is(outcome(withTensor(1, { data: new Uint8Array(15) })), 'TFLITE_BAD_DATA', 'a 15-byte buffer for an int8 [4, 4]');
  t.is(outcome(withTensor(2, { shape: [5] })), 'TFLITE_BAD_DATA', 'int32 [5] over 16 bytes');
  t.is(outcome(withTensor(1, { quantization: { scale: [0.1, 0.2], zeroPoint: [0] } })), 'TFLITE_BAD_DATA', '2 scales, 1 zero point');
  const hugeZeroPoint = patched(graph, (fb) => {
    const zp = fb.vector(fb.child(tensor(fb, 0), TENSOR.quantization), QUANT.zeroPoint);
    fb.setBigI64(zp + 4, 1n << 60n);
  });
  t.is(outcome(hugeZeroPoint), 'TFLITE_BAD_DATA', 'a zero point beyond 2^53');
});
