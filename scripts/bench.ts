/*
 * npm run bench [-- --json FILE] [--models a,b]: for every shared model, on the Linux XS host (release
 * build) with the C kernels —
 *   - x86-64 instructions per inference, counted by valgrind's callgrind as the difference between
 *     runs of 1 and 1 + R inferences (so start-up and openModel cancel out), beside TFLM's
 *     instructions_per_invoke from the golden data;
 *   - arena bytes beside TFLM's activation arena (arena_head_bytes); .mfb bytes beside .tflite bytes;
 *   - the runtime's XS heap use after openModel + prepare (32-bit build when available: device-like
 *     slot sizes), and its growth during invoke.
 *   - the RAM and page reads per inference of running the model through a one-page cache (paged reads);
 *   - the wall-time speedup of splitting the heavy ops across 2 cores over 1 (boards/lin/bench_cores.ts:
 *     median of alternating samples in one process; on a shared machine the figure moves with the load),
 *     and how each op was split.
 * Figures come from one run of this script; nothing here is a test.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import { packTflite } from '../packer/src/pack.js';
import { openModel } from '../runtime/src/model.js';
import { pagedPlan } from '../runtime/src/store/paged_plan.js';
import { repoRoot } from '../packer/src/repo_root.js';
import { ensureXsHost } from '../packer/src/run_xs.js';
import { modelGoldens, type GoldenSet } from '../tests/helpers/shared_data.js';

const REPEAT = 5;

interface Row {
  model: string;
  xs_instructions: number;
  tflm_instructions: number;
  ratio: number;
  arena_bytes: number;
  tflm_arena_bytes: number;
  mfb_bytes: number;
  tflite_bytes: number;
  xs_heap_bytes: number;
  xs_heap_bits: 32 | 64;
  invoke_heap_growth_bytes: number;
  /** Paged reads (weights not memory-mapped) with a one-page cache: RAM it costs and page reads per inference. */
  paged_ram_bytes: number;
  paged_reads_per_inference: number;
  /** Median wall time per inference on 1 core over that on 2 cores (Linux XS host, release build). */
  speedup_2_cores: number;
  ms_1_core: number;
  ms_2_cores: number;
  /** Per op: how the 2-core run splits it (axis, rows or channels per core, MACs). */
  split_2_cores: CoresReport['split'];
}

interface CoresReport {
  ms_1_core: number;
  ms_2_cores: number;
  speedup_2_cores: number;
  split: { op: string; axis: 'none' | 'rows' | 'channels'; sizes: number[]; macs: number }[];
}

function coresReport(bin: string, args: string[]): CoresReport {
  const r = spawnSync(bin, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`bench_cores failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() as string) as CoresReport;
}

/** "27 of 31 ops split (rows 23, channels 4)": how much of the model runs on both cores. */
function splitSummary(split: CoresReport['split']): string {
  const rows = split.filter((s) => s.axis === 'rows').length;
  const channels = split.filter((s) => s.axis === 'channels').length;
  const macs = split.reduce((a, s) => a + s.macs, 0);
  const splitMacs = split.filter((s) => s.axis !== 'none').reduce((a, s) => a + s.macs, 0);
  const pct = macs ? ((100 * splitMacs) / macs).toFixed(1) : '0';
  return `${rows + channels} of ${split.length} ops split (rows ${rows}, channels ${channels}; ${pct}% of the MACs)`;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function callgrindInstructions(bin: string, args: string[]): number {
  const r = spawnSync('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', bin, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`callgrind failed: ${r.stderr.slice(-2000)}`);
  const m = /Collected\s*:\s*(\d+)/.exec(r.stderr);
  if (!m) throw new Error(`no "Collected" line from callgrind: ${r.stderr.slice(-500)}`);
  return Number(m[1]);
}

function heapReport(bin: string, args: string[]): { slot_size: number; heap: Record<string, number> } {
  const r = spawnSync(bin, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`XS runner failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() as string) as { slot_size: number; heap: Record<string, number> };
}

/** The 32-bit host gives device-like slot sizes; without gcc-multilib fall back to 64-bit figures. */
function heapBin(): { bin: string; bits: 32 | 64 } {
  try {
    return { bin: ensureXsHost('m32'), bits: 32 };
  } catch {
    return { bin: ensureXsHost('release'), bits: 64 };
  }
}

function benchModel(set: GoldenSet, dir: string, bin: string, heap: { bin: string; bits: 32 | 64 }): Row {
  const tflite = new Uint8Array(readFileSync(set.modelPath));
  const packed = packTflite(tflite);
  const mfb = join(dir, `${set.id}.mfb`);
  writeFileSync(mfb, packed.mfb);
  const c = set.cases.find((x) => x.name.startsWith('rand')) ?? set.cases[0];
  const runner = join(repoRoot(), 'dist', 'lin', 'run_model.js');
  const base = [runner, mfb, '--no-verify', ...(c?.inputs ?? []).flatMap((f) => ['--in', join(set.dir, f)])];
  const one = callgrindInstructions(bin, [...base, '--repeat', '1']);
  const many = callgrindInstructions(bin, [...base, '--repeat', String(1 + REPEAT)]);
  const xs = Math.round((many - one) / REPEAT);
  const h = heapReport(heap.bin, [...base, '--repeat', '10']);
  const tflm = set.tflm.instructions_per_invoke ?? 0;
  const paged = pagedPlan(openModel(packed.mfb), 1);
  const cores = coresReport(bin, [
    join(repoRoot(), 'dist', 'lin', 'bench_cores.js'),
    mfb,
    ...(c?.inputs ?? []).flatMap((f) => ['--in', join(set.dir, f)]),
  ]);
  return {
    model: set.id,
    xs_instructions: xs,
    tflm_instructions: tflm,
    ratio: tflm ? xs / tflm : NaN,
    arena_bytes: packed.plan.arenaSize,
    tflm_arena_bytes: set.tflm.arena_head_bytes,
    mfb_bytes: packed.mfb.length,
    tflite_bytes: tflite.length,
    xs_heap_bytes: (h.heap.open_and_prepare_slots ?? 0) * h.slot_size + (h.heap.open_and_prepare_chunks ?? 0),
    xs_heap_bits: heap.bits,
    invoke_heap_growth_bytes: (h.heap.invoke_slots ?? 0) * h.slot_size + (h.heap.invoke_chunks ?? 0),
    paged_ram_bytes: paged.ramBytes,
    paged_reads_per_inference: paged.readsPerInference,
    speedup_2_cores: cores.speedup_2_cores,
    ms_1_core: cores.ms_1_core,
    ms_2_cores: cores.ms_2_cores,
    split_2_cores: cores.split,
  };
}

function table(rows: Row[]): string {
  const head = [
    'model',
    'XS+C instr',
    'TFLM instr',
    'ratio',
    'arena',
    'TFLM arena',
    '.mfb',
    '.tflite',
    'XS heap',
    'invoke growth',
    'paged RAM',
    'paged reads',
    '2 cores',
  ];
  const body = rows.map((r) => [
    r.model,
    r.xs_instructions.toLocaleString('en-US'),
    r.tflm_instructions.toLocaleString('en-US'),
    `${r.ratio.toFixed(3)}x`,
    String(r.arena_bytes),
    String(r.tflm_arena_bytes),
    String(r.mfb_bytes),
    String(r.tflite_bytes),
    `${r.xs_heap_bytes} (${r.xs_heap_bits}-bit)`,
    String(r.invoke_heap_growth_bytes),
    String(r.paged_ram_bytes),
    String(r.paged_reads_per_inference),
    `${r.speedup_2_cores.toFixed(2)}x (${r.ms_1_core.toFixed(2)} -> ${r.ms_2_cores.toFixed(2)} ms)`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] as string).length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

function main(): void {
  const only = arg('--models')?.split(',');
  const sets = modelGoldens().filter((s) => !only || only.includes(s.id));
  if (sets.length === 0) throw new Error('no shared models found (set MFLOW_DATA)');
  const bin = ensureXsHost('release');
  const heap = heapBin();
  const dir = join(repoRoot(), 'build', 'bench');
  mkdirSync(dir, { recursive: true });
  const bar = new cliProgress.SingleBar(
    { format: 'bench [{bar}] {value}/{total} {model}', stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  bar.start(sets.length, 0, { model: '' });
  const rows: Row[] = [];
  for (const set of sets) {
    bar.update(rows.length, { model: set.id });
    rows.push(benchModel(set, dir, bin, heap));
  }
  bar.update(rows.length, { model: 'done' });
  bar.stop();
  console.log(table(rows));
  console.log('\n2 cores: per-op split (bench JSON split_2_cores has every op)');
  for (const r of rows) console.log(`  ${r.model}: ${splitSummary(r.split_2_cores)}`);
  const json = arg('--json');
  if (json) writeFileSync(json, `${JSON.stringify({ repeat: REPEAT, models: rows }, null, 2)}\n`);
}

main();
