/*
 * writeTflite: a small TFLite model from a plain spec, with the npm flatbuffers Builder. Used for
 * mflow's own demo model and for hand-made test graphs. Deterministic: the same spec gives the same bytes.
 */
import { Builder } from 'flatbuffers';
import type { TfliteOptions } from './options.js';
import {
  ACTIVATIONS,
  BUILTIN_CODE,
  OPTION_TAGS,
  PADDINGS,
  TENSOR_TYPES,
  type FusedActivation,
  type Padding,
  type TfliteDtype,
} from './schema.js';

export interface TensorSpec {
  readonly name: string;
  readonly dtype: TfliteDtype;
  readonly shape: readonly number[];
  /** Constant bytes (little-endian); absent for activations. */
  readonly data?: Uint8Array;
  readonly quantization?: {
    readonly scale: readonly number[];
    readonly zeroPoint: readonly number[];
    readonly quantizedDimension?: number;
  };
}

export interface OperatorSpec {
  /** Builtin operator name, e.g. 'FULLY_CONNECTED'. */
  readonly op: string;
  /** Tensor indices; -1 for an absent optional input. */
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
  readonly options?: TfliteOptions;
  readonly version?: number;
}

export interface TfliteModelSpec {
  readonly description?: string;
  readonly tensors: readonly TensorSpec[];
  readonly operators: readonly OperatorSpec[];
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
}

const act = (a: FusedActivation): number => ACTIVATIONS.indexOf(a);
const pad = (p: Padding): number => PADDINGS.indexOf(p);

function int32Vector(b: Builder, xs: readonly number[]): number {
  b.startVector(4, xs.length, 4);
  for (let i = xs.length - 1; i >= 0; i--) b.addInt32(xs[i] as number);
  return b.endVector();
}

function offsetVector(b: Builder, xs: readonly number[]): number {
  b.startVector(4, xs.length, 4);
  for (let i = xs.length - 1; i >= 0; i--) b.addOffset(xs[i] as number);
  return b.endVector();
}

/** Writes the options table; returns [union tag, offset], or [0, 0] when there are none. */
function writeOptions(b: Builder, o: TfliteOptions | undefined): [number, number] {
  if (!o) return [0, 0];
  switch (o.type) {
    case 'FullyConnectedOptions':
      b.startObject(4);
      b.addFieldInt8(0, act(o.fusedActivation), 0);
      b.addFieldInt8(1, o.weightsFormat === 'SHUFFLED4x16INT8' ? 1 : 0, 0);
      b.addFieldInt8(2, o.keepNumDims ? 1 : 0, 0);
      b.addFieldInt8(3, o.asymmetricQuantizeInputs ? 1 : 0, 0);
      return [OPTION_TAGS.FullyConnectedOptions, b.endObject()];
    case 'Conv2DOptions':
    case 'DepthwiseConv2DOptions': {
      const dw = o.type === 'DepthwiseConv2DOptions';
      b.startObject(7);
      b.addFieldInt8(0, pad(o.padding), 0);
      b.addFieldInt32(1, o.strideW, 0);
      b.addFieldInt32(2, o.strideH, 0);
      if (dw) b.addFieldInt32(3, o.depthMultiplier, 0);
      b.addFieldInt8(dw ? 4 : 3, act(o.fusedActivation), 0);
      b.addFieldInt32(dw ? 5 : 4, o.dilationWFactor, 1);
      b.addFieldInt32(dw ? 6 : 5, o.dilationHFactor, 1);
      return [dw ? OPTION_TAGS.DepthwiseConv2DOptions : OPTION_TAGS.Conv2DOptions, b.endObject()];
    }
    case 'Pool2DOptions':
      b.startObject(6);
      b.addFieldInt8(0, pad(o.padding), 0);
      b.addFieldInt32(1, o.strideW, 0);
      b.addFieldInt32(2, o.strideH, 0);
      b.addFieldInt32(3, o.filterWidth, 0);
      b.addFieldInt32(4, o.filterHeight, 0);
      b.addFieldInt8(5, act(o.fusedActivation), 0);
      return [OPTION_TAGS.Pool2DOptions, b.endObject()];
    case 'AddOptions':
      b.startObject(2);
      b.addFieldInt8(0, act(o.fusedActivation), 0);
      return [OPTION_TAGS.AddOptions, b.endObject()];
    case 'SoftmaxOptions':
      b.startObject(1);
      b.addFieldFloat32(0, o.beta, 0);
      return [OPTION_TAGS.SoftmaxOptions, b.endObject()];
    case 'ReshapeOptions': {
      const shape = o.newShape ? int32Vector(b, o.newShape) : 0;
      b.startObject(1);
      if (shape) b.addFieldOffset(0, shape, 0);
      return [OPTION_TAGS.ReshapeOptions, b.endObject()];
    }
    default:
      throw new Error(`writeTflite: options ${o.type} are not supported by the writer`);
  }
}

export function writeTflite(spec: TfliteModelSpec): Uint8Array {
  const b = new Builder(1024);
  // Operator codes in first-use order.
  const opNames = [...new Set(spec.operators.map((o) => o.op))];
  const codes = opNames.map((name) => {
    const code = BUILTIN_CODE[name];
    if (code === undefined) throw new Error(`writeTflite: unknown operator ${name}`);
    const version = Math.max(1, ...spec.operators.filter((o) => o.op === name).map((o) => o.version ?? 1));
    b.startObject(4);
    b.addFieldInt8(0, Math.min(code, 127), 0);
    b.addFieldInt32(2, version, 1);
    b.addFieldInt32(3, code, 0);
    return b.endObject();
  });
  // Buffers: 0 is the empty sentinel, then one per constant tensor.
  const bufferIndex: number[] = [];
  const buffers: number[] = [];
  b.startObject(1);
  buffers.push(b.endObject());
  for (const t of spec.tensors) {
    if (!t.data) {
      bufferIndex.push(0);
      continue;
    }
    b.startVector(1, t.data.length, 16);
    for (let i = t.data.length - 1; i >= 0; i--) b.addInt8(t.data[i] as number);
    const data = b.endVector();
    b.startObject(1);
    b.addFieldOffset(0, data, 0);
    bufferIndex.push(buffers.length);
    buffers.push(b.endObject());
  }
  const tensors = spec.tensors.map((t, i) => {
    const name = b.createString(t.name);
    const shape = int32Vector(b, t.shape);
    let quant = 0;
    if (t.quantization) {
      const q = t.quantization;
      b.startVector(4, q.scale.length, 4);
      for (let k = q.scale.length - 1; k >= 0; k--) b.addFloat32(q.scale[k] as number);
      const scale = b.endVector();
      b.startVector(8, q.zeroPoint.length, 8);
      for (let k = q.zeroPoint.length - 1; k >= 0; k--) b.addInt64(BigInt(q.zeroPoint[k] as number));
      const zp = b.endVector();
      b.startObject(7);
      b.addFieldOffset(2, scale, 0);
      b.addFieldOffset(3, zp, 0);
      b.addFieldInt32(6, q.quantizedDimension ?? 0, 0);
      quant = b.endObject();
    }
    const type = TENSOR_TYPES.indexOf(t.dtype);
    if (type < 0) throw new Error(`writeTflite: dtype ${t.dtype} cannot be written`);
    b.startObject(6);
    b.addFieldOffset(0, shape, 0);
    b.addFieldInt8(1, type, 0);
    b.addFieldInt32(2, bufferIndex[i] as number, 0);
    b.addFieldOffset(3, name, 0);
    if (quant) b.addFieldOffset(4, quant, 0);
    return b.endObject();
  });
  const operators = spec.operators.map((o) => {
    const inputs = int32Vector(b, o.inputs);
    const outputs = int32Vector(b, o.outputs);
    const [tag, options] = writeOptions(b, o.options);
    b.startObject(5);
    b.addFieldInt32(0, opNames.indexOf(o.op), 0);
    b.addFieldOffset(1, inputs, 0);
    b.addFieldOffset(2, outputs, 0);
    if (tag) {
      b.addFieldInt8(3, tag, 0);
      b.addFieldOffset(4, options, 0);
    }
    return b.endObject();
  });
  const sgTensors = offsetVector(b, tensors);
  const sgInputs = int32Vector(b, spec.inputs);
  const sgOutputs = int32Vector(b, spec.outputs);
  const sgOps = offsetVector(b, operators);
  const sgName = b.createString('main');
  b.startObject(5);
  b.addFieldOffset(0, sgTensors, 0);
  b.addFieldOffset(1, sgInputs, 0);
  b.addFieldOffset(2, sgOutputs, 0);
  b.addFieldOffset(3, sgOps, 0);
  b.addFieldOffset(4, sgName, 0);
  const subgraph = b.endObject();
  const codesVec = offsetVector(b, codes);
  const subgraphs = offsetVector(b, [subgraph]);
  const description = b.createString(spec.description ?? 'mflow');
  const buffersVec = offsetVector(b, buffers);
  b.startObject(5);
  b.addFieldInt32(0, 3, 0);
  b.addFieldOffset(1, codesVec, 0);
  b.addFieldOffset(2, subgraphs, 0);
  b.addFieldOffset(3, description, 0);
  b.addFieldOffset(4, buffersVec, 0);
  b.finish(b.endObject(), 'TFL3');
  return b.asUint8Array().slice();
}
