// Types of mflow_native.js (the XS host functions). Byte buffers only: XS gives C zero-copy access to
// 1-byte typed arrays, ArrayBuffers, SharedArrayBuffers, DataViews and host buffers.
type Bytes = Uint8Array | Int8Array | ArrayBufferLike;

export function fullyConnectedS8(
  params: Bytes,
  input: Bytes,
  weights: Bytes,
  bias: Bytes,
  multiplier: Bytes,
  shift: Bytes,
  output: Bytes,
): void;
export function conv2dS8(params: Bytes, input: Bytes, filter: Bytes, bias: Bytes, multiplier: Bytes, shift: Bytes, output: Bytes): void;
export function depthwiseConv2dS8(
  params: Bytes,
  input: Bytes,
  filter: Bytes,
  bias: Bytes,
  multiplier: Bytes,
  shift: Bytes,
  output: Bytes,
): void;
export function averagePool2dS8(params: Bytes, input: Bytes, output: Bytes): void;
export function maxPool2dS8(params: Bytes, input: Bytes, output: Bytes): void;
export function addS8(params: Bytes, input1: Bytes, input2: Bytes, output: Bytes): void;
export function softmaxS8(params: Bytes, input: Bytes, output: Bytes): void;
/** COPY (any dtype: elem_size is a param). */
export function copy(params: Bytes, input: Bytes, index: Bytes, output: Bytes): void;
/** LUT_S8: output[i] = table[input[i] & 255] (int8). */
export function lutS8(params: Bytes, input: Bytes, table: Bytes, output: Bytes): void;
/** LUT_S8_F32: DEQUANTIZE by table (float32 table and output, 4-byte aligned). */
export function lutS8F32(params: Bytes, input: Bytes, table: Bytes, output: Bytes): void;
export function minimumS8(params: Bytes, input1: Bytes, input2: Bytes, output: Bytes): void;
export function maximumS8(params: Bytes, input1: Bytes, input2: Bytes, output: Bytes): void;
/**
 * Runs a whole prepared model (see runtime/src/graph_program.ts) in one call, its heavy ops split
 * across `cores` cores (1 .. 2; default 1).
 */
export function invokeGraph(program: Bytes, arena: Bytes, model: Bytes, cores?: number): void;
/**
 * How invokeGraph would split each op across `cores` cores, running nothing: per op 6 int32 (4-aligned bytes) in `out`
 * (opcode, axis 0 none / 1 rows / 2 channels, parts, MACs, part sizes along the axis x 2). Returns the op count.
 */
export function graphPlan(program: Bytes, arena: Bytes, model: Bytes, cores: number, out: Bytes): number;
/** The core count this board gives a model by default (2 on a two-core ESP32 or Linux host, else 1). */
export function coresDefault(): number;
/** SHA-256 of the bytes; an ArrayBuffer of 32. */
export function sha256(bytes: Bytes): ArrayBuffer;
/** CRC-32 of bytes[start, end) continuing from crc. */
export function crc32(bytes: Bytes, start: number, end: number, crc: number): number;
