/*
 * writeTflite round-trips through readTflite: every field of the spec reads back, every options
 * type the reader decodes is written with the decoder's field ids, and real models survive
 * read -> spec -> write -> read unchanged. Fields the reader does not expose (both opcode fields,
 * the empty buffer 0, quantization min/max) are checked on the raw flatbuffer.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { BUILTIN_CODE, readTflite, type TfliteModel, type TfliteOptions } from '../../packer/src/tflite/index.js';
import { CheckedBuffer } from '../../packer/src/tflite/flatbuffer.js';
import { writeTflite, type OperatorSpec, type TensorSpec, type TfliteModelSpec } from '../../packer/src/tflite/writer.js';
import { sharedModelPaths } from '../helpers/shared_data.js';
import { specFromModel } from './spec_from_model.js';

const conv = { padding: 'SAME', strideW: 2, strideH: 3, fusedActivation: 'RELU6', dilationWFactor: 1, dilationHFactor: 2 } as const;

/** One value of every options type the reader decodes, with non-default fields where there are any. */
const OPTIONS: readonly TfliteOptions[] = [
  { type: 'Conv2DOptions', ...conv },
  { type: 'DepthwiseConv2DOptions', ...conv, depthMultiplier: 4 },
  { type: 'Pool2DOptions', padding: 'VALID', strideW: 2, strideH: 1, filterWidth: 3, filterHeight: 5, fusedActivation: 'RELU' },
  {
    type: 'FullyConnectedOptions',
    fusedActivation: 'RELU_N1_TO_1',
    weightsFormat: 'SHUFFLED4x16INT8',
    keepNumDims: true,
    asymmetricQuantizeInputs: true,
  },
  { type: 'SoftmaxOptions', beta: 0.5 },
  { type: 'ConcatenationOptions', axis: -1, fusedActivation: 'TANH' },
  { type: 'AddOptions', fusedActivation: 'RELU', potScaleInt16: false },
  { type: 'SubOptions', fusedActivation: 'NONE', potScaleInt16: true },
  { type: 'MulOptions', fusedActivation: 'RELU6' },
  { type: 'DivOptions', fusedActivation: 'RELU' },
  { type: 'L2NormOptions', fusedActivation: 'NONE' },
  { type: 'ReshapeOptions', newShape: [1, -1, 8] },
  { type: 'ReshapeOptions', newShape: [] },
  { type: 'ReshapeOptions', newShape: null },
  { type: 'SpaceToDepthOptions', blockSize: 2 },
  { type: 'DepthToSpaceOptions', blockSize: 3 },
  { type: 'ReducerOptions', keepDims: true },
  { type: 'SqueezeOptions', squeezeDims: [0, 2] },
  { type: 'StridedSliceOptions', beginMask: 1, endMask: 2, ellipsisMask: 4, newAxisMask: 8, shrinkAxisMask: 16, offset: true },
  { type: 'SplitOptions', numSplits: 3 },
  { type: 'ArgMaxOptions', outputType: 'int32' },
  { type: 'TransposeConvOptions', padding: 'VALID', strideW: 2, strideH: 2, fusedActivation: 'NONE' },
  { type: 'PackOptions', valuesCount: 2, axis: 1 },
  { type: 'UnpackOptions', num: 2, axis: -1 },
  { type: 'ResizeNearestNeighborOptions', alignCorners: true, halfPixelCenters: true },
  { type: 'LeakyReluOptions', alpha: 0.25 },
  { type: 'Unknown', typeCode: 52 },
];

/** The builtin operator each options value goes with (the reader does not care; it keeps the test readable). */
const OP_FOR: Record<string, string> = {
  Conv2DOptions: 'CONV_2D',
  DepthwiseConv2DOptions: 'DEPTHWISE_CONV_2D',
  Pool2DOptions: 'MAX_POOL_2D',
  FullyConnectedOptions: 'FULLY_CONNECTED',
  SoftmaxOptions: 'SOFTMAX',
  ConcatenationOptions: 'CONCATENATION',
  AddOptions: 'ADD',
  SubOptions: 'SUB',
  MulOptions: 'MUL',
  DivOptions: 'DIV',
  L2NormOptions: 'L2_NORMALIZATION',
  ReshapeOptions: 'RESHAPE',
  SpaceToDepthOptions: 'SPACE_TO_DEPTH',
  DepthToSpaceOptions: 'DEPTH_TO_SPACE',
  ReducerOptions: 'MEAN',
  SqueezeOptions: 'SQUEEZE',
  StridedSliceOptions: 'STRIDED_SLICE',
  SplitOptions: 'SPLIT',
  ArgMaxOptions: 'ARG_MAX',
  TransposeConvOptions: 'TRANSPOSE_CONV',
  PackOptions: 'PACK',
  UnpackOptions: 'UNPACK',
  ResizeNearestNeighborOptions: 'RESIZE_NEAREST_NEIGHBOR',
  LeakyReluOptions: 'LEAKY_RELU',
  Unknown: 'EXPAND_DIMS',
};

const TENSORS: readonly TensorSpec[] = [
  { name: 'in', dtype: 'int8', shape: [1, 4, 4, 2], shapeSignature: [-1, 4, 4, 2], quantization: { scale: [0.5], zeroPoint: [-3] } },
  {
    name: 'filter',
    dtype: 'int8',
    shape: [3, 1, 1, 2],
    data: new Uint8Array([1, 2, 3, 4, 5, 0xff]),
    quantization: { scale: [0.1, 0.2, 0.3], zeroPoint: [0, 0, 0], quantizedDimension: 0, min: [-1, -2, -3], max: [1, 2, 3] },
  },
  {
    name: 'per-axis 3',
    dtype: 'int16',
    shape: [1, 1, 1, 2],
    data: new Uint8Array([1, 0, 0xff, 0xff]),
    quantization: { scale: [1e-3, 2e-3], zeroPoint: [2 ** 40, -(2 ** 40)], quantizedDimension: 3 },
  },
  { name: 'bias', dtype: 'int32', shape: [3], data: new Uint8Array(new Int32Array([7, -7, 1 << 30]).buffer) },
  { name: 'scalar', dtype: 'float32', shape: [], data: new Uint8Array(new Float32Array([Math.PI]).buffer) },
  { name: 'state', dtype: 'int16', shape: [1, 8], isVariable: true },
  { name: 'flags', dtype: 'bool', shape: [2] },
  { name: 'u8', dtype: 'uint8', shape: [1, 2], quantization: { scale: [0.0078125], zeroPoint: [128] } },
  { name: 'wide', dtype: 'int64', shape: [1] },
  { name: 'ünïcode ✓', dtype: 'float32', shape: [1, 4, 4, 3] },
  { name: '', dtype: 'int8', shape: [0] },
];

const OPERATORS: readonly OperatorSpec[] = [
  { op: 'CONV_2D', inputs: [0, 1, -1], outputs: [9], options: OPTIONS[0], version: 3 },
  ...OPTIONS.slice(1).map((options, i) => ({ op: OP_FOR[options.type]!, inputs: [i % 9, -1], outputs: [9], options })),
  // Same op, another version: a second OperatorCode.
  { op: 'CONV_2D', inputs: [0, 1], outputs: [9], options: OPTIONS[0], version: 5 },
  // By code, without options.
  { op: BUILTIN_CODE.LOGISTIC!, inputs: [9], outputs: [10] },
  // Codes above 127 (GELU is 150), custom ops and codes the reader has no name for.
  { op: 'GELU', inputs: [9], outputs: [10], version: 2 },
  { op: 'CUSTOM:TFLite_Detection_PostProcess', inputs: [9], outputs: [10] },
  { op: 'UNKNOWN(250)', inputs: [9], outputs: [10] },
];

const SPEC: TfliteModelSpec = {
  description: 'round trip ✓',
  subgraphName: 'sg0',
  tensors: TENSORS,
  operators: OPERATORS,
  inputs: [0, 5],
  outputs: [9, 10],
};

const bytes = writeTflite(SPEC);
const model = readTflite(bytes);
const sg = model.subgraphs[0]!;

test('identifier, schema version, description, one subgraph and its name, inputs and outputs', (t) => {
  t.is(new TextDecoder().decode(bytes.subarray(4, 8)), 'TFL3');
  t.is(model.version, 3);
  t.is(model.description, 'round trip ✓');
  t.is(model.subgraphs.length, 1);
  t.is(sg.name, 'sg0');
  t.deepEqual(
    [sg.inputs, sg.outputs],
    [
      [0, 5],
      [9, 10],
    ],
  );
  t.is(model.byteLength, bytes.length);
});

test('every tensor field reads back', (t) => {
  t.deepEqual(
    sg.tensors.map((x) => ({ ...x, data: x.data ? [...x.data] : null })),
    TENSORS.map((x, index) => ({
      index,
      name: x.name,
      dtype: x.dtype,
      shape: x.shape,
      shapeSignature: x.shapeSignature ?? null,
      data: x.data ? [...x.data] : null,
      quantization: x.quantization
        ? {
            scale: x.quantization.scale.map(Math.fround),
            zeroPoint: x.quantization.zeroPoint,
            quantizedDimension: x.quantization.quantizedDimension ?? 0,
          }
        : null,
      isVariable: x.isVariable ?? false,
    })),
  );
});

test('constant data is 16-byte aligned in the file, one buffer per constant after the empty buffer 0', (t) => {
  for (const x of sg.tensors) if (x.data) t.is(x.data.byteOffset % 16, 0, x.name);
  const fb = new CheckedBuffer(bytes);
  const root = fb.table(fb.u32(0), 'model');
  const buffers = fb.tables(root, 4, 'buffers');
  t.is(buffers.length, 1 + TENSORS.filter((x) => x.data).length);
  t.is(fb.vector(buffers[0]!, 0, 1, 'buffer 0'), null);
});

test('every options type reads back as written', (t) => {
  t.deepEqual(
    sg.operators.slice(0, OPTIONS.length).map((o) => o.options),
    OPTIONS,
  );
  t.is(sg.operators[OPTIONS.length + 1]!.options, null, 'no options');
});

test('operators: names, codes, versions, inputs with -1, outputs, opcode sharing', (t) => {
  t.deepEqual(
    sg.operators.map((o) => [o.opName, o.builtinCode, o.version]),
    OPERATORS.map((o) => {
      const name = typeof o.op === 'number' ? 'LOGISTIC' : o.op;
      const code = name.startsWith('CUSTOM:') ? 32 : name === 'UNKNOWN(250)' ? 250 : BUILTIN_CODE[name]!;
      return [name, code, o.version ?? 1];
    }),
  );
  t.deepEqual(
    sg.operators.map((o) => [o.inputs, o.outputs]),
    OPERATORS.map((o) => [o.inputs, o.outputs]),
  );
  // One opcode per (operator, version): CONV_2D v3 and v5 get two, the three RESHAPEs share one.
  const key = (o: (typeof sg.operators)[number]): string => `${o.opName} v${o.version}`;
  const indexOf = new Map<string, number>();
  for (const o of sg.operators) {
    const first = indexOf.get(key(o)) ?? o.opcodeIndex;
    indexOf.set(key(o), first);
    t.is(o.opcodeIndex, first, key(o));
  }
  t.is(new Set(indexOf.values()).size, indexOf.size);
  t.not(indexOf.get('CONV_2D v3'), indexOf.get('CONV_2D v5'));
});

test('OperatorCode: deprecated_builtin_code is min(code, 127), builtin_code the code, custom_code kept', (t) => {
  const fb = new CheckedBuffer(bytes);
  const codes = fb.tables(fb.table(fb.u32(0), 'model'), 1, 'operator_codes');
  const raw = codes.map((c) => [fb.scalarI8(c, 0, 0), fb.string(c, 1, 'custom'), fb.scalarI32(c, 2, 1), fb.scalarI32(c, 3, 0)]);
  const gelu = raw.find((r) => r[3] === BUILTIN_CODE.GELU)!;
  t.deepEqual(gelu, [127, '', 2, 150]);
  t.deepEqual(
    raw.find((r) => r[3] === 32),
    [32, 'TFLite_Detection_PostProcess', 1, 32],
  );
  t.deepEqual(
    raw.find((r) => r[3] === BUILTIN_CODE.CONV_2D && r[2] === 3),
    [3, '', 3, 3],
  );
  t.deepEqual(
    raw.find((r) => r[3] === 250),
    [127, '', 1, 250],
  );
});

test('quantization min and max are written', (t) => {
  const fb = new CheckedBuffer(bytes);
  const model = fb.table(fb.u32(0), 'model');
  const tensor = fb.tables(fb.tables(model, 2, 'subgraphs')[0]!, 0, 'tensors')[1]!;
  const quant = fb.subTable(tensor, 4, 'quantization')!;
  t.deepEqual(
    [fb.f32Vector(quant, 0, 'min'), fb.f32Vector(quant, 1, 'max')],
    [
      [-1, -2, -3],
      [1, 2, 3],
    ],
  );
});

test('deterministic: equal specs give equal bytes', (t) => {
  t.deepEqual(writeTflite(SPEC), bytes);
  // A deep copy: nothing depends on object identity.
  const copy: TfliteModelSpec = {
    ...(JSON.parse(JSON.stringify({ ...SPEC, tensors: [] })) as TfliteModelSpec),
    tensors: TENSORS.map((x) => ({ ...x, ...(x.data ? { data: x.data.slice() } : {}) })),
  };
  t.deepEqual(writeTflite(copy), bytes);
});

test('defaults: no description gives "", no subgraph name gives "main"', (t) => {
  const m = readTflite(writeTflite({ tensors: [{ name: 'x', dtype: 'int8', shape: [1] }], operators: [], inputs: [0], outputs: [0] }));
  t.is(m.description, '');
  t.is(m.subgraphs[0]!.name, 'main');
});

test('specs the writer cannot express are refused', (t) => {
  const one = (o: Partial<OperatorSpec>, x: Partial<TensorSpec> = {}): Uint8Array =>
    writeTflite({
      tensors: [{ name: 'x', dtype: 'int8', shape: [1], ...x }],
      operators: [{ op: 'ADD', inputs: [0], outputs: [0], ...o }],
      inputs: [0],
      outputs: [0],
    });
  t.throws(() => one({ op: 'NOT_AN_OP' }), { message: /unknown operator NOT_AN_OP/ });
  t.throws(() => one({}, { quantization: { scale: [1], zeroPoint: [0.5] } }), { message: /not an integer/ });
  t.throws(() => one({ options: { type: 'Unknown', typeCode: 0 } }), { message: /not a union tag/ });
});

/**
 * A model as comparable data: constant bytes by content (not as views into different files), and
 * without the file layout details the writer chooses itself (opcode order, file size).
 */
const comparable = (m: TfliteModel): unknown => ({
  ...m,
  byteLength: 0,
  subgraphs: m.subgraphs.map((s) => ({
    ...s,
    tensors: s.tensors.map((x) => ({ ...x, data: x.data ? Buffer.from(x.data).toString('base64') : null })),
    operators: s.operators.map((o) => ({ ...o, opcodeIndex: 0 })),
  })),
});

test('real models: read -> spec -> write -> read gives the same model', (t) => {
  const paths = sharedModelPaths();
  if (paths.length === 0) return t.pass('no shared data outside CI');
  t.true(paths.length > 9);
  const differ: string[] = [];
  for (const p of paths) {
    const m = readTflite(new Uint8Array(readFileSync(p)));
    const again = readTflite(writeTflite(specFromModel(m)));
    if (!isDeepStrictEqual(comparable(again), comparable(m))) differ.push(basename(p));
  }
  t.deepEqual(differ, []);
});
