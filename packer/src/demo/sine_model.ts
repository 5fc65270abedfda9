/*
 * mflow's own example model, made here with no download: a 1 -> 16 -> 16 -> 1 MLP (ReLU) fitted to
 * sin(x) on [0, 2*pi] with full-batch Adam from a fixed seed, then quantized to int8 the way TFLite's
 * converter quantizes the hello_world model. Tensor names, order, shapes, options and op versions
 * follow the converter's hello_world_int8.tflite, so tools treat both alike; one deliberate
 * difference: weights are per-channel (one scale per output row), which newer converters emit and
 * which exercises the per-channel paths, where hello_world_int8 has a single weight scale.
 * Deterministic: the same bytes on every run and machine.
 */
import { writeTflite, type TensorSpec } from '../tflite/writer.js';
import { forwardInto, initMlp, predict, trainAdam, type Dense } from './mlp.js';
import { mulberry32 } from './prng.js';
import { asymmetricInt8, int32Bias, symmetricPerChannelInt8, type QuantParams } from './quantize.js';

const WIDTHS = [1, 16, 16, 1];
const X_MIN = 0;
const X_MAX = 2 * Math.PI;
const SEED = 20261122;
const SAMPLES = 64;
/** Enough for a max error of about 0.03 on [0, 2*pi] in well under a second. */
const ADAM = { epochs: 3000, lr: 0.01, finalLr: 0.0005, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
/** Calibration points (the converter's representative dataset): a grid over the training range. */
const CALIBRATION_POINTS = 1001;
/** TFLite's version for an int8 FULLY_CONNECTED, as in hello_world_int8.tflite. */
const FC_INT8_VERSION = 4;

const grid = (n: number): number[] => Array.from({ length: n }, (_, i) => X_MIN + ((X_MAX - X_MIN) * i) / (n - 1));

function train(): Dense[] {
  const net = initMlp(WIDTHS, mulberry32(SEED), [X_MIN, X_MAX]);
  const xs = grid(SAMPLES).map((x) => Float64Array.of(x));
  // Math.sin is not required to be correctly rounded, but V8 computes it with the same fdlibm code
  // on every platform, so the targets (and the bytes) do not depend on the machine.
  trainAdam(
    net,
    xs,
    xs.map((x) => Float64Array.of(Math.sin(x[0] as number))),
    ADAM,
  );
  return net;
}

let trained: Dense[] | null = null;
const network = (): Dense[] => (trained ??= train());

/** The trained float network's prediction of sin(x) (the reference for the quantized model). */
export function predictFloat(x: number): number {
  return predict(network(), Float64Array.of(x))[0] as number;
}

/** Per-layer activation ranges over the calibration grid: [input, hidden 1, hidden 2, output]. */
function calibrate(net: readonly Dense[]): QuantParams[] {
  const lo = WIDTHS.map(() => Infinity);
  const hi = WIDTHS.map(() => -Infinity);
  const acts = [new Float64Array(1), ...net.map((d) => new Float64Array(d.outputs))];
  for (const x of grid(CALIBRATION_POINTS)) {
    (acts[0] as Float64Array)[0] = x;
    forwardInto(net, acts);
    acts.forEach((a, l) =>
      a.forEach((v) => {
        lo[l] = Math.min(lo[l] as number, v);
        hi[l] = Math.max(hi[l] as number, v);
      }),
    );
  }
  return lo.map((l, i) => asymmetricInt8(l, hi[i] as number));
}

const bytesOf = (a: Int8Array | Int32Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** The demo model as a .tflite file (about 3 KB), trained on first use (about half a second). */
export function makeSineModel(): Uint8Array {
  const net = network();
  const actQ = calibrate(net);
  const layers = net.length;
  // The converter's layout: input, then constants from the last layer back (bias before weights),
  // then the hidden activations and the output.
  const input = 0;
  const biasIndex = (l: number): number => 1 + 2 * (layers - 1 - l);
  const weightIndex = (l: number): number => biasIndex(l) + 1;
  const actIndex = (l: number): number => 1 + 2 * layers + l; // the output of layer l
  const keras = (l: number): string => `sequential/dense${l === 0 ? '' : `_${l}`}`;
  const tensors: TensorSpec[] = new Array<TensorSpec>(1 + 3 * layers);
  const activation = (name: string, width: number, q: QuantParams): TensorSpec => ({
    name,
    dtype: 'int8',
    shape: [1, width],
    shapeSignature: [-1, width],
    quantization: { scale: [q.scale], zeroPoint: [q.zeroPoint] },
  });
  tensors[input] = activation('serving_default_dense_input:0', WIDTHS[0] as number, actQ[0] as QuantParams);
  const operators = net.map((layer, l) => {
    const w = symmetricPerChannelInt8(layer.w, layer.outputs);
    const b = int32Bias(layer.b, (actQ[l] as QuantParams).scale, w.scales);
    tensors[weightIndex(l)] = {
      name: `${keras(l)}/MatMul`,
      dtype: 'int8',
      shape: [layer.outputs, layer.inputs],
      data: bytesOf(w.values),
      quantization: { scale: w.scales, zeroPoint: w.scales.map(() => 0), quantizedDimension: 0 },
    };
    tensors[biasIndex(l)] = {
      name: `${keras(l)}/BiasAdd/ReadVariableOp`,
      dtype: 'int32',
      shape: [layer.outputs],
      data: bytesOf(b.values),
      quantization: { scale: b.scales, zeroPoint: b.scales.map(() => 0), quantizedDimension: 0 },
    };
    const last = l === layers - 1;
    tensors[actIndex(l)] = activation(
      last ? 'StatefulPartitionedCall:0' : `${keras(l)}/MatMul;${keras(l)}/Relu;${keras(l)}/BiasAdd`,
      layer.outputs,
      actQ[l + 1] as QuantParams,
    );
    return {
      op: 'FULLY_CONNECTED',
      version: FC_INT8_VERSION,
      inputs: [l === 0 ? input : actIndex(l - 1), weightIndex(l), biasIndex(l)],
      outputs: [actIndex(l)],
      options: {
        type: 'FullyConnectedOptions' as const,
        fusedActivation: last ? ('NONE' as const) : ('RELU' as const),
        weightsFormat: 'DEFAULT' as const,
        keepNumDims: false,
        asymmetricQuantizeInputs: false,
      },
    };
  });
  return writeTflite({
    description: 'mflow sine demo: int8 MLP 1-16-16-1 fitted to sin(x) on [0, 2pi]',
    tensors,
    operators,
    inputs: [input],
    outputs: [actIndex(layers - 1)],
  });
}
