/*
 * What `mflow inspect` shows for a .tflite that cannot be packed: every operator with its dtypes and
 * whether mflow runs it (and on which backends), so one run lists everything that must change — not
 * only the first op the packer stopped at.
 */
import { PackError } from './errors.js';
import { OP_SUPPORT, type OpVariant } from './ops/index.js';
import { variantBackends, type Backends } from './ops/support.js';
import type { TfliteModel } from './tflite/index.js';

export interface OpSupportLine {
  index: number;
  op: string;
  /** e.g. 'int8' or 'float32 -> int8': the first activation input's dtype, then the output's if it differs. */
  dtype: string;
  /** null when mflow runs this op; else why not. */
  problem: string | null;
  backends: Backends | null;
}

function dtypeOf(model: TfliteModel, inputs: readonly number[], outputs: readonly number[]): string {
  const tensors = model.subgraphs[0]?.tensors ?? [];
  const ins = inputs.filter((i) => i >= 0).map((i) => tensors[i]);
  const data = ins.find((t) => t && t.data === null) ?? ins[0];
  const out = outputs[0] !== undefined ? tensors[outputs[0]] : undefined;
  const a = data?.dtype ?? '?';
  const b = out?.dtype ?? a;
  return a === b ? a : `${a} -> ${b}`;
}

function matching(variants: readonly OpVariant[], dtype: string): OpVariant | undefined {
  return variants.find((v) => v.dtype === 'any' || v.dtype === dtype);
}

/** One line per operator of subgraph 0; `failure` (the packer's error) marks the op it names. */
export function supportReport(model: TfliteModel, failure: PackError | null): OpSupportLine[] {
  return (model.subgraphs[0]?.operators ?? []).map((op) => {
    const dtype = dtypeOf(model, op.inputs, op.outputs);
    const support = Object.hasOwn(OP_SUPPORT, op.opName) ? OP_SUPPORT[op.opName] : undefined;
    const variant = support ? matching(support.variants, dtype) : undefined;
    let problem: string | null = null;
    if (!support) problem = 'operator not supported';
    else if (!variant) problem = `${dtype} not supported (supported: ${support.variants.map((v) => v.dtype).join(', ')})`;
    else if (failure?.details.opIndex === op.index) problem = failure.message;
    return { index: op.index, op: op.opName, dtype, problem, backends: variant && !problem ? variantBackends(variant) : null };
  });
}

export function formatSupportReport(lines: readonly OpSupportLine[]): string {
  const pad = (s: string | number, n: number): string => String(s).padEnd(n);
  const rows = lines.map((l) => {
    const b = l.backends;
    const where = b ? `${pad(b.node ? 'yes' : 'no', 5)}${pad(b.xs ?? 'no', 4)}${b.genc ? 'yes' : 'no'}` : `—    —   —     ${l.problem ?? ''}`;
    return `${pad(l.index, 4)}${pad(l.op, 26)}${pad(l.dtype, 20)}${where}`;
  });
  const bad = lines.filter((l) => l.problem !== null).length;
  return [
    `${pad('#', 4)}${pad('TFLite op', 26)}${pad('dtype', 20)}Node XS  gen-c`,
    ...rows,
    `${bad} of ${lines.length} ops cannot run; docs/ops.md lists what mflow supports`,
  ].join('\n');
}
