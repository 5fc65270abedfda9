/*
 * Elementwise int8 ops (LOGISTIC, TANH, HARD_SWISH, LEAKY_RELU, RELU, RELU6, QUANTIZE) lower to one
 * LUT_S8 whose 256-entry table holds TFLM's arithmetic for the op's quantization (quant/
 * activation_tables.ts). DEQUANTIZE int8 -> float32 is a LUT_S8_F32; QUANTIZE float32 -> int8 a
 * QUANTIZE_F32_S8 (its input is not enumerable).
 */
import { OPS } from '../../../runtime/src/format/ops.js';
import type { TfliteTensor } from '../tflite/index.js';
import type { LowerContext } from '../lower.js';
import { elementCount } from '../ir.js';
import {
  dequantizeTable,
  hardSwishTable,
  leakyReluTable,
  logisticTable,
  reluTable,
  relu6SameQuantTable,
  requantizeTable,
  tanhTable,
} from '../quant/activation_tables.js';
import type { QuantParams } from '../quant/multipliers.js';
import { float32Bytes, quantOf } from './common.js';

/** The op's input and output: same element count, the dtypes given (else a typed refusal). */
function unary(ctx: LowerContext, inDtype: string, outDtype: string): { input: TfliteTensor; output: TfliteTensor; count: number } {
  const input = ctx.input(0);
  const output = ctx.output(0);
  if (input.dtype !== inDtype || output.dtype !== outDtype) {
    ctx.fail('UNSUPPORTED_DTYPE', `${input.dtype} -> ${output.dtype} is not supported`, {
      tensor: input.name,
      supported: [`${inDtype} -> ${outDtype}`],
    });
  }
  const count = elementCount(input.shape);
  if (elementCount(output.shape) !== count) ctx.fail('BAD_MODEL', 'output and input sizes differ', { tensor: output.name });
  return { input, output, count };
}

function emitLut(ctx: LowerContext, input: TfliteTensor, output: TfliteTensor, count: number, table: Int8Array): void {
  const t = ctx.constant(`${output.name}/lut`, 'int8', [256], new Uint8Array(table.buffer));
  ctx.emit(OPS.LUT_S8, [count], [ctx.ir(input), t, ctx.ir(output)], 0);
}

/** An int8 -> int8 op whose table depends on the two quantizations. */
function lowerTable(ctx: LowerContext, table: (inQ: QuantParams, outQ: QuantParams) => Int8Array): void {
  const { input, output, count } = unary(ctx, 'int8', 'int8');
  emitLut(ctx, input, output, count, table(quantOf(ctx, input), quantOf(ctx, output)));
}

/** LOGISTIC and TANH produce a fixed output quantization; TFLM computes in it whatever the tensor says. */
function requireOutputQuant(ctx: LowerContext, outQ: QuantParams, scale: number, zeroPoint: number): void {
  if (outQ.zeroPoint !== zeroPoint || Math.abs(outQ.scale - scale) > scale * 1e-3) {
    ctx.fail('UNSUPPORTED_PARAMS', `output must have scale ${scale} and zero point ${zeroPoint}, has ${outQ.scale} and ${outQ.zeroPoint}`, {
      tensor: ctx.output(0).name,
    });
  }
}

export function lowerLogistic(ctx: LowerContext): void {
  lowerTable(ctx, (inQ, outQ) => {
    requireOutputQuant(ctx, outQ, 1 / 256, -128);
    return logisticTable(inQ);
  });
}

export function lowerTanh(ctx: LowerContext): void {
  lowerTable(ctx, (inQ, outQ) => {
    requireOutputQuant(ctx, outQ, 1 / 128, 0);
    return tanhTable(inQ);
  });
}

export function lowerHardSwish(ctx: LowerContext): void {
  lowerTable(ctx, hardSwishTable);
}

export function lowerLeakyRelu(ctx: LowerContext): void {
  const opts = ctx.op.options;
  const alpha = opts?.type === 'LeakyReluOptions' ? opts.alpha : 0;
  lowerTable(ctx, (inQ, outQ) => leakyReluTable(inQ, outQ, alpha));
}

export function lowerRelu(ctx: LowerContext): void {
  lowerTable(ctx, (inQ, outQ) => reluTable(inQ, outQ, Infinity));
}

/** RELU6: TFLM clamps without requantizing; a different output quantization is requantized as RELU is. */
export function lowerRelu6(ctx: LowerContext): void {
  lowerTable(ctx, (inQ, outQ) =>
    inQ.scale === outQ.scale && inQ.zeroPoint === outQ.zeroPoint ? relu6SameQuantTable(inQ) : reluTable(inQ, outQ, 6),
  );
}

/** QUANTIZE: float32 -> int8 (AffineQuantize) or int8 -> int8 (Requantize). */
export function lowerQuantize(ctx: LowerContext): void {
  if (ctx.input(0).dtype === 'int8') {
    lowerTable(ctx, requantizeTable);
    return;
  }
  const { input, output, count } = unary(ctx, 'float32', 'int8');
  const q = quantOf(ctx, output);
  const bits = new DataView(float32Bytes([q.scale]).buffer).getInt32(0, true);
  ctx.emit(OPS.QUANTIZE_F32_S8, [count, q.zeroPoint, bits], [ctx.ir(input), ctx.ir(output)], 0);
}

export function lowerDequantize(ctx: LowerContext): void {
  const { input, output, count } = unary(ctx, 'int8', 'float32');
  const table = dequantizeTable(quantOf(ctx, input));
  const t = ctx.constant(`${output.name}/dequantize`, 'float32', [256], float32Bytes(Array.from(table)));
  ctx.emit(OPS.LUT_S8_F32, [count], [ctx.ir(input), t, ctx.ir(output)], 0);
}

/** LOGISTIC float32 -> LOGISTIC_F32 (a TS kernel: see docs/ops.md). */
export function lowerLogisticF32(ctx: LowerContext): void {
  const { input, output, count } = unary(ctx, 'float32', 'float32');
  ctx.emit(OPS.LOGISTIC_F32, [count], [ctx.ir(input), ctx.ir(output)], 0);
}
