/*
 * The elementwise lowerings beyond the goldens (packer/src/ops/elementwise.ts): the tables' values at
 * points worked out by hand from the op's definition, quantizations the goldens do not use (RELU6
 * requantizing, negative LEAKY_RELU alpha), QUANTIZE's rounding and saturation, and the refusals,
 * each naming the op.
 */
import test from 'ava';
import { PackError, type PackErrorCode } from '../../packer/src/errors.js';
import { packTflite } from '../../packer/src/pack.js';
import {
  hardSwishTable,
  leakyReluTable,
  logisticTable,
  reluTable,
  requantizeTable,
  tanhTable,
} from '../../packer/src/quant/activation_tables.js';
import type { TfliteOptions } from '../../packer/src/tflite/options.js';
import type { TfliteDtype } from '../../packer/src/tflite/schema.js';
import { writeTflite } from '../../packer/src/tflite/writer.js';
import { createInterpreter } from '../../runtime/src/interpreter.js';
import { refKernels } from '../../runtime/src/kernels/ref/index.js';
import { openModel } from '../../runtime/src/model.js';

type Q = readonly [number, number];

/** A one-op model x -> y of `n` elements. */
function unary(
  op: string,
  inDtype: TfliteDtype,
  inQ: Q | null,
  outDtype: TfliteDtype,
  outQ: Q | null,
  options?: TfliteOptions,
): Uint8Array {
  const q = (p: Q | null) => (p ? { quantization: { scale: [p[0]], zeroPoint: [p[1]] } } : {});
  return writeTflite({
    tensors: [
      { name: 'x', dtype: inDtype, shape: [1, 8], ...q(inQ) },
      { name: 'y', dtype: outDtype, shape: [1, 8], ...q(outQ) },
    ],
    operators: [{ op, inputs: [0], outputs: [1], ...(options ? { options } : {}) }],
    inputs: [0],
    outputs: [1],
  });
}

function run(tflite: Uint8Array, fill: (v: Int8Array | Float32Array) => void): number[] {
  const interp = createInterpreter(openModel(packTflite(tflite).mfb), { kernels: [refKernels] });
  fill(interp.input(0) as Int8Array | Float32Array);
  interp.invoke();
  return Array.from(interp.output(0) as Int8Array);
}

/** Table entry for the int8 value x. */
const at = (t: Int8Array, x: number): number => t[x & 255] as number;

test('LOGISTIC and TANH tables: 0 maps to the middle, the ends saturate, points in between as the float function rounds', (t) => {
  const lg = logisticTable({ scale: 0.05, zeroPoint: 0 });
  t.is(at(lg, 0), 0); // 0.5 on scale 1/256, zero point -128
  t.is(at(lg, 127), 127); // sigmoid(6.35) = 0.9983 -> 255.6 -> clamped
  t.is(at(lg, -128), -128 + 0); // sigmoid(-6.4) = 0.0017 -> 0.4 -> 0
  t.is(at(lg, 20), Math.round(256 / (1 + Math.exp(-1))) - 128); // sigmoid(1) = 0.7311 -> 187
  const th = tanhTable({ scale: 0.03, zeroPoint: 0 });
  t.is(at(th, 0), 0);
  t.is(at(th, 20), Math.round(128 * Math.tanh(0.6))); // 68.8 -> 69
  t.is(at(th, -20), -69);
  t.deepEqual([at(th, 127), at(th, -128)], [127, -128]); // tanh(3.81) * 128 = 127.9 rounds to 128, clamped to 127
});

test('RELU, RELU6 (requantizing), LEAKY_RELU (negative alpha), HARD_SWISH and QUANTIZE tables at hand-computed points', (t) => {
  const relu6 = reluTable({ scale: 0.05, zeroPoint: 0 }, { scale: 0.1, zeroPoint: -128 }, 6);
  t.deepEqual([at(relu6, -5), at(relu6, 0), at(relu6, 40), at(relu6, 127)], [-128, -128, -108, -68]);
  const relu = reluTable({ scale: 0.04, zeroPoint: 20 }, { scale: 0.04, zeroPoint: 20 }, Infinity);
  t.deepEqual([at(relu, -128), at(relu, 19), at(relu, 20), at(relu, 127)], [20, 20, 20, 127]);
  const leaky = leakyReluTable({ scale: 0.1, zeroPoint: 0 }, { scale: 0.1, zeroPoint: 0 }, -0.5);
  t.deepEqual([at(leaky, -10), at(leaky, -128), at(leaky, 10)], [5, 64, 10]);
  const hs = hardSwishTable({ scale: 0.05, zeroPoint: 0 }, { scale: 0.05, zeroPoint: 0 });
  // x = 1.0: 1 * (1 + 3) / 6 = 0.667 -> 13.3; x = 4.0 (>= 3): x; x = -4.0 (<= -3): 0.
  t.deepEqual([at(hs, 20), at(hs, 80), at(hs, -80), at(hs, 0)], [13, 80, 0, 0]);
  const rq = requantizeTable({ scale: 0.05, zeroPoint: 3 }, { scale: 0.1, zeroPoint: -20 });
  t.deepEqual([at(rq, 3), at(rq, 4), at(rq, 5), at(rq, 127), at(rq, -128)], [-20, -19, -19, 42, -85]);
});

test('QUANTIZE float32 -> int8 rounds half away from zero in float32 and saturates; NaN gives the zero point', (t) => {
  const out = run(unary('QUANTIZE', 'float32', null, 'int8', [0.5, -10]), (v) =>
    (v as Float32Array).set([0.25, -0.25, 0.75, -0.75, 1000, -1000, NaN, Infinity]),
  );
  t.deepEqual(out, [-9, -11, -8, -12, 127, -128, -10, 127]);
});

test('DEQUANTIZE is exact: float32 (x - zero point) * scale', (t) => {
  const tflite = unary('DEQUANTIZE', 'int8', [0.1, 5], 'float32', null);
  const interp = createInterpreter(openModel(packTflite(tflite).mfb), { kernels: [refKernels] });
  (interp.input(0) as Int8Array).set([5, 6, -128, 127, 0, 4, 15, -5]);
  interp.invoke();
  const want = [0, 1, -133, 122, -5, -1, 10, -10].map((k) => Math.fround(Math.fround(0.1) * k));
  t.deepEqual(Array.from(interp.output(0) as Float32Array), want);
});

function refusal(t: import('ava').ExecutionContext, tflite: Uint8Array, code: PackErrorCode, message: RegExp): void {
  const e = t.throws(() => packTflite(tflite), { instanceOf: PackError });
  t.is(e?.code, code);
  t.regex(e?.message ?? '', message);
}

test('refusals name the op and what is supported', (t) => {
  refusal(
    t,
    unary('LOGISTIC', 'int8', [0.05, 0], 'int8', [1 / 256, 0]),
    'UNSUPPORTED_PARAMS',
    /^op 0 \(LOGISTIC\): output must have scale 0\.00390625 and zero point -128/,
  );
  refusal(
    t,
    unary('TANH', 'int8', [0.05, 0], 'int8', [1 / 256, -128]),
    'UNSUPPORTED_PARAMS',
    /^op 0 \(TANH\): output must have scale 0\.0078125 and zero point 0/,
  );
  refusal(
    t,
    unary('RELU', 'int16', [0.05, 0], 'int16', [0.05, 0]),
    'UNSUPPORTED_DTYPE',
    /^op 0 \(RELU\): int16 -> int16 is not supported.*supported: int8 -> int8/,
  );
  refusal(t, unary('DEQUANTIZE', 'int16', [0.05, 0], 'float32', null), 'UNSUPPORTED_DTYPE', /^op 0 \(DEQUANTIZE\): int16 -> float32/);
  refusal(t, unary('QUANTIZE', 'float32', null, 'int16', [0.05, 0]), 'UNSUPPORTED_DTYPE', /supported: float32 -> int8/);
  // A requantization no Q31 multiplier holds: named with the op (the quantization helpers do not know it).
  refusal(
    t,
    unary('QUANTIZE', 'int8', [1e6, 0], 'int8', [1e-6, 0]),
    'UNSUPPORTED_PARAMS',
    /^op 0 \(QUANTIZE\): QUANTIZE rescale: effective scale/,
  );
  refusal(
    t,
    unary('LOGISTIC', 'int8', [100, 0], 'int8', [1 / 256, -128]),
    'UNSUPPORTED_PARAMS',
    /^op 0 \(LOGISTIC\): LOGISTIC: input scale 100/,
  );
});
