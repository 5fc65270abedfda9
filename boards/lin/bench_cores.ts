/*
 * Wall-time speedup of splitting the heavy ops across two cores, inside the Linux XS host: one process,
 * two interpreters over the same mapped model (cores 1 and cores 2, each with its own arena), invoked
 * alternately so machine load hits both alike; the median of each is taken.
 *
 *   mflow-xs dist/lin/bench_cores.js <model.mfb> [--in f]... [--rounds N]
 *
 * Prints one JSON line: median ms per inference on 1 and 2 cores, their ratio, and how each op is split.
 */
import { createInterpreter, openModel, OP_BY_CODE, type Cores, type Interpreter } from '../../runtime/src/index.js';
import { refKernels } from '../../runtime/src/kernels/ref/index.js';
import { nativeGraph, nativeGraphPlan, nativeKernels } from '../../runtime/src/kernels/native/index.js';
import { host } from './xs_host.js';

const args = host.args;
let modelPath = '';
const inputs: string[] = [];
let rounds = 41;
for (let i = 0; i < args.length; i++) {
  const a = args[i] as string;
  if (a === '--in') inputs.push(args[++i] as string);
  else if (a === '--rounds') rounds = Number(args[++i]);
  else modelPath = a;
}
if (!modelPath) throw new Error('usage: bench_cores.js <model.mfb> [--in f]... [--rounds N]');

const model = openModel(new Uint8Array(host.mapFile(modelPath)), { verify: false });
const make = (cores: Cores): Interpreter => {
  const interp = createInterpreter(model, {
    kernels: [nativeKernels, refKernels],
    graph: nativeGraph,
    arena: new SharedArrayBuffer(model.arenaSize),
    cores,
  });
  inputs.forEach((path, i) => {
    const v = interp.input(i);
    new Uint8Array(v.buffer, v.byteOffset, v.byteLength).set(new Uint8Array(host.readFile(path)));
  });
  return interp;
};
const one = make(1);
const two = make(2);

/** Invokes enough times to take about `ms` milliseconds (at least once); returns ms per invoke. */
function timed(interp: Interpreter, n: number): number {
  const t0 = host.hrtime();
  for (let i = 0; i < n; i++) interp.invoke();
  return (host.hrtime() - t0) / 1e6 / n;
}

// Warm up (caches, the worker thread's start) and size a sample to about 20 ms.
timed(one, 3);
timed(two, 3);
const perSample = Math.max(1, Math.round(20 / Math.max(timed(one, 3), 1e-3)));
const t1: number[] = [];
const t2: number[] = [];
for (let r = 0; r < rounds; r++) {
  t1.push(timed(one, perSample));
  t2.push(timed(two, perSample));
}
const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  return s[s.length >> 1] as number;
};
const m1 = median(t1);
const m2 = median(t2);
const plan = nativeGraphPlan(model, 2) ?? [];
host.print(
  JSON.stringify({
    ms_1_core: m1,
    ms_2_cores: m2,
    speedup_2_cores: m1 / m2,
    samples: rounds,
    invokes_per_sample: perSample,
    split: plan.map((s) => ({ op: OP_BY_CODE[s.opcode]?.name ?? String(s.opcode), axis: s.axis, sizes: s.sizes, macs: s.macs })),
  }),
);
