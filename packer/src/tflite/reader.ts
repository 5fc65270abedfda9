/*
 * readTflite: the TFLite flatbuffer as plain objects, every offset and index checked. Constant data
 * are views into the input bytes (no copy).
 */
import { CheckedBuffer, type Table } from './flatbuffer.js';
import { TfliteFormatError } from './errors.js';
import { decodeOptions, type TfliteOptions } from './options.js';
import { BUILTIN_OP_NAMES, PLACEHOLDER_FOR_GREATER_OP_CODES, TENSOR_TYPES, TENSOR_TYPE_SIZES, type TfliteDtype } from './schema.js';

export interface TfliteQuantization {
  scale: number[];
  zeroPoint: number[];
  quantizedDimension: number;
}

export interface TfliteTensor {
  index: number;
  name: string;
  dtype: TfliteDtype;
  shape: number[];
  shapeSignature: number[] | null;
  /** Constant bytes (a view into the file), null when the tensor has no data. */
  data: Uint8Array | null;
  /** null when absent or without scales. */
  quantization: TfliteQuantization | null;
  isVariable: boolean;
}

export interface TfliteOperator {
  index: number;
  opcodeIndex: number;
  builtinCode: number;
  /** e.g. 'CONV_2D', 'CUSTOM:<code>', 'UNKNOWN(<n>)'. */
  opName: string;
  version: number;
  /** Tensor indices; -1 marks an absent optional input. */
  inputs: number[];
  outputs: number[];
  options: TfliteOptions | null;
}

export interface TfliteSubgraph {
  name: string;
  tensors: TfliteTensor[];
  operators: TfliteOperator[];
  inputs: number[];
  outputs: number[];
}

export interface TfliteModel {
  version: number;
  description: string;
  subgraphs: TfliteSubgraph[];
  byteLength: number;
}

interface OpCode {
  builtinCode: number;
  opName: string;
  version: number;
}

function readOpCode(fb: CheckedBuffer, t: Table): OpCode {
  const deprecated = fb.scalarI8(t, 0, 0);
  const builtin = fb.scalarI32(t, 3, 0);
  // Older files fill only the deprecated int8 field; newer ones put 127 there and the code in builtin_code.
  const code = Math.max(deprecated, builtin);
  const version = fb.scalarI32(t, 2, 1);
  if (code === 32) return { builtinCode: code, opName: `CUSTOM:${fb.string(t, 1, 'custom_code')}`, version };
  const name = code === PLACEHOLDER_FOR_GREATER_OP_CODES ? undefined : BUILTIN_OP_NAMES[code];
  return { builtinCode: code, opName: name ?? `UNKNOWN(${code})`, version };
}

function readBuffers(fb: CheckedBuffer, model: Table): (Uint8Array | null)[] {
  return fb.tables(model, 4, 'buffers').map((t, i) => {
    const v = fb.vector(t, 0, 1, `buffers[${i}].data`);
    if (v && v.length > 0) return fb.bytes.subarray(v.start, v.start + v.length);
    const offset = fb.scalarU64(t, 1);
    const size = fb.scalarU64(t, 2);
    if (offset > 1 && size > 0) {
      if (offset + size > fb.size)
        throw new TfliteFormatError('TFLITE_BAD_OFFSET', t.pos, `buffer ${i} [${offset}, +${size}) is outside the file`);
      return fb.bytes.subarray(offset, offset + size);
    }
    return null;
  });
}

function checkIndex(i: number, count: number, at: number, what: string, optional: boolean): number {
  if ((optional && i === -1) || (i >= 0 && i < count)) return i;
  throw new TfliteFormatError('TFLITE_BAD_INDEX', at, `${what} ${i} is out of range (${count})`);
}

function readQuantization(fb: CheckedBuffer, t: Table | null, what: string): TfliteQuantization | null {
  if (!t) return null;
  const scale = fb.f32Vector(t, 2, `${what}.scale`);
  if (!scale || scale.length === 0) return null;
  const zeroPoint = fb.i64Vector(t, 3, `${what}.zero_point`) ?? [];
  if (zeroPoint.length !== 0 && zeroPoint.length !== scale.length) {
    throw new TfliteFormatError('TFLITE_BAD_DATA', t.pos, `${what} has ${scale.length} scales but ${zeroPoint.length} zero points`);
  }
  return { scale, zeroPoint, quantizedDimension: fb.scalarI32(t, 6, 0) };
}

function readTensor(fb: CheckedBuffer, t: Table, index: number, buffers: readonly (Uint8Array | null)[]): TfliteTensor {
  const what = `tensor ${index}`;
  const shape = fb.i32Vector(t, 0, `${what}.shape`) ?? [];
  for (const d of shape) if (d < 0) throw new TfliteFormatError('TFLITE_BAD_SHAPE', t.pos, `${what} has negative dimension ${d}`);
  const code = fb.scalarI8(t, 1, 0);
  const dtype: TfliteDtype = TENSOR_TYPES[code] ?? `unknown(${code})`;
  const bufferIndex = fb.scalarU32(t, 2, 0);
  checkIndex(bufferIndex, buffers.length, t.pos, `${what} buffer`, false);
  const data = buffers[bufferIndex] ?? null;
  const size = TENSOR_TYPE_SIZES[dtype];
  if (data && size !== undefined) {
    const want = shape.reduce((a, b) => a * b, 1) * size;
    if (want !== data.length)
      throw new TfliteFormatError(
        'TFLITE_BAD_DATA',
        t.pos,
        `${what} (${dtype} [${shape.join(', ')}]) needs ${want} bytes of data, its buffer has ${data.length}`,
      );
  }
  return {
    index,
    name: fb.string(t, 3, `${what}.name`),
    dtype,
    shape,
    shapeSignature: fb.i32Vector(t, 7, `${what}.shape_signature`),
    data,
    quantization: readQuantization(fb, fb.subTable(t, 4, `${what}.quantization`), `${what}.quantization`),
    isVariable: fb.scalarBool(t, 5, false),
  };
}

function readOperator(fb: CheckedBuffer, t: Table, index: number, codes: readonly OpCode[], tensorCount: number): TfliteOperator {
  const what = `operator ${index}`;
  const opcodeIndex = checkIndex(fb.scalarU32(t, 0, 0), codes.length, t.pos, `${what} opcode index`, false);
  const code = codes[opcodeIndex] as OpCode;
  const list = (id: number, name: string, optional: boolean): number[] =>
    (fb.i32Vector(t, id, `${what}.${name}`) ?? []).map((i) => checkIndex(i, tensorCount, t.pos, `${what} ${name} tensor`, optional));
  const tag = fb.scalarU8(t, 3, 0);
  const optTable = tag !== 0 ? fb.subTable(t, 4, `${what}.builtin_options`) : null;
  return {
    index,
    opcodeIndex,
    builtinCode: code.builtinCode,
    opName: code.opName,
    version: code.version,
    inputs: list(1, 'inputs', true),
    outputs: list(2, 'outputs', false),
    options: optTable ? decodeOptions(fb, tag, optTable) : null,
  };
}

function readSubgraph(
  fb: CheckedBuffer,
  t: Table,
  index: number,
  codes: readonly OpCode[],
  buffers: readonly (Uint8Array | null)[],
): TfliteSubgraph {
  const tensors = fb.tables(t, 0, `subgraph ${index} tensors`).map((tt, i) => readTensor(fb, tt, i, buffers));
  const io = (id: number, name: string): number[] =>
    (fb.i32Vector(t, id, `subgraph ${index} ${name}`) ?? []).map((i) =>
      checkIndex(i, tensors.length, t.pos, `subgraph ${index} ${name} tensor`, false),
    );
  return {
    name: fb.string(t, 4, `subgraph ${index} name`),
    tensors,
    inputs: io(1, 'inputs'),
    outputs: io(2, 'outputs'),
    operators: fb.tables(t, 3, `subgraph ${index} operators`).map((ot, i) => readOperator(fb, ot, i, codes, tensors.length)),
  };
}

export function readTflite(bytes: Uint8Array): TfliteModel {
  if (bytes.length < 8) throw new TfliteFormatError('TFLITE_TRUNCATED', bytes.length, `${bytes.length} bytes cannot hold a flatbuffer`);
  const ident = String.fromCharCode(...bytes.subarray(4, 8));
  if (ident !== 'TFL3')
    throw new TfliteFormatError('TFLITE_BAD_IDENTIFIER', 4, `file identifier is "${ident.replace(/[^\x20-\x7e]/g, '?')}", expected "TFL3"`);
  const fb = new CheckedBuffer(bytes);
  const model = fb.table(fb.u32(0), 'model');
  const version = fb.scalarU32(model, 0, 0);
  if (version !== 3)
    throw new TfliteFormatError('TFLITE_UNSUPPORTED_VERSION', model.pos, `schema version ${version} is not supported (reads 3)`);
  const codes = fb.tables(model, 1, 'operator_codes').map((t) => readOpCode(fb, t));
  const buffers = readBuffers(fb, model);
  return {
    version,
    description: fb.string(model, 3, 'description'),
    subgraphs: fb.tables(model, 2, 'subgraphs').map((t, i) => readSubgraph(fb, t, i, codes, buffers)),
    byteLength: bytes.length,
  };
}
