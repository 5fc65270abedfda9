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
import { computeSelfTest } from './sign/self_test.js';

export interface PackOptions {
  readonly pageSize?: number;
  readonly modelVersion?: number;
  /** Kernel-set bits the model requires (header TARGET; 0 = any). */
  readonly target?: number;
  /** Embed a self-test vector: true = inputs at their zero points, or the given raw inputs (docs/ota.md). */
  readonly selfTest?: boolean | { readonly inputs: readonly Uint8Array[] };
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
  const target = options.target ?? 0;
  if (!Number.isInteger(target) || target < 0 || target > 0xffffffff) {
    throw new PackError('BAD_OPTION', `"--target" must be an integer in [0, 4294967295], got ${target}`);
  }
  const tflite = readTflite(tfliteBytes);
  const graph = lowerModel(tflite);
  const plan = planArena(graphBuffers(graph));
  let { bytes, layout } = writeMfb(graph, plan, { pageSize, modelVersion, target });
  if (options.selfTest) {
    // The self-test outputs do not depend on the layout, so the first file computes them.
    const selfTest = computeSelfTest(bytes, options.selfTest === true ? undefined : options.selfTest.inputs);
    ({ bytes, layout } = writeMfb(graph, plan, { pageSize, modelVersion, target, selfTest }));
  }
  return { mfb: bytes, tflite, graph, plan, layout };
}
