/*
 * Builtin operator options, decoded into plain typed objects with the schema's defaults. Option
 * tables we do not decode come back as { type: 'Unknown', typeCode }, never as an error.
 */
import type { CheckedBuffer, Table } from './flatbuffer.js';
import { TfliteFormatError } from './errors.js';
import { ACTIVATIONS, OPTION_TAGS, PADDINGS, TENSOR_TYPES, type FusedActivation, type Padding, type TfliteDtype } from './schema.js';

interface Conv {
  padding: Padding;
  strideW: number;
  strideH: number;
  fusedActivation: FusedActivation;
  dilationWFactor: number;
  dilationHFactor: number;
}

export type TfliteOptions =
  | ({ type: 'Conv2DOptions' } & Conv)
  | ({ type: 'DepthwiseConv2DOptions'; depthMultiplier: number } & Conv)
  | {
      type: 'Pool2DOptions';
      padding: Padding;
      strideW: number;
      strideH: number;
      filterWidth: number;
      filterHeight: number;
      fusedActivation: FusedActivation;
    }
  | {
      type: 'FullyConnectedOptions';
      fusedActivation: FusedActivation;
      weightsFormat: 'DEFAULT' | 'SHUFFLED4x16INT8' | `unknown(${number})`;
      keepNumDims: boolean;
      asymmetricQuantizeInputs: boolean;
    }
  | { type: 'SoftmaxOptions'; beta: number }
  | { type: 'ConcatenationOptions'; axis: number; fusedActivation: FusedActivation }
  | { type: 'AddOptions' | 'SubOptions'; fusedActivation: FusedActivation; potScaleInt16: boolean }
  | { type: 'MulOptions' | 'DivOptions' | 'L2NormOptions'; fusedActivation: FusedActivation }
  | { type: 'ReshapeOptions'; newShape: number[] | null }
  | { type: 'SpaceToDepthOptions' | 'DepthToSpaceOptions'; blockSize: number }
  | { type: 'ReducerOptions'; keepDims: boolean }
  | { type: 'SqueezeOptions'; squeezeDims: number[] }
  | {
      type: 'StridedSliceOptions';
      beginMask: number;
      endMask: number;
      ellipsisMask: number;
      newAxisMask: number;
      shrinkAxisMask: number;
      offset: boolean;
    }
  | { type: 'SplitOptions'; numSplits: number }
  | { type: 'ArgMaxOptions'; outputType: TfliteDtype }
  | { type: 'TransposeConvOptions'; padding: Padding; strideW: number; strideH: number; fusedActivation: FusedActivation }
  | { type: 'PackOptions'; valuesCount: number; axis: number }
  | { type: 'UnpackOptions'; num: number; axis: number }
  | { type: 'ResizeNearestNeighborOptions'; alignCorners: boolean; halfPixelCenters: boolean }
  | { type: 'LeakyReluOptions'; alpha: number }
  | { type: 'Unknown'; typeCode: number };

/** An enum byte the schema does not define is an error, never silently another value. */
function enumValue<T>(values: readonly T[], fb: CheckedBuffer, t: Table, id: number, what: string): T {
  const code = fb.scalarI8(t, id, 0);
  const v = values[code];
  if (v === undefined) throw new TfliteFormatError('TFLITE_BAD_DATA', t.pos, `${what} ${code} is not defined by the schema`);
  return v;
}
const act = (fb: CheckedBuffer, t: Table, id: number): FusedActivation => enumValue(ACTIVATIONS, fb, t, id, 'fused activation');
const pad = (fb: CheckedBuffer, t: Table, id: number): Padding => enumValue(PADDINGS, fb, t, id, 'padding');
const dtype = (code: number): TfliteDtype => TENSOR_TYPES[code] ?? `unknown(${code})`;

function conv(fb: CheckedBuffer, t: Table, dilationFirst: number, actId: number): Conv {
  return {
    padding: pad(fb, t, 0),
    strideW: fb.scalarI32(t, 1, 0),
    strideH: fb.scalarI32(t, 2, 0),
    fusedActivation: act(fb, t, actId),
    dilationWFactor: fb.scalarI32(t, dilationFirst, 1),
    dilationHFactor: fb.scalarI32(t, dilationFirst + 1, 1),
  };
}

const T = OPTION_TAGS;

export function decodeOptions(fb: CheckedBuffer, tag: number, t: Table): TfliteOptions {
  switch (tag) {
    case T.Conv2DOptions:
      return { type: 'Conv2DOptions', ...conv(fb, t, 4, 3) };
    case T.DepthwiseConv2DOptions:
      return { type: 'DepthwiseConv2DOptions', ...conv(fb, t, 5, 4), depthMultiplier: fb.scalarI32(t, 3, 0) };
    case T.Pool2DOptions:
      return {
        type: 'Pool2DOptions',
        padding: pad(fb, t, 0),
        strideW: fb.scalarI32(t, 1, 0),
        strideH: fb.scalarI32(t, 2, 0),
        filterWidth: fb.scalarI32(t, 3, 0),
        filterHeight: fb.scalarI32(t, 4, 0),
        fusedActivation: act(fb, t, 5),
      };
    case T.FullyConnectedOptions: {
      const wf = fb.scalarI8(t, 1, 0);
      return {
        type: 'FullyConnectedOptions',
        fusedActivation: act(fb, t, 0),
        weightsFormat: wf === 0 ? 'DEFAULT' : wf === 1 ? 'SHUFFLED4x16INT8' : `unknown(${wf})`,
        keepNumDims: fb.scalarBool(t, 2, false),
        asymmetricQuantizeInputs: fb.scalarBool(t, 3, false),
      };
    }
    case T.SoftmaxOptions:
      return { type: 'SoftmaxOptions', beta: fb.scalarF32(t, 0, 0) };
    case T.ConcatenationOptions:
      return { type: 'ConcatenationOptions', axis: fb.scalarI32(t, 0, 0), fusedActivation: act(fb, t, 1) };
    case T.AddOptions:
    case T.SubOptions:
      return {
        type: tag === T.AddOptions ? 'AddOptions' : 'SubOptions',
        fusedActivation: act(fb, t, 0),
        potScaleInt16: fb.scalarBool(t, 1, true),
      };
    case T.MulOptions:
    case T.DivOptions:
    case T.L2NormOptions:
      return {
        type: tag === T.MulOptions ? 'MulOptions' : tag === T.DivOptions ? 'DivOptions' : 'L2NormOptions',
        fusedActivation: act(fb, t, 0),
      };
    case T.ReshapeOptions:
      return { type: 'ReshapeOptions', newShape: fb.i32Vector(t, 0, 'new_shape') };
    case T.SpaceToDepthOptions:
    case T.DepthToSpaceOptions:
      return { type: tag === T.SpaceToDepthOptions ? 'SpaceToDepthOptions' : 'DepthToSpaceOptions', blockSize: fb.scalarI32(t, 0, 0) };
    case T.ReducerOptions:
      return { type: 'ReducerOptions', keepDims: fb.scalarBool(t, 0, false) };
    case T.SqueezeOptions:
      return { type: 'SqueezeOptions', squeezeDims: fb.i32Vector(t, 0, 'squeeze_dims') ?? [] };
    case T.StridedSliceOptions:
      return {
        type: 'StridedSliceOptions',
        beginMask: fb.scalarI32(t, 0, 0),
        endMask: fb.scalarI32(t, 1, 0),
        ellipsisMask: fb.scalarI32(t, 2, 0),
        newAxisMask: fb.scalarI32(t, 3, 0),
        shrinkAxisMask: fb.scalarI32(t, 4, 0),
        offset: fb.scalarBool(t, 5, false),
      };
    case T.SplitOptions:
      return { type: 'SplitOptions', numSplits: fb.scalarI32(t, 0, 0) };
    case T.ArgMaxOptions:
      return { type: 'ArgMaxOptions', outputType: dtype(fb.scalarI8(t, 0, 0)) };
    case T.TransposeConvOptions:
      return {
        type: 'TransposeConvOptions',
        padding: pad(fb, t, 0),
        strideW: fb.scalarI32(t, 1, 0),
        strideH: fb.scalarI32(t, 2, 0),
        fusedActivation: act(fb, t, 3),
      };
    case T.PackOptions:
      return { type: 'PackOptions', valuesCount: fb.scalarI32(t, 0, 0), axis: fb.scalarI32(t, 1, 0) };
    case T.UnpackOptions:
      return { type: 'UnpackOptions', num: fb.scalarI32(t, 0, 0), axis: fb.scalarI32(t, 1, 0) };
    case T.ResizeNearestNeighborOptions:
      return {
        type: 'ResizeNearestNeighborOptions',
        alignCorners: fb.scalarBool(t, 0, false),
        halfPixelCenters: fb.scalarBool(t, 1, false),
      };
    case T.LeakyReluOptions:
      return { type: 'LeakyReluOptions', alpha: fb.scalarF32(t, 0, 0) };
    default:
      return { type: 'Unknown', typeCode: tag };
  }
}
