/*
 * Lowering: TFLite subgraph 0 -> IrGraph. Walks the operators in order, checks that every activation
 * is written before it is read, and hands each operator to its lowering in ops/ (one file per op).
 */
import type { TfliteModel, TfliteOperator, TfliteSubgraph, TfliteTensor } from './tflite/index.js';
import type { DtypeName } from '../../runtime/src/format/constants.js';
import { MAX_RANK, elementSize } from '../../runtime/src/format/constants.js';
import type { OpSpec } from '../../runtime/src/format/ops.js';
import { OP_CHECKS } from '../../runtime/src/format/op_checks.js';
import { PackError, type PackErrorCode } from './errors.js';
import { elementCount, resolveAlias, type IrGraph, type IrOp, type IrTensor } from './ir.js';
import { LOWERINGS, SUPPORTED_TFLITE_OPS, type Lowering } from './ops/index.js';

const DTYPES: ReadonlySet<string> = new Set(['int8', 'uint8', 'int16', 'int32', 'float32']);
const MAX_DIM = 0xffff;

/** What an op lowering sees: its operator, typed access to tensors, and ways to add to the graph. */
export interface LowerContext {
  readonly op: TfliteOperator;
  /** The TFLite tensor at an operator input/output slot; throws if absent (unless optional). */
  input(slot: number): TfliteTensor;
  optionalInput(slot: number): TfliteTensor | null;
  output(slot: number): TfliteTensor;
  /** IR id of a TFLite tensor (created on first use). */
  ir(t: TfliteTensor): number;
  /** A constant derived by the packer (folded bias, multipliers, ...). */
  constant(name: string, dtype: DtypeName, shape: readonly number[], data: Uint8Array): number;
  /** Makes `out` share `of`'s storage (RESHAPE and friends). */
  alias(out: TfliteTensor, of: TfliteTensor): void;
  emit(spec: OpSpec, params: readonly number[], operands: readonly number[], macs: number): void;
  fail(code: PackErrorCode, message: string, extra?: { tensor?: string; supported?: readonly string[] }): never;
}

class GraphBuilder {
  readonly tensors: IrTensor[] = [];
  readonly ops: IrOp[] = [];
  readonly elided: { index: number; name: string }[] = [];
  private readonly byTflite = new Map<number, number>();
  private readonly produced = new Set<number>();

  constructor(private readonly sg: TfliteSubgraph) {
    for (const i of sg.inputs) this.produced.add(i);
  }

  private checkTensor(t: TfliteTensor, opIndex: number | undefined, opName: string | undefined): DtypeName {
    const where = { opIndex, opName, tensor: t.name };
    if (!DTYPES.has(t.dtype))
      throw new PackError('UNSUPPORTED_DTYPE', `dtype ${t.dtype} is not supported`, { ...where, supported: [...DTYPES] });
    if (t.shape.length > MAX_RANK) throw new PackError('UNSUPPORTED_PARAMS', `rank ${t.shape.length} exceeds ${MAX_RANK}`, where);
    for (const d of t.shape) {
      if (d < 1 || d > MAX_DIM) throw new PackError('UNSUPPORTED_PARAMS', `dimension ${d} is outside [1, ${MAX_DIM}]`, where);
    }
    if (t.isVariable) throw new PackError('UNSUPPORTED_PARAMS', 'variable (stateful) tensors are not supported', where);
    const q = t.quantization;
    for (const s of q?.scale ?? [])
      if (!(s >= 0 && s < Infinity)) throw new PackError('BAD_MODEL', `quantization scale ${s} is not a finite non-negative number`, where);
    const zp = q?.zeroPoint[0] ?? 0;
    if (t.dtype === 'int8' && (zp < -128 || zp > 127)) throw new PackError('BAD_MODEL', `int8 zero point ${zp} is out of range`, where);
    if (!(Math.abs(zp) <= 0x7fffffff)) throw new PackError('BAD_MODEL', `zero point ${zp} does not fit int32`, where);
    return t.dtype as DtypeName;
  }

  irOf(t: TfliteTensor, opIndex?: number, opName?: string): number {
    const known = this.byTflite.get(t.index);
    if (known !== undefined) return known;
    const dtype = this.checkTensor(t, opIndex, opName);
    const q = t.quantization;
    const id = this.add({
      name: t.name,
      dtype,
      shape: t.shape,
      scale: q?.scale[0] ?? 0,
      zeroPoint: q?.zeroPoint[0] ?? 0,
      data: t.data,
      aliasOf: null,
      source: t.index,
    });
    this.byTflite.set(t.index, id);
    return id;
  }

  add(t: Omit<IrTensor, 'id'>): number {
    const id = this.tensors.length;
    this.tensors.push({ ...t, id });
    return id;
  }

  context(op: TfliteOperator): LowerContext {
    const sg = this.sg;
    const fail = (code: PackErrorCode, message: string, extra: { tensor?: string; supported?: readonly string[] } = {}): never => {
      throw new PackError(code, message, { opIndex: op.index, opName: op.opName, ...extra });
    };
    const slot = (list: readonly number[], i: number, what: string, optional: boolean): TfliteTensor | null => {
      const ti = list[i];
      if (ti === undefined || ti < 0) return optional ? null : fail('BAD_MODEL', `${what} ${i} is missing`);
      const t = sg.tensors[ti] as TfliteTensor;
      if (what === 'input' && t.data === null && !this.produced.has(ti))
        fail('BAD_MODEL', `input ${i} is read before any operator writes it`, { tensor: t.name });
      return t;
    };
    return {
      op,
      input: (i) => slot(op.inputs, i, 'input', false) as TfliteTensor,
      optionalInput: (i) => slot(op.inputs, i, 'input', true),
      output: (i) => slot(op.outputs, i, 'output', false) as TfliteTensor,
      ir: (t) => this.irOf(t, op.index, op.opName),
      constant: (name, dtype, shape, data) => {
        // Derived constants must match their declared shape: the file's records are built from it.
        if (data.length !== elementCount(shape) * elementSize(dtype))
          throw new Error(`internal: constant "${name}" has ${data.length} bytes for [${shape.join(', ')}]`);
        return this.add({ name, dtype, shape, scale: 0, zeroPoint: 0, data, aliasOf: null, source: null });
      },
      alias: (out, of) => {
        const root = this.irOf(of, op.index, op.opName);
        const dtype = this.checkTensor(out, op.index, op.opName);
        if (elementCount(out.shape) !== elementCount(of.shape) || dtype !== of.dtype)
          fail('BAD_MODEL', "output must have the input's dtype and element count", { tensor: out.name });
        const q = out.quantization;
        const id = this.add({
          name: out.name,
          dtype,
          shape: out.shape,
          scale: q?.scale[0] ?? 0,
          zeroPoint: q?.zeroPoint[0] ?? 0,
          data: null,
          aliasOf: root,
          source: out.index,
        });
        this.byTflite.set(out.index, id);
        this.elided.push({ index: op.index, name: op.opName });
      },
      emit: (spec, params, operands, macs) => {
        // The format fixes where each operand lives; a model that feeds a constant where the kernel
        // expects an activation (or the reverse) is refused here, not at open time on the device.
        spec.operands.forEach((os, k) => {
          const t = this.tensors[resolveAlias(this.tensors, operands[k] as number)] as IrTensor;
          const isConst = t.data !== null;
          if (os.where === 'arena' && isConst) fail('UNSUPPORTED_PARAMS', `${os.name} must not be a constant`, { tensor: t.name });
          if (os.where === 'const' && !isConst) fail('UNSUPPORTED_PARAMS', `${os.name} must be a constant`, { tensor: t.name });
        });
        // The runtime's own semantic check, run here: what it would refuse on the device is refused now.
        const facts = operands.map((id) => {
          const t = this.tensors[resolveAlias(this.tensors, id)] as IrTensor;
          const d = t.dtype === 'int32' ? t.data : null;
          return {
            elements: elementCount(t.shape),
            elementSize: elementSize(t.dtype),
            values: d ? (i: number) => new DataView(d.buffer, d.byteOffset, d.byteLength).getInt32(4 * i, true) : null,
          };
        });
        const problem = (OP_CHECKS[spec.code] as NonNullable<(typeof OP_CHECKS)[number]>)(Int32Array.from(params), facts);
        if (problem) fail('UNSUPPORTED_PARAMS', problem);
        this.ops.push({ spec, params, operands, sourceIndex: op.index, sourceName: op.opName, macs });
      },
      fail,
    };
  }

  markProduced(op: TfliteOperator): void {
    for (const o of op.outputs) {
      if (o < 0) continue;
      if (this.produced.has(o)) throw new PackError('BAD_MODEL', `tensor ${o} is written twice`, { opIndex: op.index, opName: op.opName });
      this.produced.add(o);
    }
  }

  finish(): IrGraph {
    const io = (list: readonly number[], what: string): number[] =>
      list.map((ti) => {
        const t = this.sg.tensors[ti] as TfliteTensor;
        if (t.data !== null) throw new PackError('UNSUPPORTED_PARAMS', `graph ${what} is a constant`, { tensor: t.name });
        if (what === 'output' && !this.produced.has(ti))
          throw new PackError('BAD_MODEL', 'graph output is never written', { tensor: t.name });
        return this.irOf(t);
      });
    return {
      tensors: this.tensors,
      ops: this.ops,
      inputs: io(this.sg.inputs, 'input'),
      outputs: io(this.sg.outputs, 'output'),
      elided: this.elided,
    };
  }
}

/** Lowers subgraph 0 of a TFLite model. Throws PackError naming the op for anything unsupported. */
export function lowerModel(model: TfliteModel): IrGraph {
  const sg = model.subgraphs[0];
  if (!sg) throw new PackError('BAD_MODEL', 'the model has no subgraph');
  if (sg.inputs.length === 0 || sg.outputs.length === 0) throw new PackError('BAD_MODEL', 'subgraph 0 has no inputs or no outputs');
  // Every operator with no lowering is named at once, so one run tells the user all that must change.
  const missing = sg.operators.filter((op) => !Object.hasOwn(LOWERINGS, op.opName));
  const [first, ...more] = missing;
  if (first) {
    const also = more.length ? ` (also unsupported: ${more.map((op) => `op ${op.index} ${op.opName}`).join(', ')})` : '';
    throw new PackError('UNSUPPORTED_OP', `operator ${first.opName} is not supported${also}`, {
      opIndex: first.index,
      opName: first.opName,
      supported: SUPPORTED_TFLITE_OPS,
    });
  }
  const b = new GraphBuilder(sg);
  for (const op of sg.operators) {
    const lower = LOWERINGS[op.opName] as Lowering;
    try {
      lower(b.context(op));
    } catch (e) {
      // The quantization helpers know the scale, not the op: name it here.
      if (e instanceof PackError && e.details.opIndex === undefined) {
        throw e.at(op.index, op.opName);
      }
      throw e;
    }
    b.markProduced(op);
  }
  return b.finish();
}
