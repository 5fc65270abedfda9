/*
 * The packer pipeline: TFLite bytes -> lowered graph -> arena plan -> .mfb bytes.
 */
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MIN_PAGE_SIZE } from '../../runtime/src/format/constants.js';
import { PackError } from './errors.js';
import type { IrGraph } from './ir.js';
import { lowerModel } from './lower.js';
import { writeMfb, type MfbLayout } from './mfb_writer.js';
import { graphBuffers, planArena, type ArenaPlan } from './planner.js';
import { readTflite, type TfliteModel } from './tflite/index.js';

export interface PackOptions {
  readonly pageSize?: number;
  readonly modelVersion?: number;
}

export interface Packed {
  readonly mfb: Uint8Array;
  readonly tflite: TfliteModel;
  readonly graph: IrGraph;
  readonly plan: ArenaPlan;
  readonly layout: MfbLayout;
}

export function checkPageSize(n: number): number {
  if (!Number.isInteger(n) || n < MIN_PAGE_SIZE || n > MAX_PAGE_SIZE || (n & (n - 1)) !== 0) {
    throw new PackError('BAD_OPTION', `"--page-size" must be a power of two in [${MIN_PAGE_SIZE}, ${MAX_PAGE_SIZE}], got ${n}`);
  }
  return n;
}

export function packTflite(tfliteBytes: Uint8Array, options: PackOptions = {}): Packed {
  const pageSize = checkPageSize(options.pageSize ?? DEFAULT_PAGE_SIZE);
  const modelVersion = options.modelVersion ?? 0;
  if (!Number.isInteger(modelVersion) || modelVersion < 0 || modelVersion > 0xffffffff) {
    throw new PackError('BAD_OPTION', `"--model-version" must be an integer in [0, 4294967295], got ${modelVersion}`);
  }
  const tflite = readTflite(tfliteBytes);
  const graph = lowerModel(tflite);
  const plan = planArena(graphBuffers(graph));
  const { bytes, layout } = writeMfb(graph, plan, { pageSize, modelVersion });
  return { mfb: bytes, tflite, graph, plan, layout };
}
