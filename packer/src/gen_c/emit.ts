/*
 * gen-c: a packed graph as static C — constants and op params in program memory (MF_FLASH), one
 * static arena of the planned size, and a straight-line invoke calling the same host/kernels
 * functions the XS build uses. For 8-bit parts that cannot afford an interpreter.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OPS, type OpSpec } from '../../../runtime/src/format/ops.js';
import { PackError } from '../errors.js';
import { elementCount, resolveAlias, type IrTensor } from '../ir.js';
import type { Packed } from '../pack.js';
import { repoRoot } from '../repo_root.js';
import { BASE_CODE_BYTES, KERNEL_CODE_BYTES, MCUS, STACK_BYTES } from './mcus.js';

export interface GenCOptions {
  readonly name: string;
  /** An MCU from MCUS, or 'host' for no budget check. */
  readonly mcu: string;
  readonly tfliteSha256: string;
}

export interface GeneratedC {
  readonly header: string;
  readonly source: string;
  readonly flashEstimate: number;
  readonly ramEstimate: number;
}

interface Call {
  readonly fn: string;
  readonly params: string;
}

const CALLS: Readonly<Record<string, Call>> = {
  [OPS.FULLY_CONNECTED_S8.name]: { fn: 'mf_fully_connected_s8', params: 'mf_fc_params' },
  [OPS.CONV_2D_S8.name]: { fn: 'mf_conv_2d_s8', params: 'mf_conv_params' },
  [OPS.DEPTHWISE_CONV_2D_S8.name]: { fn: 'mf_depthwise_conv_2d_s8', params: 'mf_dw_conv_params' },
  [OPS.AVERAGE_POOL_2D_S8.name]: { fn: 'mf_average_pool_2d_s8', params: 'mf_pool_params' },
  [OPS.MAX_POOL_2D_S8.name]: { fn: 'mf_max_pool_2d_s8', params: 'mf_pool_params' },
  [OPS.ADD_S8.name]: { fn: 'mf_add_s8', params: 'mf_add_params' },
  [OPS.SOFTMAX_S8.name]: { fn: 'mf_softmax_s8', params: 'mf_softmax_params' },
};

export const GEN_C_OPS: readonly string[] = Object.freeze(Object.keys(CALLS));

function version(): string {
  return (JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** C initializer of a constant's elements, 16 per line. */
function initializer(t: IrTensor): { ctype: string; body: string; bytes: number } {
  const d = t.data as Uint8Array;
  const dv = new DataView(d.buffer, d.byteOffset, d.byteLength);
  const values =
    t.dtype === 'int32' ? Array.from({ length: d.length / 4 }, (_, i) => dv.getInt32(4 * i, true)) : Array.from(d, (b) => (b << 24) >> 24);
  const lines: string[] = [];
  for (let i = 0; i < values.length; i += 16) lines.push(`\t${values.slice(i, i + 16).join(', ')},`);
  return { ctype: t.dtype === 'int32' ? 'int32_t' : 'int8_t', body: lines.join('\n'), bytes: d.length };
}

/** Params initializer; ADD's trailing dims and strides are arrays in the struct. */
function paramsInit(spec: OpSpec, params: readonly number[]): string {
  if (spec.code !== OPS.ADD_S8.code) return `{ ${params.join(', ')} }`;
  const g = (a: number): string => `{ ${params.slice(a, a + 4).join(', ')} }`;
  return `{ ${params.slice(0, 12).join(', ')}, ${g(12)}, ${g(16)}, ${g(20)} }`;
}

export function generateC(packed: Packed, options: GenCOptions): GeneratedC {
  const { graph: g, plan } = packed;
  const N = options.name;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(N)) throw new PackError('BAD_OPTION', `"--name" must be a C identifier, got "${N}"`);
  const arenaAt = new Map(plan.buffers.map((b) => [b.id, b.offset]));
  const constName = new Map<number, string>();
  const constDecls: string[] = [];
  let constBytes = 0;
  const ref = (id: number, kind: 'in' | 'out' | 'const', opIndex: number, spec: OpSpec): string => {
    const root = resolveAlias(g.tensors, id);
    const t = g.tensors[root] as IrTensor;
    if (t.data === null) return `(${N}_arena + ${arenaAt.get(root)})`;
    if (kind !== 'const')
      throw new PackError('UNSUPPORTED_PARAMS', 'gen-c: constant activation operands are not supported', {
        opIndex,
        opName: spec.name,
        tensor: t.name,
      });
    let name = constName.get(root);
    if (!name) {
      name = `${N}_c${constName.size}`;
      constName.set(root, name);
      const init = initializer(t);
      constBytes += init.bytes;
      constDecls.push(
        `/* ${t.name} [${t.shape.join(', ')}] */\nstatic const MF_FLASH ${init.ctype} ${name}[${init.bytes / (init.ctype === 'int32_t' ? 4 : 1)}] = {\n${init.body}\n};`,
      );
    }
    return name;
  };
  const paramDecls: string[] = [];
  const calls: string[] = [];
  const kernelsUsed = new Set<string>();
  g.ops.forEach((op, i) => {
    const call = CALLS[op.spec.name];
    if (!call)
      throw new PackError('UNSUPPORTED_OP', `gen-c has no C kernel for ${op.spec.name}`, {
        opIndex: i,
        opName: op.spec.name,
        supported: GEN_C_OPS,
      });
    kernelsUsed.add(op.spec.name);
    paramDecls.push(`static const MF_FLASH ${call.params} ${N}_p${i} = ${paramsInit(op.spec, op.params)};`);
    const args = op.operands.map((id, k) => {
      const os = op.spec.operands[k]!;
      return ref(id, os.role === 'output' ? 'out' : os.where === 'const' ? 'const' : 'in', i, op.spec);
    });
    const shape = (id: number): string => `[${g.tensors[id]!.shape.join(',')}]`;
    const ins = op.operands.filter((_, k) => op.spec.operands[k]!.where === 'arena' && op.spec.operands[k]!.role === 'input');
    const outs = op.operands.filter((_, k) => op.spec.operands[k]!.role === 'output');
    calls.push(
      `\t/* op ${i}: ${op.spec.name} (TFLite op ${op.sourceIndex} ${op.sourceName}) ${ins.map(shape).join(' ')} -> ${outs.map(shape).join(' ')}${op.macs ? `, ${op.macs} MACs` : ''} */`,
    );
    calls.push(`\t${call.fn}(&${N}_p${i}, ${args.join(', ')});`);
  });
  const paramBytes = g.ops.reduce((s, op) => s + 4 * op.params.length, 0);
  const flashEstimate = constBytes + paramBytes + BASE_CODE_BYTES + [...kernelsUsed].reduce((s, k) => s + (KERNEL_CODE_BYTES[k] ?? 0), 0);
  const ramEstimate = plan.arenaSize + STACK_BYTES;
  if (options.mcu !== 'host') {
    const mcu = MCUS[options.mcu];
    if (!mcu) throw new PackError('BAD_OPTION', `"--mcu" must be one of ${Object.keys(MCUS).join(', ')}, got "${options.mcu}"`);
    if (flashEstimate > mcu.flashBytes || ramEstimate > mcu.ramBytes) {
      throw new PackError(
        'TOO_LARGE',
        `the model needs about ${flashEstimate} bytes of flash and ${ramEstimate} of RAM; the ${mcu.name} has ${mcu.flashBytes} and ${mcu.ramBytes}`,
      );
    }
  }
  const io = (list: readonly number[], what: string): string[] =>
    list.map((id, i) => `#define ${N.toUpperCase()}_${what}${i}_BYTES ${elementCount(g.tensors[id]!.shape)}`);
  const accessor = (list: readonly number[], what: string): string => {
    const cases = list.map((id, i) => `\tcase ${i}: return ${N}_arena + ${arenaAt.get(resolveAlias(g.tensors, id))};`).join('\n');
    return `int8_t *${N}_${what}(uint8_t index)\n{\n\tswitch (index) {\n${cases}\n\tdefault: return 0;\n\t}\n}`;
  };
  const provenance = `/*\n * Generated by mflow ${version()} gen-c from a TFLite model with SHA-256 ${options.tfliteSha256}.\n * Target: ${options.mcu}. ${g.ops.length} ops, arena ${plan.arenaSize} bytes, constants ${constBytes} bytes. Do not edit.\n */`;
  const header = `${provenance}
#ifndef ${N.toUpperCase()}_H
#define ${N.toUpperCase()}_H

#include <stdint.h>

#define ${N.toUpperCase()}_ARENA_BYTES ${plan.arenaSize}
#define ${N.toUpperCase()}_INPUTS ${g.inputs.length}
#define ${N.toUpperCase()}_OUTPUTS ${g.outputs.length}
${io(g.inputs, 'INPUT').join('\n')}
${io(g.outputs, 'OUTPUT').join('\n')}

/* Runs one inference on the data in the input buffers. */
void ${N}_invoke(void);
/* Input and output buffers (int8, row-major), inside the static arena; 0 for a bad index. */
int8_t *${N}_input(uint8_t index);
int8_t *${N}_output(uint8_t index);

#endif
`;
  const source = `${provenance}
#include "${N}.h"
#include "mf_kernels.h"

static int8_t ${N}_arena[${Math.max(plan.arenaSize, 4)}] __attribute__((aligned(4)));

${constDecls.join('\n\n')}

${paramDecls.join('\n')}

void ${N}_invoke(void)
{
${calls.join('\n')}
}

${accessor(g.inputs, 'input')}

${accessor(g.outputs, 'output')}
`;
  return { header, source, flashEstimate, ramEstimate };
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
