/*
 * gen-c: a packed graph as static C for parts that cannot afford an interpreter. Constants and op
 * params live in program memory (MF_FLASH), activations in one static arena at the offsets the
 * planner chose, and NAME_invoke() is a straight-line list of calls to the same host/kernels
 * functions the XS build uses, so the generated C computes what every other backend computes.
 * The output depends only on the model and the options: no dates or paths, so it can be diffed
 * and checked in.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpSpec } from '../../../runtime/src/format/ops.js';
import { ARENA_ALIGN } from '../../../runtime/src/format/constants.js';
import { PackError } from '../errors.js';
import { resolveAlias, type IrGraph, type IrOp, type IrTensor } from '../ir.js';
import type { Packed } from '../pack.js';
import { repoRoot } from '../repo_root.js';
import { commentText, isCIdentifier } from './c_text.js';
import { ConstTable } from './constants.js';
import { avrFootprint, checkFit, mcuByName, type Footprint } from './footprint.js';
import { ioAccessors, ioBuffers, ioMacros, type IoBuffer } from './io.js';
import { cKernel, GEN_C_OPS, paramsInitializer } from './kernels.js';
import { HOST_TARGET } from './mcus.js';

export interface GenCOptions {
  /** C identifier that prefixes every symbol and names the files (NAME.h, NAME.c). */
  readonly name: string;
  /** A key of MCUS (the model must fit it) or 'host' (no fit check). */
  readonly mcu: string;
  /** Hex SHA-256 of the source .tflite, for the provenance comment; omitted or '' when unknown. */
  readonly tfliteSha256?: string;
}

export interface GeneratedC {
  readonly header: string;
  readonly source: string;
  /** AVR estimate (vectors of the chosen MCU included; none for 'host'). */
  readonly footprint: Footprint;
  /** footprint.flashBytes and footprint.ramBytes, kept for callers that predate `footprint`. */
  readonly flashEstimate: number;
  readonly ramEstimate: number;
}

interface Body {
  readonly consts: ConstTable;
  readonly params: string[];
  readonly calls: string[];
  readonly paramTypes: Map<string, OpSpec>;
  readonly kernelFiles: Set<string>;
}

function mflowVersion(): string {
  return (JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

const shapeText = (t: IrTensor): string => `[${t.shape.join(',')}]`;

/** One op's operands as C expressions: arena pointers for activations, array names for constants. */
function operandArgs(g: IrGraph, op: IrOp, opIndex: number, arenaAt: ReadonlyMap<number, number>, body: Body, name: string): string[] {
  return op.operands.map((id, k) => {
    const os = op.spec.operands[k]!;
    const root = resolveAlias(g.tensors, id);
    const t = g.tensors[root] as IrTensor;
    if (t.data === null) {
      const offset = arenaAt.get(root);
      if (offset === undefined) throw new Error(`gen-c: activation ${root} has no arena offset (planner bug)`);
      return offset ? `${name}_arena + ${offset}` : `${name}_arena`;
    }
    if (os.where === 'arena' || os.role === 'output')
      throw new PackError('UNSUPPORTED_PARAMS', `gen-c: operand "${os.name}" must be an activation, not a constant`, {
        opIndex,
        opName: op.spec.name,
        tensor: t.name,
      });
    const dtype = os.dtype === 'int32' ? 'int32' : 'int8';
    return body.consts.use(t, dtype, os.where === 'const' ? 'flash' : 'ram');
  });
}

function opComment(g: IrGraph, op: IrOp, i: number): string {
  const acts = (role: 'input' | 'output'): string =>
    op.operands
      .filter((id, k) => op.spec.operands[k]!.role === role && g.tensors[resolveAlias(g.tensors, id)]!.data === null)
      .map((id) => shapeText(g.tensors[id] as IrTensor))
      .join(' ');
  const macs = op.macs ? `, ${op.macs} MACs` : '';
  return `/* op ${i}: ${op.spec.name} from TFLite op ${op.sourceIndex}, ${acts('input')} -> ${acts('output')}${macs} */`;
}

function emitBody(g: IrGraph, arenaAt: ReadonlyMap<number, number>, name: string): Body {
  const body: Body = {
    consts: new ConstTable(name),
    params: [],
    calls: [],
    paramTypes: new Map(),
    kernelFiles: new Set(),
  };
  g.ops.forEach((op, i) => {
    const kernel = cKernel(op.spec);
    if (!kernel)
      throw new PackError('UNSUPPORTED_OP', `gen-c has no C kernel for ${op.spec.name}`, {
        opIndex: i,
        opName: op.spec.name,
        supported: GEN_C_OPS,
      });
    body.kernelFiles.add(kernel.file);
    body.paramTypes.set(kernel.paramsType, op.spec);
    body.params.push(`static const MF_FLASH ${kernel.paramsType} ${name}_p${i} = ${paramsInitializer(op.spec, op.params, '\t')};`);
    const args = operandArgs(g, op, i, arenaAt, body, name);
    body.calls.push(`\t${opComment(g, op, i)}`, `\tMF_OP_HOOK(${i});`, `\t${kernel.fn}(&${name}_p${i}, ${args.join(', ')});`);
  });
  return body;
}

/** Compile-time proof that each params struct still has one int32_t per ops.ts parameter. */
function structChecks(paramTypes: ReadonlyMap<string, OpSpec>): string {
  return [...paramTypes]
    .map(
      ([type, spec]) =>
        `_Static_assert(sizeof(${type}) == ${spec.params.length} * sizeof(int32_t), "${type} no longer mirrors ${spec.name}'s params in ops.ts");`,
    )
    .join('\n');
}

function provenance(file: string, options: GenCOptions, g: IrGraph, arenaBytes: number, fp: Footprint): string {
  const sha = options.tfliteSha256 ? `with SHA-256 ${commentText(options.tfliteSha256)}` : '(SHA-256 not recorded)';
  const target =
    options.mcu === HOST_TARGET
      ? 'Target: host (no fit check).'
      : `Target ${options.mcu}: about ${fp.flashBytes} bytes of flash and ${fp.ramBytes} of RAM (arena ${arenaBytes}, stack ${fp.stackBytes}).`;
  return `/*
 * ${file}: ${g.ops.length} ops as static C, calling the mflow kernels (host/kernels).
 * Generated by mflow ${mflowVersion()} gen-c from a TFLite model ${sha}.
 * ${target}
 * Do not edit: regenerate with mflow gen-c.
 */`;
}

function headerText(name: string, top: string, inputs: readonly IoBuffer[], outputs: readonly IoBuffer[], arenaBytes: number): string {
  const U = name.toUpperCase();
  return `${top}
#ifndef ${U}_H
#define ${U}_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Tensors are int8, row-major (NHWC for images); real value = SCALE * (q - ZERO_POINT). */
#define ${U}_INPUTS ${inputs.length}
#define ${U}_OUTPUTS ${outputs.length}
${ioMacros(U, inputs, 'INPUT')}
${ioMacros(U, outputs, 'OUTPUT')}
#define ${U}_ARENA_BYTES ${arenaBytes}

/*
 * One inference from the input buffers to the output buffers. All buffers share one static arena:
 * write every input before each call (invoke may overwrite them), and read the outputs before writing
 * the next inputs. Not reentrant.
 */
void ${name}_invoke(void);

/* Buffer of input or output \`index\` inside the arena, or NULL for a bad index; its size in bytes, or 0. */
int8_t *${name}_input(uint8_t index);
int8_t *${name}_output(uint8_t index);
size_t ${name}_input_size(uint8_t index);
size_t ${name}_output_size(uint8_t index);

#ifdef __cplusplus
}
#endif

#endif
`;
}

function sourceText(name: string, top: string, body: Body, arenaBytes: number, io: string): string {
  return `${top}
#include "${name}.h"
#include "mf_kernels.h"

/* Define MF_OP_HOOK(op) to observe the start of each op (toggle a pin, read a timer); empty by default. */
#ifndef MF_OP_HOOK
#define MF_OP_HOOK(op) ((void)0)
#endif

${structChecks(body.paramTypes)}

/* Every activation at its planned offset; offsets are multiples of ${ARENA_ALIGN}. */
static int8_t ${name}_arena[${Math.max(arenaBytes, 1)}] __attribute__((aligned(${ARENA_ALIGN})));

${body.consts.declarations()}

${body.params.join('\n\n')}

void ${name}_invoke(void)
{
${body.calls.join('\n')}
}

${io}
`;
}

export function generateC(packed: Packed, options: GenCOptions): GeneratedC {
  const { graph: g, plan } = packed;
  const name = options.name;
  if (!isCIdentifier(name)) throw new PackError('BAD_OPTION', `"--name" must be a C identifier (at most 63 characters), got "${name}"`);
  const mcu = mcuByName(options.mcu);
  const arenaAt = new Map(plan.buffers.map((b) => [b.id, b.offset]));
  const body = emitBody(g, arenaAt, name); // first, so a float model is refused by naming its op
  const inputs = ioBuffers(g, g.inputs, arenaAt, 'input');
  const outputs = ioBuffers(g, g.outputs, arenaAt, 'output');
  const usage = {
    flashDataBytes: body.consts.bytes('flash') + g.ops.reduce((s, op) => s + 4 * op.params.length, 0),
    ramConstBytes: body.consts.bytes('ram'),
    arenaBytes: plan.arenaSize,
    kernelFiles: [...body.kernelFiles],
    opCount: g.ops.length,
    largestConst: body.consts.largest(),
  };
  const footprint = mcu ? checkFit(usage, mcu) : avrFootprint(usage, null);
  const io = `${ioAccessors(name, inputs, 'input')}\n\n${ioAccessors(name, outputs, 'output')}`;
  return {
    header: headerText(name, provenance(`${name}.h`, options, g, plan.arenaSize, footprint), inputs, outputs, plan.arenaSize),
    source: sourceText(name, provenance(`${name}.c`, options, g, plan.arenaSize, footprint), body, plan.arenaSize, io),
    footprint,
    flashEstimate: footprint.flashBytes,
    ramEstimate: footprint.ramBytes,
  };
}
