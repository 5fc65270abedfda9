/*
 * The gen-c fuzz target: mutated .tflite models either are refused with a typed error (by the packer
 * or by gen-c), or their generated C is compiled with AddressSanitizer + UBSan and run — in batches,
 * many models linked into one program — and must produce exactly what the TS kernels produce.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateC } from '../packer/src/gen_c/emit.js';
import { PackError } from '../packer/src/errors.js';
import { packTflite, type Packed } from '../packer/src/pack.js';
import { repoRoot } from '../packer/src/repo_root.js';
import { runNode } from '../packer/src/run.js';
import { TfliteFormatError } from '../packer/src/tflite/index.js';
import { openModel } from '../runtime/src/model.js';
import { opMacs } from '../runtime/src/format/op_info.js';
import { caseRng, type CampaignResult } from './campaign.js';
import { mutateTflite } from './mutate_tflite.js';
import { mutateSpec } from './mutate_spec.js';

const BATCH = 100;

/** The deterministic input every generated model runs on (the same on both sides). */
const pattern = (n: number, input: number): Uint8Array => Uint8Array.from({ length: n }, (_, k) => (k * 37 + input) & 255);

function driver(names: readonly string[], inputs: readonly number[][]): string {
  const lines = ['#include <stdio.h>', '#include <stdint.h>', ...names.map((n) => `#include "${n}.h"`), 'int main(void)', '{'];
  names.forEach((n, j) => {
    (inputs[j] as number[]).forEach((bytes, i) =>
      lines.push(`\tfor (int k = 0; k < ${bytes}; k++) ${n}_input(${i})[k] = (int8_t)((k * 37 + ${i}) & 255);`),
    );
    lines.push(`\t${n}_invoke();`, `\tprintf("${j}");`);
    lines.push(
      `\tfor (int o = 0; o < ${n.toUpperCase()}_OUTPUTS; o++) { putchar(' '); for (int k = 0; k < (o == 0 ? ${n.toUpperCase()}_OUTPUT0_BYTES : 0); k++) printf("%02x", (uint8_t)${n}_output((uint8_t)o)[k]); }`,
    );
    lines.push('\tputchar(10);', '\tfflush(stdout); /* a crash must not lose the lines before it */');
  });
  lines.push('\treturn 0;', '}');
  return lines.join('\n');
}

export function gencCampaign(seeds: readonly Uint8Array[], seed: number, cases: number, onBatch?: (done: number) => void): CampaignResult {
  const r: CampaignResult = { target: 'genc', seed, cases: 0, rejected: {}, accepted: 0, invoked: 0, crashes: [] };
  const dir = mkdtempSync(join(tmpdir(), 'mflow-fuzz-genc-'));
  const kernels = readdirSync(join(repoRoot(), 'host', 'kernels'))
    .filter((f) => f.endsWith('.c'))
    .map((f) => join(repoRoot(), 'host', 'kernels', f));
  try {
    let batch: { index: number; input: Uint8Array; packed: Packed; want: string }[] = [];
    const flush = (): void => {
      if (!batch.length) return;
      const names = batch.map((_, j) => `m${j}`);
      batch.forEach((b, j) => {
        const c = generateC(b.packed, { name: names[j] as string, mcu: 'host', tfliteSha256: '' });
        writeFileSync(join(dir, `${names[j]}.h`), c.header);
        writeFileSync(join(dir, `${names[j]}.c`), c.source);
      });
      writeFileSync(
        join(dir, 'main.c'),
        driver(
          names,
          batch.map((b) => b.packed.graph.inputs.map((id) => b.packed.graph.tensors[id]!.shape.reduce((x, y) => x * y, 1))),
        ),
      );
      const bin = join(dir, 'batch');
      const compile = spawnSync(
        'gcc',
        [
          '-std=gnu11',
          '-w',
          '-O0',
          '-g',
          '-fsanitize=address,undefined',
          '-fno-sanitize-recover=all',
          `-I${dir}`,
          `-I${join(repoRoot(), 'host', 'include')}`,
          `-I${join(repoRoot(), 'host', 'kernels')}`,
          join(dir, 'main.c'),
          ...names.map((n) => join(dir, `${n}.c`)),
          ...kernels,
          '-o',
          bin,
        ],
        { encoding: 'utf8' },
      );
      if (compile.status !== 0) {
        // Generated C that does not compile is a gen-c bug: blame the whole batch (rare; rerun to bisect).
        for (const b of batch)
          r.crashes.push({ index: b.index, input: b.input, error: `generated C does not compile: ${compile.stderr.slice(0, 1500)}` });
        batch = [];
        return;
      }
      const p = spawnSync(bin, [], { encoding: 'utf8', timeout: 120000, maxBuffer: 1 << 26 });
      const got = new Map(
        p.stdout
          .split('\n')
          .filter(Boolean)
          .map((l) => [Number(l.slice(0, l.indexOf(' '))), l.slice(l.indexOf(' ') + 1)]),
      );
      batch.forEach((b, j) => {
        const line = got.get(j);
        if (p.status !== 0 && line === undefined)
          r.crashes.push({
            index: b.index,
            input: b.input,
            error: `generated C died (${p.status} ${p.signal ?? ''}): ${p.stderr.slice(-1500)}`,
          });
        else if (line !== b.want)
          r.crashes.push({ index: b.index, input: b.input, error: `generated C computed ${line}, the TS kernels ${b.want}` });
        else r.invoked++;
      });
      batch = [];
    };
    for (let i = 0; i < cases; i++) {
      const rng = caseRng(seed, i);
      const input = mutateTflite(rng.pick(seeds), rng, mutateSpec);
      r.cases++;
      try {
        const packed = packTflite(input);
        generateC(packed, { name: 'probe', mcu: 'host', tfliteSha256: '' });
        const m = openModel(packed.mfb);
        if (m.ops.reduce((s, op) => s + opMacs(op.spec, op.params), 0) > 2e7 || m.arenaSize > 1 << 24) {
          r.accepted++;
          continue;
        }
        const outs = runNode(
          m,
          m.inputs.map((io, k) => pattern(io.byteSize, k)),
        ).outputs;
        const want = outs.map((o, k) => (k === 0 ? Buffer.from(o).toString('hex') : '')).join(' ');
        r.accepted++;
        batch.push({ index: i, input, packed, want });
        if (batch.length >= BATCH) flush();
      } catch (e) {
        if (e instanceof PackError || e instanceof TfliteFormatError) r.rejected[e.code] = (r.rejected[e.code] ?? 0) + 1;
        else r.crashes.push({ index: i, input, error: e instanceof Error ? `${e.name}: ${e.message}\n${e.stack}` : String(e) });
      }
      if (i % 500 === 499) onBatch?.(i + 1);
    }
    flush();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return r;
}
