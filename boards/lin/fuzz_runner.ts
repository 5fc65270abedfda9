/*
 * Fuzz runner inside the Linux XS host (built with ASan + UBSan): opens each .mfb named on the command
 * line with the native digest, runs it once through the native graph runner (C kernels), and prints
 * one line per file: "<index> ok", "<index> rejected <code>" for a typed runtime error, or
 * "<index> error <name>: <message>" for anything else. A memory error aborts the whole process.
 */
import { createInterpreter, MfbError, MflowRuntimeError, openModel } from '../../runtime/src/index.js';
import { opMacs } from '../../runtime/src/format/op_info.js';
import { refKernels } from '../../runtime/src/kernels/ref/index.js';
import { nativeCrc32, nativeGraph, nativeKernels, nativeSha256 } from '../../runtime/src/kernels/native/index.js';
import { host } from './xs_host.js';

const MAX_WORK = 2e7;

host.args.forEach((path, index) => {
  try {
    const model = openModel(new Uint8Array(host.readFile(path)), { sha256: nativeSha256, crc32: nativeCrc32 });
    const work = model.ops.reduce((s, op) => s + opMacs(op.spec, op.params) + op.params.length, 0);
    if (work > MAX_WORK || model.arenaSize > 1 << 24) {
      host.print(`${index} ok skipped-invoke`);
      return;
    }
    const interp = createInterpreter(model, {
      kernels: [nativeKernels, refKernels],
      graph: nativeGraph,
      arena: new SharedArrayBuffer(model.arenaSize),
    });
    model.inputs.forEach((_, i) => {
      const v = interp.input(i);
      const b = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      for (let k = 0; k < b.length; k++) b[k] = (k * 37 + i) & 255;
    });
    interp.invoke();
    host.print(`${index} ok`);
  } catch (e) {
    if (e instanceof MfbError || e instanceof MflowRuntimeError) host.print(`${index} rejected ${e.code}`);
    else host.print(`${index} error ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
});
