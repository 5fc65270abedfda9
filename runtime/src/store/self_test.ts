/*
 * The self-test record (docs/format.md): read it from a model and run it. The store runs it on a
 * freshly activated model before confirming it (pending-verify, docs/ota.md).
 */
import { H, SELFTEST_ENTRY_SIZE, SELFTEST_RECORD_SIZE, ST, STE } from '../format/constants.js';
import { createInterpreter } from '../interpreter.js';
import type { KernelTable, TensorView } from '../kernels/types.js';
import type { IoInfo, Model } from '../model.js';
import { UpdateError } from './errors.js';
import { createPagedInterpreter } from './paged_interpreter.js';
import type { PageSource } from './page_source.js';

export interface SelfTestVector {
  /** Views into the model's tables: one per input, then one per output. */
  readonly inputs: readonly Uint8Array[];
  readonly outputs: readonly Uint8Array[];
}

/** The model's self-test vector, null when it has none. Throws BAD_MODEL when the record is malformed. */
export function readSelfTest(model: Model): SelfTestVector | null {
  const b = model.bytes;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const at = dv.getUint32(H.SELFTEST_OFFSET, true);
  const size = dv.getUint32(H.SELFTEST_SIZE, true);
  if (at === 0) return null;
  // openModel proved [at, at + size) lies inside the tables, which are in RAM even for a paged model.
  const bad = (msg: string): never => {
    throw new UpdateError('BAD_MODEL', `self-test record: ${msg}`, { offset: at });
  };
  const ios = [...model.inputs, ...model.outputs];
  if (size < SELFTEST_RECORD_SIZE + ios.length * SELFTEST_ENTRY_SIZE) bad(`${size} bytes cannot hold ${ios.length} entries`);
  if (dv.getUint16(at + ST.INPUT_COUNT, true) !== model.inputs.length || dv.getUint16(at + ST.OUTPUT_COUNT, true) !== model.outputs.length)
    bad('input/output counts differ from the model');
  if (dv.getUint32(at + ST.RESERVED, true) !== 0) bad('reserved field must be zero');
  const blocks = ios.map((io: IoInfo, i) => {
    const entry = at + SELFTEST_RECORD_SIZE + i * SELFTEST_ENTRY_SIZE;
    const off = dv.getUint32(entry + STE.DATA_OFFSET, true);
    const len = dv.getUint32(entry + STE.DATA_SIZE, true);
    if (len !== io.byteSize) bad(`entry ${i} has ${len} bytes, tensor "${io.name}" takes ${io.byteSize}`);
    if (off < at || off + len > at + size) bad(`entry ${i} data lies outside the record`);
    return b.subarray(off, off + len);
  });
  return { inputs: blocks.slice(0, model.inputs.length), outputs: blocks.slice(model.inputs.length) };
}

export interface SelfTestOptions {
  readonly kernels: readonly KernelTable[];
  /** For a paged model (constants not in model.bytes): where they are, and the cache size (default 1). */
  readonly source?: PageSource | null;
  readonly cachePages?: number;
}

export interface SelfTestResult {
  /** False when the model carries no self-test record (nothing was run). */
  readonly present: boolean;
  readonly passed: boolean;
  readonly message: string;
}

const bytesOf = (v: TensorView): Uint8Array => new Uint8Array(v.buffer, v.byteOffset, v.byteLength);

/** Runs the model on its self-test input and compares every output byte. Never throws for a failing model. */
export function runSelfTest(model: Model, options: SelfTestOptions): SelfTestResult {
  try {
    const vector = readSelfTest(model);
    if (!vector) return { present: false, passed: true, message: 'the model carries no self-test' };
    const paged = model.bytes.length < model.fileSize;
    if (paged && !options.source) throw new UpdateError('BAD_STATE', 'a paged model needs its page source to run');
    const interp = paged
      ? createPagedInterpreter(
          { model, source: options.source as PageSource },
          { kernels: options.kernels, cachePages: options.cachePages ?? 1 },
        )
      : createInterpreter(model, { kernels: options.kernels });
    vector.inputs.forEach((data, i) => bytesOf(interp.input(i)).set(data));
    interp.invoke();
    for (let o = 0; o < vector.outputs.length; o++) {
      const got = bytesOf(interp.output(o));
      const want = vector.outputs[o] as Uint8Array;
      for (let i = 0; i < want.length; i++) {
        if (got[i] !== want[i])
          return { present: true, passed: false, message: `output ${o} byte ${i} is ${got[i]}, the file expects ${want[i]}` };
      }
    }
    return { present: true, passed: true, message: 'outputs match' };
  } catch (e) {
    return { present: true, passed: false, message: e instanceof Error ? e.message : String(e) };
  }
}
