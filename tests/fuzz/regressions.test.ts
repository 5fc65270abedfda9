/*
 * Regression tests for what fuzzing found, each on a minimal hand-made input. Before the fixes these
 * packed "successfully" into files the runtime then refused (or, for the last, read past an int32 in C).
 */
import test from 'ava';
import { PackError } from '../../packer/src/errors.js';
import { packTflite } from '../../packer/src/pack.js';
import { writeTflite, type TensorSpec } from '../../packer/src/tflite/writer.js';
import { MfbError } from '../../runtime/src/errors.js';
import { openModel } from '../../runtime/src/model.js';
import { OPS } from '../../runtime/src/format/ops.js';
import { OP_CHECKS } from '../../runtime/src/format/op_checks.js';

const fcOptions = {
  type: 'FullyConnectedOptions' as const,
  fusedActivation: 'NONE' as const,
  weightsFormat: 'DEFAULT' as const,
  keepNumDims: false,
  asymmetricQuantizeInputs: false,
};

function fcModel(weightScale: number, outScale: number, inScale = 0.5): Uint8Array {
  const tensors: TensorSpec[] = [
    { name: 'x', dtype: 'int8', shape: [1, 2], quantization: { scale: [inScale], zeroPoint: [0] } },
    { name: 'w', dtype: 'int8', shape: [1, 2], data: new Uint8Array([1, 2]), quantization: { scale: [weightScale], zeroPoint: [0] } },
    { name: 'y', dtype: 'int8', shape: [1, 1], quantization: { scale: [outScale], zeroPoint: [0] } },
  ];
  return writeTflite({
    tensors,
    operators: [{ op: 'FULLY_CONNECTED', inputs: [0, 1, -1], outputs: [2], options: fcOptions }],
    inputs: [0],
    outputs: [2],
  });
}

test('a NaN quantization scale is refused by the packer, naming the tensor', (t) => {
  for (const [model, tensor] of [
    [fcModel(NaN, 0.1), 'w'],
    [fcModel(0.1, 0.1, NaN), 'x'],
    [fcModel(0.1, NaN), 'y'],
  ] as const) {
    const e = t.throws(() => packTflite(model), { instanceOf: PackError });
    t.is(e?.code, 'BAD_MODEL');
    t.regex(e?.message ?? '', new RegExp(`scale NaN is not a (finite non-negative|positive finite) number \\[tensor "${tensor}"\\]`));
  }
});

test('an effective scale no Q31 multiplier can hold is refused offline', (t) => {
  const e = t.throws(() => packTflite(fcModel(1e30, 1e-30)), { instanceOf: PackError });
  t.is(e?.code, 'UNSUPPORTED_PARAMS');
  t.regex(e?.message ?? '', /is too large: Q31 multiplier shifts are limited to \[-31, 30\]/);
});

test('a constant where the kernel reads an activation is refused by the packer', (t) => {
  const tensors: TensorSpec[] = [
    { name: 'c', dtype: 'float32', shape: [1, 2], data: new Uint8Array(8) },
    { name: 'w', dtype: 'float32', shape: [1, 2], data: new Uint8Array(8) },
    { name: 'y', dtype: 'float32', shape: [1, 1] },
    { name: 'x', dtype: 'float32', shape: [1, 1] },
  ];
  const model = writeTflite({
    tensors,
    operators: [{ op: 'FULLY_CONNECTED', inputs: [0, 1, -1], outputs: [2], options: fcOptions }],
    inputs: [3],
    outputs: [2],
  });
  const e = t.throws(() => packTflite(model), { instanceOf: PackError });
  t.regex(e?.message ?? '', /op 0 \(FULLY_CONNECTED\): input must not be a constant \[tensor "c"\]/);
});

test('conv window geometry whose int32 coordinates could overflow is refused at open', (t) => {
  // in 1x1x1x1, a 65535-tap filter with dilation 65535: valid by the other rules, beyond int32 in C.
  const p = Int32Array.from([1, 1, 1, 1, 1, 1, 1, 65535, 1, 1, 1, 65535, 1, 0, 0, 0, 0, -128, 127, 0]);
  const facts = [1, 65535, 1, 1, 1, 1].map((elements) => ({ elements, elementSize: 1, values: () => 0 }));
  t.is(OP_CHECKS[OPS.CONV_2D_S8.code]!(p, facts), 'window geometry on h is too large');
});

test('the page-table padding must be zero (and is covered by the header CRC)', (t) => {
  const mfb = packTflite(fcModel(0.01, 0.1), { pageSize: 64 }).mfb;
  const dv = new DataView(mfb.buffer);
  const padding = 128 + 4 * dv.getUint32(32, true);
  t.true(padding < dv.getUint32(20, true), 'this file has padding after its page table');
  const b = mfb.slice();
  b[padding] = 1;
  const e = t.throws(() => openModel(b), { instanceOf: MfbError });
  t.is(e?.code, 'MFB_BAD_HEADER');
  t.regex(e?.message ?? '', /padding after the page table must be zero/);
});

test('a bias with the wrong element count is refused (generated C read past it)', (t) => {
  const tensors: TensorSpec[] = [
    { name: 'x', dtype: 'int8', shape: [1, 2], quantization: { scale: [0.5], zeroPoint: [0] } },
    { name: 'w', dtype: 'int8', shape: [3, 2], data: new Uint8Array(6), quantization: { scale: [0.1], zeroPoint: [0] } },
    { name: 'b', dtype: 'int32', shape: [1], data: new Uint8Array(4), quantization: { scale: [0.05], zeroPoint: [0] } },
    { name: 'y', dtype: 'int8', shape: [1, 3], quantization: { scale: [0.1], zeroPoint: [0] } },
  ];
  const model = writeTflite({
    tensors,
    operators: [{ op: 'FULLY_CONNECTED', inputs: [0, 1, 2], outputs: [3], options: fcOptions }],
    inputs: [0],
    outputs: [3],
  });
  const e = t.throws(() => packTflite(model), { instanceOf: PackError });
  t.regex(e?.message ?? '', /op 0 \(FULLY_CONNECTED\): bias must have 3 elements \[tensor "b"\]/);
});

test("a depthwise conv whose SAME padding leaves the format's range is refused at pack time", (t) => {
  const q = (scale: number) => ({ scale: [scale], zeroPoint: [0] });
  const tensors: TensorSpec[] = [
    { name: 'x', dtype: 'int8', shape: [1, 1, 1, 1], quantization: q(0.5) },
    { name: 'f', dtype: 'int8', shape: [1, 1, 8, 1], data: new Uint8Array(8), quantization: q(0.1) },
    { name: 'y', dtype: 'int8', shape: [1, 1, 1, 1], quantization: q(0.1) },
  ];
  const options = {
    type: 'DepthwiseConv2DOptions' as const,
    padding: 'SAME' as const,
    strideW: 1,
    strideH: 1,
    depthMultiplier: 1,
    fusedActivation: 'NONE' as const,
    dilationWFactor: 65535,
    dilationHFactor: 1,
  };
  const model = writeTflite({
    tensors,
    operators: [{ op: 'DEPTHWISE_CONV_2D', inputs: [0, 1, -1], outputs: [2], options }],
    inputs: [0],
    outputs: [2],
  });
  const e = t.throws(() => packTflite(model), { instanceOf: PackError });
  t.is(e?.code, 'UNSUPPORTED_PARAMS');
  t.regex(e?.message ?? '', /^op 0 \(DEPTHWISE_CONV_2D\): pad_w = 229372 is outside \[0, 65535\]/);
});
