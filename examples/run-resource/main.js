/* global trace */
// Runs mflow's sine model, shipped in the firmware as a Resource (read-only, memory-mapped flash: the
// weights are used in place, never copied to RAM). The arena is a SharedArrayBuffer: allocated outside
// the XS heap, it never moves, so the C kernels can use it directly.
import Resource from 'Resource';
import { createInterpreter, openModel, refKernels } from 'mflow';
import { nativeCrc32, nativeGraph, nativeKernels, nativeSha256 } from 'mflow/native';

const MODEL = 'sine.mfb';
const POINTS = [0, 0.5, 1, 1.5707963, 2.5, 3.1415926, 4, 4.712389, 5.5, 6.2831853];

function quantize(x, t) {
  return Math.max(-128, Math.min(127, Math.round(x / t.scale) + t.zeroPoint));
}

export default function main() {
  const model = openModel(new Uint8Array(new Resource(MODEL)), { verify: true, sha256: nativeSha256, crc32: nativeCrc32 });
  const interp = createInterpreter(model, {
    kernels: [nativeKernels, refKernels],
    graph: nativeGraph,
    arena: new SharedArrayBuffer(model.arenaSize),
  });
  const [inT] = model.inputs;
  const [outT] = model.outputs;
  const kernels = interp.kernelSources.map((k) => (k === 0 ? 'C' : 'TS')).join(',');
  trace(`mflow: ${MODEL} ${model.fileSize} bytes, ${model.ops.length} ops (${kernels}), arena ${model.arenaSize} bytes\n`);
  const input = interp.input(0);
  const output = interp.output(0);
  let worst = 0;
  for (const x of POINTS) {
    input[0] = quantize(x, inT);
    interp.invoke();
    const y = (output[0] - outT.zeroPoint) * outT.scale;
    worst = Math.max(worst, Math.abs(y - Math.sin(x)));
    trace(`sin(${x.toFixed(3)}) ~ ${y.toFixed(3)}\n`);
  }
  trace(`mflow: max error ${worst.toFixed(3)}\n`);
}
