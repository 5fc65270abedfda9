/*
 * writeTflite: a small TFLite model from a plain spec, with the npm flatbuffers Builder. Used for
 * mflow's own demo model and for hand-made test graphs, including invalid ones: indices are written
 * as given, never checked, so tests can build out-of-range references on purpose.
 * Deterministic: the same spec gives the same bytes. Scalars equal to the schema default are left
 * out, as TFLite's converter does; the reader fills the same defaults back in.
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

export interface TensorQuantizationSpec {
  readonly scale: readonly number[];
  /** Stored as int64; each must be an integer. */
  readonly zeroPoint: readonly number[];
  /** Axis of the per-channel scales; 0 when absent. */
  readonly quantizedDimension?: number;
  /** Calibrated float range (QuantizationParameters.min/max); informational, TFLite kernels ignore it. */
  readonly min?: readonly number[];
  readonly max?: readonly number[];
}

export interface TensorSpec {
  readonly name: string;
  readonly dtype: TfliteDtype;
  readonly shape: readonly number[];
  /** Shape with -1 for dynamic dimensions (e.g. the batch); absent when static. */
  readonly shapeSignature?: readonly number[];
  /** Constant bytes (little-endian), stored in a buffer of their own; absent for activations. */
  readonly data?: Uint8Array;
  readonly quantization?: TensorQuantizationSpec;
  readonly isVariable?: boolean;
}

export interface OperatorSpec {
  /** A builtin name ('FULLY_CONNECTED'), a builtin code (9), or 'CUSTOM:<code>' / 'UNKNOWN(<n>)' as the reader names them. */
  readonly op: string | number;
  /** Tensor indices; -1 for an absent optional input. */
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
  /** Absent: the operator has no builtin options table. */
  readonly options?: TfliteOptions;
  /** OperatorCode.version; 1 when absent. */
  readonly version?: number;
}

export interface TfliteModelSpec {
  /** Model.description; left out when absent (the reader then gives ''). */
  readonly description?: string;
  /** The subgraph's name; 'main' when absent, as the converter names it. */
  readonly subgraphName?: string;
  readonly tensors: readonly TensorSpec[];
  readonly operators: readonly OperatorSpec[];
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
}

const CUSTOM = 32;
/** deprecated_builtin_code is an int8: codes above it say "see builtin_code". */
const PLACEHOLDER_FOR_GREATER_OP_CODES = 127;

interface OpCodeKey {
  readonly code: number;
  readonly customCode: string | null;
  readonly version: number;
}

function opCodeKey(o: OperatorSpec): OpCodeKey {
  const version = o.version ?? 1;
  if (typeof o.op === 'number') return { code: o.op, customCode: null, version };
  if (o.op.startsWith('CUSTOM:')) return { code: CUSTOM, customCode: o.op.slice('CUSTOM:'.length), version };
  const unknown = /^UNKNOWN\((\d+)\)$/.exec(o.op);
  const code = unknown ? Number(unknown[1]) : BUILTIN_CODE[o.op];
  if (code === undefined) throw new Error(`writeTflite: unknown operator ${o.op}`);
  return { code, customCode: null, version };
}

function int32Vector(b: Builder, xs: readonly number[]): number {
  b.startVector(4, xs.length, 4);
  for (let i = xs.length - 1; i >= 0; i--) b.addInt32(xs[i] as number);
  return b.endVector();
}

function float32Vector(b: Builder, xs: readonly number[]): number {
  b.startVector(4, xs.length, 4);
  for (let i = xs.length - 1; i >= 0; i--) b.addFloat32(xs[i] as number);
  return b.endVector();
}

function int64Vector(b: Builder, xs: readonly number[], what: string): number {
  b.startVector(8, xs.length, 8);
  for (let i = xs.length - 1; i >= 0; i--) {
    const x = xs[i] as number;
    if (!Number.isSafeInteger(x)) throw new Error(`writeTflite: ${what}[${i}] = ${x} is not an integer`);
    b.addInt64(BigInt(x));
  }
  return b.endVector();
}

function offsetVector(b: Builder, xs: readonly number[]): number {
  b.startVector(4, xs.length, 4);
  for (let i = xs.length - 1; i >= 0; i--) b.addOffset(xs[i] as number);
  return b.endVector();
}

/** Buffer data aligned to 16 bytes, as the converter aligns it, so kernels may read it in place. */
function dataVector(b: Builder, data: Uint8Array): number {
  b.startVector(1, data.length, 16);
  for (let i = data.length - 1; i >= 0; i--) b.addInt8(data[i] as number);
  return b.endVector();
}

const act = (a: FusedActivation): number => ACTIVATIONS.indexOf(a);
const pad = (p: Padding): number => PADDINGS.indexOf(p);
const bool = (x: boolean): number => (x ? 1 : 0);

function weightsFormat(f: string): number {
  if (f === 'DEFAULT') return 0;
  if (f === 'SHUFFLED4x16INT8') return 1;
  return Number(/^unknown\((-?\d+)\)$/.exec(f)?.[1] ?? 0);
}

function dtypeCode(d: TfliteDtype): number {
  const known = TENSOR_TYPES.indexOf(d);
  if (known >= 0) return known;
  // 'unknown(<n>)' from the reader goes back as <n>.
  const n = /^unknown\((-?\d+)\)$/.exec(d)?.[1];
  if (n === undefined) throw new Error(`writeTflite: dtype ${d} cannot be written`);
  return Number(n);
}

/** One options table with its field ids and schema defaults (the mirror of options.ts). */
function writeOptionsTable(b: Builder, o: TfliteOptions): number {
  // Vectors must be built before the table starts.
  const vec =
    o.type === 'ReshapeOptions'
      ? o.newShape
        ? int32Vector(b, o.newShape)
        : 0
      : o.type === 'SqueezeOptions'
        ? int32Vector(b, o.squeezeDims)
        : 0;
  b.startObject(8);
  switch (o.type) {
    case 'Conv2DOptions':
    case 'DepthwiseConv2DOptions': {
      // Depthwise has depth_multiplier at 3 and everything after it shifted by one.
      const dw = o.type === 'DepthwiseConv2DOptions' ? 1 : 0;
      b.addFieldInt8(0, pad(o.padding), 0);
      b.addFieldInt32(1, o.strideW, 0);
      b.addFieldInt32(2, o.strideH, 0);
      if (o.type === 'DepthwiseConv2DOptions') b.addFieldInt32(3, o.depthMultiplier, 0);
      b.addFieldInt8(3 + dw, act(o.fusedActivation), 0);
      b.addFieldInt32(4 + dw, o.dilationWFactor, 1);
      b.addFieldInt32(5 + dw, o.dilationHFactor, 1);
      break;
    }
    case 'Pool2DOptions':
      b.addFieldInt8(0, pad(o.padding), 0);
      b.addFieldInt32(1, o.strideW, 0);
      b.addFieldInt32(2, o.strideH, 0);
      b.addFieldInt32(3, o.filterWidth, 0);
      b.addFieldInt32(4, o.filterHeight, 0);
      b.addFieldInt8(5, act(o.fusedActivation), 0);
      break;
    case 'FullyConnectedOptions':
      b.addFieldInt8(0, act(o.fusedActivation), 0);
      b.addFieldInt8(1, weightsFormat(o.weightsFormat), 0);
      b.addFieldInt8(2, bool(o.keepNumDims), 0);
      b.addFieldInt8(3, bool(o.asymmetricQuantizeInputs), 0);
      break;
    case 'SoftmaxOptions':
      b.addFieldFloat32(0, o.beta, 0);
      break;
    case 'ConcatenationOptions':
      b.addFieldInt32(0, o.axis, 0);
      b.addFieldInt8(1, act(o.fusedActivation), 0);
      break;
    case 'AddOptions':
    case 'SubOptions':
      b.addFieldInt8(0, act(o.fusedActivation), 0);
      b.addFieldInt8(1, bool(o.potScaleInt16), 1);
      break;
    case 'MulOptions':
    case 'DivOptions':
    case 'L2NormOptions':
      b.addFieldInt8(0, act(o.fusedActivation), 0);
      break;
    case 'ReshapeOptions':
    case 'SqueezeOptions':
      if (vec) b.addFieldOffset(0, vec, 0);
      break;
    case 'SpaceToDepthOptions':
    case 'DepthToSpaceOptions':
      b.addFieldInt32(0, o.blockSize, 0);
      break;
    case 'ReducerOptions':
      b.addFieldInt8(0, bool(o.keepDims), 0);
      break;
    case 'StridedSliceOptions':
      b.addFieldInt32(0, o.beginMask, 0);
      b.addFieldInt32(1, o.endMask, 0);
      b.addFieldInt32(2, o.ellipsisMask, 0);
      b.addFieldInt32(3, o.newAxisMask, 0);
      b.addFieldInt32(4, o.shrinkAxisMask, 0);
      b.addFieldInt8(5, bool(o.offset), 0);
      break;
    case 'SplitOptions':
      b.addFieldInt32(0, o.numSplits, 0);
      break;
    case 'ArgMaxOptions':
      b.addFieldInt8(0, dtypeCode(o.outputType), 0);
      break;
    case 'TransposeConvOptions':
      b.addFieldInt8(0, pad(o.padding), 0);
      b.addFieldInt32(1, o.strideW, 0);
      b.addFieldInt32(2, o.strideH, 0);
      b.addFieldInt8(3, act(o.fusedActivation), 0);
      break;
    case 'PackOptions':
      b.addFieldInt32(0, o.valuesCount, 0);
      b.addFieldInt32(1, o.axis, 0);
      break;
    case 'UnpackOptions':
      b.addFieldInt32(0, o.num, 0);
      b.addFieldInt32(1, o.axis, 0);
      break;
    case 'ResizeNearestNeighborOptions':
      b.addFieldInt8(0, bool(o.alignCorners), 0);
      b.addFieldInt8(1, bool(o.halfPixelCenters), 0);
      break;
    case 'LeakyReluOptions':
      b.addFieldFloat32(0, o.alpha, 0);
      break;
    case 'Unknown':
      // An options table the reader does not decode: written empty under its union tag.
      break;
  }
  return b.endObject();
}

/** The union tag of an options value. */
function optionsTag(o: TfliteOptions): number {
  const tag = o.type === 'Unknown' ? o.typeCode : OPTION_TAGS[o.type];
  if (!(Number.isInteger(tag) && tag > 0 && tag < 256)) throw new Error(`writeTflite: options tag ${tag} is not a union tag`);
  return tag;
}

function writeOperatorCode(b: Builder, k: OpCodeKey): number {
  const custom = k.customCode === null ? 0 : b.createString(k.customCode);
  b.startObject(4);
  // Both fields, as current converters write them: old readers see min(code, 127), new ones builtin_code.
  b.addFieldInt8(0, Math.min(k.code, PLACEHOLDER_FOR_GREATER_OP_CODES), 0);
  if (custom) b.addFieldOffset(1, custom, 0);
  b.addFieldInt32(2, k.version, 1);
  b.addFieldInt32(3, k.code, 0);
  return b.endObject();
}

function writeQuantization(b: Builder, q: TensorQuantizationSpec, what: string): number {
  const min = q.min ? float32Vector(b, q.min) : 0;
  const max = q.max ? float32Vector(b, q.max) : 0;
  const scale = float32Vector(b, q.scale);
  const zeroPoint = int64Vector(b, q.zeroPoint, `${what}.zeroPoint`);
  b.startObject(7);
  if (min) b.addFieldOffset(0, min, 0);
  if (max) b.addFieldOffset(1, max, 0);
  b.addFieldOffset(2, scale, 0);
  b.addFieldOffset(3, zeroPoint, 0);
  b.addFieldInt32(6, q.quantizedDimension ?? 0, 0);
  return b.endObject();
}

function writeTensor(b: Builder, t: TensorSpec, index: number, buffer: number): number {
  const name = b.createString(t.name);
  const shape = int32Vector(b, t.shape);
  const signature = t.shapeSignature ? int32Vector(b, t.shapeSignature) : 0;
  const quant = t.quantization ? writeQuantization(b, t.quantization, `tensor ${index}.quantization`) : 0;
  const type = dtypeCode(t.dtype);
  b.startObject(8);
  b.addFieldOffset(0, shape, 0);
  b.addFieldInt8(1, type, 0);
  b.addFieldInt32(2, buffer, 0);
  b.addFieldOffset(3, name, 0);
  if (quant) b.addFieldOffset(4, quant, 0);
  b.addFieldInt8(5, bool(t.isVariable ?? false), 0);
  if (signature) b.addFieldOffset(7, signature, 0);
  return b.endObject();
}

function writeOperator(b: Builder, o: OperatorSpec, opcodeIndex: number): number {
  const inputs = int32Vector(b, o.inputs);
  const outputs = int32Vector(b, o.outputs);
  const options = o.options ? writeOptionsTable(b, o.options) : 0;
  b.startObject(5);
  b.addFieldInt32(0, opcodeIndex, 0);
  b.addFieldOffset(1, inputs, 0);
  b.addFieldOffset(2, outputs, 0);
  if (o.options) {
    b.addFieldInt8(3, optionsTag(o.options), 0);
    b.addFieldOffset(4, options, 0);
  }
  return b.endObject();
}

export function writeTflite(spec: TfliteModelSpec): Uint8Array {
  const b = new Builder(1024);

  // One OperatorCode per distinct (code, custom code, version), in first-use order.
  const keys: OpCodeKey[] = [];
  const opcodeIndex = spec.operators.map((o) => {
    const k = opCodeKey(o);
    const at = keys.findIndex((x) => x.code === k.code && x.customCode === k.customCode && x.version === k.version);
    return at >= 0 ? at : keys.push(k) - 1;
  });
  const codes = keys.map((k) => writeOperatorCode(b, k));

  // Buffer 0 is the empty sentinel every tensor without data points at; then one per constant tensor.
  b.startObject(1);
  const buffers = [b.endObject()];
  const bufferOf = spec.tensors.map((t) => {
    if (!t.data) return 0;
    const data = dataVector(b, t.data);
    b.startObject(1);
    b.addFieldOffset(0, data, 0);
    return buffers.push(b.endObject()) - 1;
  });

  const tensors = spec.tensors.map((t, i) => writeTensor(b, t, i, bufferOf[i] as number));
  const operators = spec.operators.map((o, i) => writeOperator(b, o, opcodeIndex[i] as number));

  const sgTensors = offsetVector(b, tensors);
  const sgInputs = int32Vector(b, spec.inputs);
  const sgOutputs = int32Vector(b, spec.outputs);
  const sgOps = offsetVector(b, operators);
  const sgName = b.createString(spec.subgraphName ?? 'main');
  b.startObject(5);
  b.addFieldOffset(0, sgTensors, 0);
  b.addFieldOffset(1, sgInputs, 0);
  b.addFieldOffset(2, sgOutputs, 0);
  b.addFieldOffset(3, sgOps, 0);
  b.addFieldOffset(4, sgName, 0);
  const subgraph = b.endObject();

  const codesVec = offsetVector(b, codes);
  const subgraphs = offsetVector(b, [subgraph]);
  const description = spec.description === undefined ? 0 : b.createString(spec.description);
  const buffersVec = offsetVector(b, buffers);
  b.startObject(5);
  b.addFieldInt32(0, 3, 0);
  b.addFieldOffset(1, codesVec, 0);
  b.addFieldOffset(2, subgraphs, 0);
  if (description) b.addFieldOffset(3, description, 0);
  b.addFieldOffset(4, buffersVec, 0);
  b.finish(b.endObject(), 'TFL3');
  // A copy: the builder's buffer is larger and would keep the unused head alive.
  return b.asUint8Array().slice();
}
