/*
 * The data-movement lowerings (packer/src/ops/copy.ts and the ops on it) beyond the int8 goldens:
 * float32, int16 and int32 tensors, parameters the goldens do not reach (negative strides and axes,
 * masks, -1 sizes, align_corners, block size 3, ranks 5 and 6), aliases for no-op moves, the refusals,
 * a concatenation whose inputs die one by one (the planner must not reuse them into the output), the
 * runtime's rule on several writers, and gen-c. Expected outputs come from naive index arithmetic here,
 * not from the packer's tables.
 */
import test from 'ava';
import { generateC } from '../../packer/src/gen_c/index.js';
import { PackError, type PackErrorCode } from '../../packer/src/errors.js';
import { loadModelBytes } from '../../packer/src/load.js';
import { nearestSources } from '../../packer/src/ops/resize_nearest_neighbor.js';
import { packTflite } from '../../packer/src/pack.js';
import { ensureXsHost, runXs } from '../../packer/src/run_xs.js';
import type { TfliteOptions } from '../../packer/src/tflite/options.js';
import type { TfliteDtype } from '../../packer/src/tflite/schema.js';
import { writeTflite, type TensorSpec } from '../../packer/src/tflite/writer.js';
import { H, O, OP_RECORD_SIZE, TENSOR_RECORD_SIZE } from '../../runtime/src/format/constants.js';
import { createInterpreter } from '../../runtime/src/interpreter.js';
import { refKernels } from '../../runtime/src/kernels/ref/index.js';
import { MfbError } from '../../runtime/src/errors.js';
import { openModel } from '../../runtime/src/model.js';

type Dtype = 'float32' | 'int8' | 'int16' | 'int32';
const SIZE: Record<Dtype, number> = { float32: 4, int8: 1, int16: 2, int32: 4 };

interface T {
  readonly shape: readonly number[];
  readonly dtype?: Dtype;
  /** Constant values (int32 for index tensors, else of the dtype). */
  readonly values?: readonly number[];
  readonly q?: readonly [number, number];
}

const count = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

function bytesOf(dtype: Dtype, values: readonly number[]): Uint8Array {
  const out = new Uint8Array(values.length * SIZE[dtype]);
  const dv = new DataView(out.buffer);
  values.forEach((v, i) => {
    if (dtype === 'float32') dv.setFloat32(4 * i, v, true);
    else if (dtype === 'int32') dv.setInt32(4 * i, v, true);
    else if (dtype === 'int16') dv.setInt16(2 * i, v, true);
    else dv.setInt8(i, v);
  });
  return out;
}

function valuesOf(dtype: Dtype, bytes: Uint8Array): number[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: bytes.length / SIZE[dtype] }, (_, i) =>
    dtype === 'float32'
      ? dv.getFloat32(4 * i, true)
      : dtype === 'int32'
        ? dv.getInt32(4 * i, true)
        : dtype === 'int16'
          ? dv.getInt16(2 * i, true)
          : dv.getInt8(i),
  );
}

/** A one-operator model: activations first (the model inputs, in order), then constants, then outputs. */
function model(op: string, inputs: readonly T[], outputs: readonly T[], options?: TfliteOptions): Uint8Array {
  const tensors: TensorSpec[] = [];
  const ids = inputs.map((t, i) => {
    const dtype = t.dtype ?? (t.values ? 'int32' : 'float32');
    tensors.push({
      name: `in${i}`,
      dtype: dtype as TfliteDtype,
      shape: t.shape,
      ...(t.values ? { data: bytesOf(dtype, t.values) } : {}),
      ...(t.q ? { quantization: { scale: [t.q[0]], zeroPoint: [t.q[1]] } } : {}),
    });
    return i;
  });
  const outs = outputs.map((t, i) => {
    tensors.push({
      name: `out${i}`,
      dtype: (t.dtype ?? 'float32') as TfliteDtype,
      shape: t.shape,
      ...(t.q ? { quantization: { scale: [t.q[0]], zeroPoint: [t.q[1]] } } : {}),
    });
    return inputs.length + i;
  });
  return writeTflite({
    tensors,
    operators: [{ op, inputs: ids, outputs: outs, ...(options ? { options } : {}) }],
    inputs: ids.filter((i) => !inputs[i]!.values),
    outputs: outs,
  });
}

/** Distinct values for a tensor, small enough for every dtype. */
const data = (n: number, dtype: Dtype): number[] =>
  Array.from({ length: n }, (_, i) => (dtype === 'float32' ? i * 1.25 - 7.5 : ((i * 37 + 11) % 251) - 125));

/** Runs a packed model on Node with the TS kernels; returns each output's values. */
function runNode(mfb: Uint8Array, inputs: readonly Uint8Array[], dtypes: readonly Dtype[]): number[][] {
  const interp = createInterpreter(openModel(mfb), { kernels: [refKernels] });
  inputs.forEach((b, i) => {
    const v = interp.input(i);
    new Uint8Array(v.buffer, v.byteOffset, v.byteLength).set(b);
  });
  interp.invoke();
  return dtypes.map((d, i) => {
    const v = interp.output(i);
    return valuesOf(d, new Uint8Array(v.buffer, v.byteOffset, v.byteLength).slice());
  });
}

/** Multi-index of flat index i in shape. */
function unflat(i: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = i % shape[d]!;
    i = Math.floor(i / shape[d]!);
  }
  return idx;
}
const flat = (idx: readonly number[], shape: readonly number[]): number => idx.reduce((f, x, d) => f * shape[d]! + x, 0);

/** The values of a tensor of `shape` whose element at multi-index idx is f(idx). */
const build = (shape: readonly number[], f: (idx: number[]) => number): number[] =>
  Array.from({ length: count(shape) }, (_, i) => f(unflat(i, shape)));

interface Case {
  readonly name: string;
  readonly tflite: Uint8Array;
  /** Non-constant inputs' values and dtypes. */
  readonly inputs: readonly { values: number[]; dtype: Dtype }[];
  readonly want: readonly { values: number[]; dtype: Dtype }[];
  /** COPY ops the model lowers to (0: an alias). */
  readonly ops: number;
}

function transposeCase(): Case {
  const shape = [2, 3, 1, 4, 5];
  const perm = [4, 0, 3, 1, 2];
  const out = perm.map((p) => shape[p]!);
  const x = data(count(shape), 'float32');
  return {
    name: 'TRANSPOSE float32 rank 5',
    tflite: model('TRANSPOSE', [{ shape }, { shape: [5], values: perm }], [{ shape: out }]),
    inputs: [{ values: x, dtype: 'float32' }],
    want: [
      {
        values: build(out, (o) => {
          const i = new Array<number>(5);
          perm.forEach((p, k) => (i[p] = o[k]!));
          return x[flat(i, shape)]!;
        }),
        dtype: 'float32',
      },
    ],
    ops: 1,
  };
}

function transpose6Case(): Case {
  // Every axis moves, so nothing is contiguous: six index tables and a run of one element.
  const shape = [2, 3, 2, 2, 3, 2];
  const perm = [5, 3, 0, 4, 1, 2];
  const out = perm.map((p) => shape[p]!);
  const x = data(count(shape), 'int8');
  return {
    name: 'TRANSPOSE int8 rank 6',
    tflite: model(
      'TRANSPOSE',
      [
        { shape, dtype: 'int8' },
        { shape: [6], values: perm },
      ],
      [{ shape: out, dtype: 'int8' }],
    ),
    inputs: [{ values: x, dtype: 'int8' }],
    want: [
      {
        values: build(out, (o) => {
          const i = new Array<number>(6);
          perm.forEach((p, k) => (i[p] = o[k]!));
          return x[flat(i, shape)]!;
        }),
        dtype: 'int8',
      },
    ],
    ops: 1,
  };
}

function padCase(dtype: Dtype, v2: number | null): Case {
  const shape = [2, 3, 2];
  const pads = [1, 0, 0, 2, 2, 1];
  const out = shape.map((n, d) => n + pads[2 * d]! + pads[2 * d + 1]!);
  const x = data(count(shape), dtype);
  const inputs: T[] = [
    { shape, dtype },
    { shape: [3, 2], values: pads },
  ];
  if (v2 !== null) inputs.push({ shape: [], dtype, values: [v2] });
  return {
    name: `${v2 === null ? 'PAD' : 'PADV2'} ${dtype}`,
    tflite: model(v2 === null ? 'PAD' : 'PADV2', inputs, [{ shape: out, dtype }]),
    inputs: [{ values: x, dtype }],
    want: [
      {
        values: build(out, (o) => {
          const i = o.map((v, d) => v - pads[2 * d]!);
          return i.every((v, d) => v >= 0 && v < shape[d]!) ? x[flat(i, shape)]! : (v2 ?? 0);
        }),
        dtype,
      },
    ],
    ops: 1,
  };
}

function stridedSliceCase(): Case {
  // Axis 0: shrink at -1 (index 2). Axis 1: begin_mask, stride -2, end -9 clamped to -1: 4, 2, 0.
  // Axis 2: begin -2 (= 1), end_mask: 1, 2. Axis 3: stride 3 over [0, 7): 0, 3, 6.
  const shape = [3, 5, 3, 7];
  const lists = [[2], [4, 2, 0], [1, 2], [0, 3, 6]];
  const out = [3, 2, 3];
  const x = data(count(shape), 'float32');
  const opts: TfliteOptions = {
    type: 'StridedSliceOptions',
    beginMask: 2,
    endMask: 4,
    ellipsisMask: 0,
    newAxisMask: 0,
    shrinkAxisMask: 1,
    offset: false,
  };
  return {
    name: 'STRIDED_SLICE float32: negative begin and stride, masks, shrink',
    tflite: model(
      'STRIDED_SLICE',
      [{ shape }, { shape: [4], values: [-1, 0, -2, 0] }, { shape: [4], values: [0, -9, 1, 7] }, { shape: [4], values: [1, -2, 1, 3] }],
      [{ shape: out }],
      opts,
    ),
    inputs: [{ values: x, dtype: 'float32' }],
    want: [{ values: build(out, (o) => x[flat([2, lists[1]![o[0]!]!, lists[2]![o[1]!]!, lists[3]![o[2]!]!], shape)]!), dtype: 'float32' }],
    ops: 1,
  };
}

function sliceCase(): Case {
  const shape = [4, 6];
  const x = data(24, 'int32');
  return {
    name: 'SLICE int32, size -1',
    tflite: model(
      'SLICE',
      [
        { shape, dtype: 'int32' },
        { shape: [2], values: [1, 2] },
        { shape: [2], values: [2, -1] },
      ],
      [{ shape: [2, 4], dtype: 'int32' }],
    ),
    inputs: [{ values: x, dtype: 'int32' }],
    want: [{ values: build([2, 4], (o) => x[(o[0]! + 1) * 6 + o[1]! + 2]!), dtype: 'int32' }],
    ops: 1,
  };
}

function splitVCase(): Case {
  const shape = [2, 7, 3];
  const x = data(count(shape), 'float32');
  const sizes = [2, 4, 1];
  const starts = [0, 2, 6];
  return {
    name: 'SPLIT_V float32, axis -2, a -1 size',
    tflite: model(
      'SPLIT_V',
      [{ shape }, { shape: [3], values: [2, -1, 1] }, { shape: [], values: [-2] }],
      sizes.map((s) => ({ shape: [2, s, 3] })),
    ),
    inputs: [{ values: x, dtype: 'float32' }],
    want: sizes.map((s, j) => ({
      values: build([2, s, 3], (o) => x[flat([o[0]!, o[1]! + starts[j]!, o[2]!], shape)]!),
      dtype: 'float32' as Dtype,
    })),
    ops: 3,
  };
}

function concatCase(): Case {
  const shapes = [
    [2, 3, 1],
    [2, 3, 4],
    [2, 3, 2],
  ];
  const xs = shapes.map((s, j) => data(count(s), 'float32').map((v) => v + 100 * j));
  const out = [2, 3, 7];
  const starts = [0, 1, 5];
  return {
    name: 'CONCATENATION float32, 3 inputs, axis -1',
    tflite: model(
      'CONCATENATION',
      shapes.map((shape) => ({ shape })),
      [{ shape: out }],
      { type: 'ConcatenationOptions', axis: -1, fusedActivation: 'NONE' },
    ),
    inputs: xs.map((values) => ({ values, dtype: 'float32' as Dtype })),
    want: [
      {
        values: build(out, (o) => {
          const j = o[2]! >= starts[2]! ? 2 : o[2]! >= starts[1]! ? 1 : 0;
          return xs[j]![flat([o[0]!, o[1]!, o[2]! - starts[j]!], shapes[j]!)]!;
        }),
        dtype: 'float32',
      },
    ],
    ops: 3,
  };
}

function packCase(): Case {
  const shape = [3, 2];
  const xs = [0, 1, 2, 3].map((j) => data(6, 'int16').map((v) => v + 1000 * j));
  return {
    name: 'PACK int16, 4 inputs, axis -1',
    tflite: model(
      'PACK',
      xs.map(() => ({ shape, dtype: 'int16' as Dtype })),
      [{ shape: [3, 2, 4], dtype: 'int16' }],
      { type: 'PackOptions', valuesCount: 4, axis: -1 },
    ),
    inputs: xs.map((values) => ({ values, dtype: 'int16' as Dtype })),
    want: [{ values: build([3, 2, 4], (o) => xs[o[2]!]![o[0]! * 2 + o[1]!]!), dtype: 'int16' }],
    ops: 4,
  };
}

function unpackCase(): Case {
  const shape = [2, 3, 4];
  const x = data(24, 'int16');
  return {
    name: 'UNPACK int16, axis -1',
    tflite: model(
      'UNPACK',
      [{ shape, dtype: 'int16' }],
      [0, 1, 2, 3].map(() => ({ shape: [2, 3], dtype: 'int16' as Dtype })),
      { type: 'UnpackOptions', num: 4, axis: -1 },
    ),
    inputs: [{ values: x, dtype: 'int16' }],
    want: [0, 1, 2, 3].map((j) => ({ values: build([2, 3], (o) => x[flat([o[0]!, o[1]!, j], shape)]!), dtype: 'int16' as Dtype })),
    ops: 4,
  };
}

function spaceDepthCases(): Case[] {
  const b = 3;
  const [n, h, w, c] = [2, 6, 6, 2];
  const x = data(n * h * w * c, 'float32');
  const s2dOut = [n, h / b, w / b, c * b * b];
  const y = data(count(s2dOut), 'float32');
  return [
    {
      name: 'SPACE_TO_DEPTH float32, block 3',
      tflite: model('SPACE_TO_DEPTH', [{ shape: [n, h, w, c] }], [{ shape: s2dOut }], { type: 'SpaceToDepthOptions', blockSize: b }),
      inputs: [{ values: x, dtype: 'float32' }],
      want: [
        {
          values: build(s2dOut, ([on, oh, ow, od]) => {
            const [bhw, ic] = [Math.floor(od! / c), od! % c];
            return x[flat([on!, oh! * b + Math.floor(bhw / b), ow! * b + (bhw % b), ic], [n, h, w, c])]!;
          }),
          dtype: 'float32',
        },
      ],
      ops: 1,
    },
    {
      name: 'DEPTH_TO_SPACE float32, block 3',
      tflite: model('DEPTH_TO_SPACE', [{ shape: s2dOut }], [{ shape: [n, h, w, c] }], { type: 'DepthToSpaceOptions', blockSize: b }),
      inputs: [{ values: y, dtype: 'float32' }],
      want: [
        {
          values: build([n, h, w, c], ([on, oh, ow, od]) => {
            const id = od! + ((oh! % b) * b + (ow! % b)) * c;
            return y[flat([on!, Math.floor(oh! / b), Math.floor(ow! / b), id], s2dOut)]!;
          }),
          dtype: 'float32',
        },
      ],
      ops: 1,
    },
  ];
}

function resizeCase(): Case {
  const x = data(1 * 3 * 2 * 2, 'float32');
  // align_corners, 3 -> 5 rows (scale 0.5: 0, 0.5, 1, 1.5, 2 round half away from zero) and 2 -> 3 columns (0, 0.5, 1).
  const rows = [0, 1, 1, 2, 2];
  const cols = [0, 1, 1];
  return {
    name: 'RESIZE_NEAREST_NEIGHBOR float32, align_corners',
    tflite: model('RESIZE_NEAREST_NEIGHBOR', [{ shape: [1, 3, 2, 2] }, { shape: [2], values: [5, 3] }], [{ shape: [1, 5, 3, 2] }], {
      type: 'ResizeNearestNeighborOptions',
      alignCorners: true,
      halfPixelCenters: false,
    }),
    inputs: [{ values: x, dtype: 'float32' }],
    want: [{ values: build([1, 5, 3, 2], ([, y, xx, ch]) => x[flat([0, rows[y!]!, cols[xx!]!, ch!], [1, 3, 2, 2])]!), dtype: 'float32' }],
    ops: 1,
  };
}

const CASES: readonly Case[] = [
  transposeCase(),
  transpose6Case(),
  padCase('float32', null),
  padCase('float32', -1.5),
  padCase('int16', -300),
  padCase('int32', 70000),
  stridedSliceCase(),
  sliceCase(),
  splitVCase(),
  concatCase(),
  packCase(),
  unpackCase(),
  ...spaceDepthCases(),
  resizeCase(),
];

for (const c of CASES) {
  test(`${c.name}: the expected values on Node and in XS (COPY in C)`, (t) => {
    const mfb = packTflite(c.tflite).mfb;
    const m = openModel(mfb);
    t.is(m.ops.length, c.ops);
    t.true(m.ops.every((op) => op.spec.name === 'COPY'));
    const inputs = c.inputs.map((i) => bytesOf(i.dtype, i.values));
    const node = runNode(
      mfb,
      inputs,
      c.want.map((w) => w.dtype),
    );
    c.want.forEach((w, i) => t.deepEqual(node[i], w.values, `output ${i} on Node`));
    ensureXsHost('release');
    const xs = runXs(loadModelBytes(c.name, mfb), inputs);
    t.deepEqual(
      xs.report.kernels,
      m.ops.map(() => 'native'),
    );
    c.want.forEach((w, i) => t.deepEqual(valuesOf(w.dtype, xs.outputs[i]!), w.values, `output ${i} in XS`));
  });
}

test('nearest-neighbour sources follow TFLM in float32', (t) => {
  // 4 -> 6 with half-pixel centres: (dst + 0.5) * 0.6666667f, floored; 4.5 * 0.6666667f rounds to 3 in float32.
  t.deepEqual(nearestSources(4, 6, false, true), [0, 1, 1, 2, 3, 3]);
  t.deepEqual(nearestSources(5, 7, false, false), [0, 0, 1, 2, 2, 3, 4]);
  t.deepEqual(nearestSources(3, 5, true, false), [0, 1, 1, 2, 2]);
  t.deepEqual(nearestSources(4, 2, true, true), [2, 3], 'round(1.5) = 2, round(4.5) = 5 clamped to 3');
  t.deepEqual(nearestSources(3, 1, true, false), [0], 'one output: align_corners falls back to in / out');
});

test('moves that move nothing are aliases: no op, no copy', (t) => {
  const shape = [2, 3, 4];
  const identity = model('TRANSPOSE', [{ shape }, { shape: [3], values: [0, 1, 2] }], [{ shape }]);
  t.is(packTflite(identity).graph.ops.length, 0);
  const oneWay = model('SPLIT', [{ shape: [], values: [1] }, { shape }], [{ shape }], { type: 'SplitOptions', numSplits: 1 });
  t.is(packTflite(oneWay).graph.ops.length, 0);
  const all: TfliteOptions = {
    type: 'StridedSliceOptions',
    beginMask: 7,
    endMask: 7,
    ellipsisMask: 0,
    newAxisMask: 0,
    shrinkAxisMask: 0,
    offset: false,
  };
  const everything = model(
    'STRIDED_SLICE',
    [{ shape }, { shape: [3], values: [1, 1, 1] }, { shape: [3], values: [0, 0, 0] }, { shape: [3], values: [1, 1, 1] }],
    [{ shape }],
    all,
  );
  t.is(packTflite(everything).graph.ops.length, 0);
  // A size-1 leading axis moved elsewhere leaves the bytes in place too.
  const squeezeLike = model('TRANSPOSE', [{ shape: [1, 6, 4] }, { shape: [3], values: [1, 0, 2] }], [{ shape: [6, 1, 4] }]);
  t.is(packTflite(squeezeLike).graph.ops.length, 0);
});

test('contiguous innermost axes become one run, and the table holds one entry per remaining index', (t) => {
  // NHWC -> NWHC over [1, 4, 5, 3]: the channel run of 3 stays contiguous; rows and columns are tables.
  const g = packTflite(
    model('TRANSPOSE', [{ shape: [1, 4, 5, 3] }, { shape: [4], values: [0, 2, 1, 3] }], [{ shape: [1, 5, 4, 3] }]),
  ).graph;
  const [op] = g.ops;
  t.deepEqual(op?.params.slice(2, 16), [3, 0, 1, 1, 1, 1, 5, 4, 0, 0, 0, 0, 12, 3]);
  t.is(g.tensors[op!.operands[1]!]!.shape[0], 1 + 1 + 1 + 1 + 5 + 4);
});

const refusals: readonly [string, () => Uint8Array, PackErrorCode, RegExp][] = [
  [
    'STRIDED_SLICE with an ellipsis mask',
    () =>
      model(
        'STRIDED_SLICE',
        [{ shape: [4] }, { shape: [1], values: [0] }, { shape: [1], values: [2] }, { shape: [1], values: [1] }],
        [{ shape: [2] }],
        {
          type: 'StridedSliceOptions',
          beginMask: 0,
          endMask: 0,
          ellipsisMask: 1,
          newAxisMask: 0,
          shrinkAxisMask: 0,
          offset: false,
        },
      ),
    'UNSUPPORTED_PARAMS',
    /ellipsis_mask, new_axis_mask and offset are not supported.*; supported: begin_mask/,
  ],
  [
    'STRIDED_SLICE with a zero stride',
    () =>
      model(
        'STRIDED_SLICE',
        [{ shape: [4] }, { shape: [1], values: [0] }, { shape: [1], values: [2] }, { shape: [1], values: [0] }],
        [{ shape: [2] }],
        {
          type: 'StridedSliceOptions',
          beginMask: 0,
          endMask: 0,
          ellipsisMask: 0,
          newAxisMask: 0,
          shrinkAxisMask: 0,
          offset: false,
        },
      ),
    'UNSUPPORTED_PARAMS',
    /strides\[0\] is 0/,
  ],
  [
    'STRIDED_SLICE selecting nothing',
    () =>
      model(
        'STRIDED_SLICE',
        [{ shape: [4] }, { shape: [1], values: [3] }, { shape: [1], values: [1] }, { shape: [1], values: [1] }],
        [{ shape: [1] }],
        {
          type: 'StridedSliceOptions',
          beginMask: 0,
          endMask: 0,
          ellipsisMask: 0,
          newAxisMask: 0,
          shrinkAxisMask: 0,
          offset: false,
        },
      ),
    'UNSUPPORTED_PARAMS',
    /axis 0 selects no elements/,
  ],
  [
    'TRANSPOSE with a repeated axis',
    () => model('TRANSPOSE', [{ shape: [2, 2] }, { shape: [2], values: [0, 0] }], [{ shape: [2, 2] }]),
    'UNSUPPORTED_PARAMS',
    /is not a permutation/,
  ],
  [
    'TRANSPOSE with a computed perm',
    () => model('TRANSPOSE', [{ shape: [2, 3] }, { shape: [2], dtype: 'int32' }], [{ shape: [3, 2] }]),
    'UNSUPPORTED_PARAMS',
    /perm must be a constant tensor/,
  ],
  [
    'PAD with negative paddings',
    () => model('PAD', [{ shape: [4] }, { shape: [1, 2], values: [-1, 1] }], [{ shape: [4] }]),
    'UNSUPPORTED_PARAMS',
    /must not be negative/,
  ],
  [
    'PAD of uint8',
    () =>
      model(
        'PAD',
        [
          { shape: [4], dtype: 'uint8' as Dtype },
          { shape: [1, 2], values: [1, 1] },
        ],
        [{ shape: [6], dtype: 'uint8' as Dtype }],
      ),
    'UNSUPPORTED_DTYPE',
    /input is uint8 .*; supported: int8, int16, int32, float32/,
  ],
  [
    'PADV2 whose int8 constant is in another quantization',
    () =>
      model(
        'PADV2',
        [
          { shape: [4], dtype: 'int8', q: [0.1, 0] },
          { shape: [1, 2], values: [1, 1] },
          { shape: [], dtype: 'int8', values: [5], q: [0.2, 0] },
        ],
        [{ shape: [6], dtype: 'int8', q: [0.1, 0] }],
      ),
    'UNSUPPORTED_PARAMS',
    /constant value's scale and zero point must equal the output's/,
  ],
  [
    'CONCATENATION of int8 inputs in different quantizations',
    () =>
      model(
        'CONCATENATION',
        [
          { shape: [1, 2], dtype: 'int8', q: [0.1, 0] },
          { shape: [1, 2], dtype: 'int8', q: [0.1, 3] },
        ],
        [{ shape: [1, 4], dtype: 'int8', q: [0.1, 0] }],
        { type: 'ConcatenationOptions', axis: 1, fusedActivation: 'NONE' },
      ),
    'UNSUPPORTED_PARAMS',
    /every int8 input needs the output's scale and zero point/,
  ],
  [
    'CONCATENATION with a fused RELU',
    () =>
      model('CONCATENATION', [{ shape: [2] }, { shape: [2] }], [{ shape: [4] }], {
        type: 'ConcatenationOptions',
        axis: 0,
        fusedActivation: 'RELU',
      }),
    'UNSUPPORTED_PARAMS',
    /fused activation RELU is not supported.*supported: NONE/,
  ],
  [
    'CONCATENATION mixing dtypes',
    () =>
      model('CONCATENATION', [{ shape: [2] }, { shape: [2], dtype: 'int32' }], [{ shape: [4] }], {
        type: 'ConcatenationOptions',
        axis: 0,
        fusedActivation: 'NONE',
      }),
    'UNSUPPORTED_DTYPE',
    /int32 does not match the input's float32/,
  ],
  [
    'SPLIT into unequal parts',
    () =>
      model('SPLIT', [{ shape: [], values: [0] }, { shape: [5] }], [{ shape: [2] }, { shape: [3] }], {
        type: 'SplitOptions',
        numSplits: 2,
      }),
    'UNSUPPORTED_PARAMS',
    /does not split into 2 equal parts/,
  ],
  [
    'SPLIT on an axis out of range',
    () =>
      model('SPLIT', [{ shape: [], values: [2] }, { shape: [4, 2] }], [{ shape: [2, 2] }, { shape: [2, 2] }], {
        type: 'SplitOptions',
        numSplits: 2,
      }),
    'UNSUPPORTED_PARAMS',
    /axis 2 is outside \[-2, 2\)/,
  ],
  [
    'SPACE_TO_DEPTH of a height that is no multiple of the block',
    () => model('SPACE_TO_DEPTH', [{ shape: [1, 3, 4, 1] }], [{ shape: [1, 1, 2, 4] }], { type: 'SpaceToDepthOptions', blockSize: 2 }),
    'UNSUPPORTED_PARAMS',
    /must be multiples of block_size 2/,
  ],
  [
    'RESIZE_NEAREST_NEIGHBOR of a 3-D input',
    () => model('RESIZE_NEAREST_NEIGHBOR', [{ shape: [2, 2, 1] }, { shape: [2], values: [4, 4] }], [{ shape: [4, 4, 1] }]),
    'UNSUPPORTED_PARAMS',
    /input must have rank 4/,
  ],
];

for (const [name, make, code, message] of refusals) {
  test(`refused at pack time: ${name}`, (t) => {
    const e = t.throws(() => packTflite(make()), { instanceOf: PackError });
    t.is(e?.code, code);
    t.regex(e?.message ?? '', /^op 0 \([A-Z_0-9]+\): /);
    t.regex(e?.message ?? '', message);
  });
}

/** x -> three PADs -> CONCATENATION: each padded input dies at its own COPY, while the output lives on. */
function padsThenConcat(): Uint8Array {
  const q = { scale: [0.1], zeroPoint: [0] };
  const tensors: TensorSpec[] = [
    { name: 'x', dtype: 'int8', shape: [1, 4], quantization: q },
    { name: 'p', dtype: 'int32', shape: [2, 2], data: bytesOf('int32', [0, 0, 2, 2]) },
    ...[0, 1, 2].map((i) => ({ name: `a${i}`, dtype: 'int8' as TfliteDtype, shape: [1, 8], quantization: q })),
    { name: 'y', dtype: 'int8', shape: [3, 8], quantization: q },
  ];
  return writeTflite({
    tensors,
    operators: [
      ...[2, 3, 4].map((o) => ({ op: 'PAD', inputs: [0, 1], outputs: [o] })),
      {
        op: 'CONCATENATION',
        inputs: [2, 3, 4],
        outputs: [5],
        options: { type: 'ConcatenationOptions', axis: 0, fusedActivation: 'NONE' } as TfliteOptions,
      },
    ],
    inputs: [0],
    outputs: [5],
  });
}

test('an output assembled by several COPYs is live from the first: no input it reads later shares its bytes', (t) => {
  const packed = packTflite(padsThenConcat());
  const { graph, plan } = packed;
  t.deepEqual(
    graph.ops.map((op) => op.spec.name),
    ['COPY', 'COPY', 'COPY', 'COPY', 'COPY', 'COPY'],
  );
  const at = new Map(plan.buffers.map((b) => [b.id, b]));
  const y = at.get(graph.outputs[0]!)!;
  t.is(y.first, 3, 'the output is live from its first writer');
  for (const b of plan.buffers) {
    if (b.id === y.id || b.last < y.first) continue;
    t.true(b.offset + b.size <= y.offset || y.offset + y.size <= b.offset, `buffer ${b.id} overlaps the output while live`);
  }
  const x = Int8Array.from([1, -2, 3, -4]);
  const [got] = runNode(packed.mfb, [new Uint8Array(x.buffer)], ['int8']);
  t.deepEqual(got, [0, 0, 1, -2, 3, -4, 0, 0, 0, 0, 1, -2, 3, -4, 0, 0, 0, 0, 1, -2, 3, -4, 0, 0]);
});

test('openModel refuses a tensor written by ops that are not consecutive', (t) => {
  const mfb = packTflite(padsThenConcat()).mfb.slice();
  const m = openModel(mfb);
  t.is(m.ops[3]!.outputs[0], m.ops[5]!.outputs[0], 'ops 3 to 5 write the concatenation');
  // Point op 4's output at op 2's (a padded input): op 2 and op 4 are not neighbours.
  const dv = new DataView(mfb.buffer, mfb.byteOffset);
  const ops = dv.getUint32(H.TABLES_OFFSET, true) + dv.getUint16(H.TENSOR_COUNT, true) * TENSOR_RECORD_SIZE;
  const operands = dv.getUint32(ops + 4 * OP_RECORD_SIZE + O.OPERANDS_OFFSET, true);
  dv.setUint16(operands + 2 * 2, m.ops[2]!.outputs[0]!, true);
  const e = t.throws(() => openModel(mfb, { verify: false }), { instanceOf: MfbError });
  t.is(e?.code, 'MFB_BAD_OP');
  t.true(
    e?.message.startsWith(`op 4 (COPY): tensor ${m.ops[2]!.outputs[0]} is written by op 2 too, and the writers are not consecutive`),
    e?.message,
  );
});

test('gen-c: a concatenation is one mf_copy per input into the same arena block; float models stay out', (t) => {
  const c = generateC(packTflite(padsThenConcat()), { name: 'm', mcu: 'atmega328p' });
  const calls = [...c.source.matchAll(/mf_copy\(&m_p(\d+), ([^,]+), (m_c\d+), ([^)]+)\);/g)];
  t.is(calls.length, 6);
  t.is(new Set(calls.slice(3).map((k) => k[4])).size, 1, 'the three writers share the output pointer');
  t.regex(c.source, /static const MF_FLASH int32_t m_c\d+\[\d+\] = \{/);
  t.regex(c.source, /\.dim\[5\] = \d+/);
  const float = model('TRANSPOSE', [{ shape: [2, 3] }, { shape: [2], values: [1, 0] }], [{ shape: [3, 2] }]);
  const e = t.throws(() => generateC(packTflite(float), { name: 'f', mcu: 'host' }), { instanceOf: PackError });
  t.is(e?.code, 'UNSUPPORTED_DTYPE');
});

test('STRIDED_SLICE and CONCATENATION without an options table take TFLite defaults (masks 0; axis 0)', (t) => {
  const slice = model(
    'STRIDED_SLICE',
    [{ shape: [5] }, { shape: [1], values: [1] }, { shape: [1], values: [4] }, { shape: [1], values: [2] }],
    [{ shape: [2] }],
  );
  const x = [0.5, 1.5, 2.5, 3.5, 4.5];
  t.deepEqual(runNode(packTflite(slice).mfb, [bytesOf('float32', x)], ['float32'])[0], [1.5, 3.5]);
  const concat = model('CONCATENATION', [{ shape: [1, 2] }, { shape: [2, 2] }], [{ shape: [3, 2] }]);
  const ins = [bytesOf('float32', [1, 2]), bytesOf('float32', [3, 4, 5, 6])];
  t.deepEqual(runNode(packTflite(concat).mfb, ins, ['float32'])[0], [1, 2, 3, 4, 5, 6]);
});
