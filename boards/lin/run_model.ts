/*
 * Model runner inside the Linux XS host: the runtime with the native C kernels (TS kernels as the
 * fallback), the model mapped from a file outside the XS heap, the arena in a SharedArrayBuffer
 * (allocated outside the XS heap, never moves).
 *
 *   mflow-xs dist/lin/run_model.js <model.mfb> [--in f]... [--out f]... [--repeat N] [--no-verify] [--cores 1|2]
 *
 * --cores: the interpreter's cores option (default: the board's, nativeCoresDefault).
 *
 * Prints one JSON line: which kernel table served each op, and the XS heap figures.
 */
import { createInterpreter, openModel } from '../../runtime/src/index.js';
import { refKernels } from '../../runtime/src/kernels/ref/index.js';
import type { Cores } from '../../runtime/src/index.js';
import { nativeCoresDefault, nativeCrc32, nativeGraph, nativeKernels, nativeSha256 } from '../../runtime/src/kernels/native/index.js';
import { host } from './xs_host.js';

interface Args {
  model: string;
  inputs: string[];
  outputs: string[];
  repeat: number;
  verify: boolean;
  cores: Cores | undefined;
}

function parse(argv: readonly string[]): Args {
  const r: Args = { model: '', inputs: [], outputs: [], repeat: 1, verify: true, cores: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--in') r.inputs.push(argv[++i] as string);
    else if (a === '--out') r.outputs.push(argv[++i] as string);
    else if (a === '--repeat') r.repeat = Number(argv[++i]);
    else if (a === '--no-verify') r.verify = false;
    else if (a === '--cores') {
      const n = Number(argv[++i]);
      if (n !== 1 && n !== 2) throw new Error('--cores takes 1 or 2');
      r.cores = n;
    } else if (!r.model) r.model = a;
    else throw new Error(`unexpected argument "${a}"`);
  }
  if (!r.model) throw new Error('usage: run_model.js <model.mfb> [--in f]... [--out f]... [--repeat N]');
  return r;
}

const a = parse(host.args);
host.gc();
host.resetPeak();
const before = host.memory();
const model = openModel(new Uint8Array(host.mapFile(a.model)), { verify: a.verify, sha256: nativeSha256, crc32: nativeCrc32 });
const interp = createInterpreter(model, {
  kernels: [nativeKernels, refKernels],
  graph: nativeGraph,
  arena: new SharedArrayBuffer(model.arenaSize),
  ...(a.cores ? { cores: a.cores } : {}),
});
a.inputs.forEach((path, i) => {
  const v = interp.input(i);
  const data = new Uint8Array(host.readFile(path));
  if (data.length !== v.byteLength) throw new Error(`input ${i}: ${path} has ${data.length} bytes, the tensor takes ${v.byteLength}`);
  new Uint8Array(v.buffer, v.byteOffset, v.byteLength).set(data);
});
host.gc();
host.resetPeak();
// Peaks, not current counts: an allocation later collected still shows in the peak. Each memory()
// call allocates its result; m1 - m0 measures that cost so it can be taken out of the invoke figure.
const m0 = host.memory();
const prepared = host.memory();
for (let r = 0; r < a.repeat; r++) interp.invoke();
const after = host.memory();
a.outputs.forEach((path, i) => {
  const v = interp.output(i);
  host.writeFile(path, new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
});
host.print(
  JSON.stringify({
    kernels: interp.kernelSources.map((k) => (k === 0 ? 'native' : 'ts')),
    cores: a.cores ?? nativeCoresDefault(),
    slot_size: host.slotSize,
    heap: {
      open_and_prepare_slots: prepared.slots - before.slots,
      open_and_prepare_chunks: prepared.chunks - before.chunks,
      invoke_slots: after.peakSlots - prepared.slots - (prepared.peakSlots - m0.slots),
      invoke_chunks: after.peakChunks - prepared.chunks - (prepared.peakChunks - m0.chunks),
    },
  }),
);
