/*
 * Fuzz targets on Node. Each runs one input and reports how it ended: a typed rejection (the
 * expected outcome for a bad file), acceptance, or a crash — any other exception, which is a bug.
 */
import { MfbError, MflowRuntimeError } from '../runtime/src/errors.js';
import { opMacs } from '../runtime/src/format/op_info.js';
import { createInterpreter } from '../runtime/src/interpreter.js';
import { refKernels } from '../runtime/src/kernels/ref/index.js';
import { openModel, type Model } from '../runtime/src/model.js';
import { PackError } from '../packer/src/errors.js';
import { packTflite } from '../packer/src/pack.js';
import { TfliteFormatError } from '../packer/src/tflite/index.js';
import type { Rng } from './rng.js';

export type Outcome = { kind: 'rejected'; code: string } | { kind: 'accepted'; invoked: boolean } | { kind: 'crash'; error: string };

/** Work above which a case is opened but not run, so every case stays time-bounded. */
export const MAX_MACS_PER_CASE = 2e7;

function typedCode(e: unknown): string | null {
  if (e instanceof MfbError || e instanceof MflowRuntimeError || e instanceof TfliteFormatError || e instanceof PackError) return e.code;
  return null;
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e);
}

/** Runs a validated model once on random inputs with the TS kernels, unless it is too big. */
export function invokeBounded(m: Model, rng: Rng): boolean {
  const work = m.ops.reduce((s, op) => s + opMacs(op.spec, op.params) + op.params.length, 0);
  const elements = m.tensors.reduce((s, t) => s + t.byteSize, 0);
  if (work > MAX_MACS_PER_CASE || elements > MAX_MACS_PER_CASE || m.arenaSize > 1 << 26) return false;
  const interp = createInterpreter(m, { kernels: [refKernels] });
  m.inputs.forEach((_, i) => {
    const v = interp.input(i);
    const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    for (let k = 0; k < bytes.length; k++) bytes[k] = rng.below(256);
  });
  interp.invoke();
  return true;
}

/** openModel + invoke on an .mfb. */
export function runOpen(bytes: Uint8Array, rng: Rng): Outcome {
  try {
    const m = openModel(bytes);
    return { kind: 'accepted', invoked: invokeBounded(m, rng) };
  } catch (e) {
    const code = typedCode(e);
    return code ? { kind: 'rejected', code } : { kind: 'crash', error: describe(e) };
  }
}

/** pack on a .tflite; whatever the packer writes must then open and run. */
export function runPack(bytes: Uint8Array, rng: Rng): Outcome {
  let mfb: Uint8Array;
  try {
    mfb = packTflite(bytes).mfb;
  } catch (e) {
    const code = typedCode(e);
    return code ? { kind: 'rejected', code } : { kind: 'crash', error: describe(e) };
  }
  try {
    return { kind: 'accepted', invoked: invokeBounded(openModel(mfb), rng) };
  } catch (e) {
    // The packer accepted the model, so the runtime must too: any error here is a bug.
    return { kind: 'crash', error: `packed output failed: ${describe(e)}` };
  }
}
