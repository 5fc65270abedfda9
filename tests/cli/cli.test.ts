/* CLI behaviour: pack/inspect/run output, exit codes, and one-line errors. */
import test from 'ava';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openModel } from '../../runtime/src/model.js';
import { makeSineModel } from '../../packer/src/demo/sine_model.js';
import { writeTflite } from '../../packer/src/tflite/writer.js';
import { modelGoldens } from '../helpers/shared_data.js';
import { mflow } from './cli_helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'mflow-cli-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));
const sine = join(dir, 'sine.tflite');
writeFileSync(sine, makeSineModel());

test.serial('pack writes a valid .mfb with the requested page size, deterministically', async (t) => {
  const a = join(dir, 'a.mfb');
  const b = join(dir, 'b.mfb');
  t.is((await mflow('pack', sine, '-o', a, '--page-size', '512')).code, 0);
  t.is((await mflow('pack', sine, '-o', b, '--page-size', '512')).code, 0);
  const bytes = readFileSync(a);
  t.deepEqual(bytes, readFileSync(b));
  t.is(openModel(new Uint8Array(bytes)).pageSize, 512);
});

test.serial('usage errors exit 1', async (t) => {
  const r = await mflow('pack', sine, '-o', join(dir, 'x.mfb'), '--page-size', '1000');
  t.is(r.code, 1);
  t.regex(r.stderr, /"--page-size" must be a power of two in \[64, 65536\], got 1000/);
  t.is((await mflow('frobnicate')).code, 1);
  t.is((await mflow('pack', sine)).code, 1); // missing -o
  const wrong = join(dir, 'wrong.bin');
  writeFileSync(wrong, new Uint8Array(3));
  const w = await mflow('run', sine, '--input', wrong);
  t.is(w.code, 1);
  t.regex(w.stderr, /input 0 \(".*", int8 \[1, 1\]\) takes 1 bytes, .*wrong\.bin has 3/);
});

test.serial('--help exits 0 and lists the commands', async (t) => {
  const r = await mflow('--help');
  t.is(r.code, 0);
  for (const c of ['pack', 'inspect', 'run']) t.regex(r.stdout, new RegExp(`\\b${c}\\b`));
});

test.serial('I/O errors exit 3; invalid models exit 2', async (t) => {
  const missing = await mflow('inspect', join(dir, 'nope.tflite'));
  t.is(missing.code, 3);
  t.regex(missing.stderr, /nope\.tflite/);
  const junk = join(dir, 'junk.bin');
  writeFileSync(junk, new Uint8Array(64).fill(7));
  const j = await mflow('inspect', junk);
  t.is(j.code, 2);
  t.regex(j.stderr, /neither an \.mfb .* nor a \.tflite/);
  const bad = join(dir, 'bad.mfb');
  const good = join(dir, 'good.mfb');
  await mflow('pack', sine, '-o', good);
  const bytes = readFileSync(good);
  bytes[bytes.length - 1] ^= 0xff;
  writeFileSync(bad, bytes);
  const b = await mflow('run', bad, '--input', junk);
  t.is(b.code, 2);
  t.regex(b.stderr, /MFB_PAGE_CRC/);
});

test.serial('an unsupported operator exits 2 naming the op, its index and the supported set; inspect lists every op', async (t) => {
  const q = { scale: [0.1], zeroPoint: [0], quantizedDimension: 0 };
  const model = writeTflite({
    description: 'sqrt, then rsqrt',
    tensors: [
      { name: 'x', dtype: 'int8', shape: [1, 4], quantization: q },
      { name: 'y', dtype: 'int8', shape: [1, 4], quantization: q },
      { name: 'z', dtype: 'int8', shape: [1, 4], quantization: q },
    ],
    operators: [
      { op: 'SQRT', inputs: [0], outputs: [1] },
      { op: 'RSQRT', inputs: [1], outputs: [2] },
    ],
    inputs: [0],
    outputs: [2],
  });
  const f = join(dir, 'sqrt.tflite');
  writeFileSync(f, model);
  const r = await mflow('pack', f, '-o', join(dir, 'sqrt.mfb'));
  t.is(r.code, 2);
  t.regex(r.stderr, /^mflow: op 0 \(SQRT\): operator SQRT is not supported \(also unsupported: op 1 RSQRT\); supported: ADD, .*AVERAGE_POOL_2D, .*CONV_2D, .*SOFTMAX/m);
  const i = await mflow('inspect', f, '--json');
  t.is(i.code, 2);
  t.deepEqual(JSON.parse(i.stdout), {
    file: f,
    supported: false,
    ops: [
      { index: 0, op: 'SQRT', dtype: 'int8', problem: 'operator not supported', backends: null },
      { index: 1, op: 'RSQRT', dtype: 'int8', problem: 'operator not supported', backends: null },
    ],
  });
});

test.serial('inspect --json reports arena, lower bound, weights and file sizes', async (t) => {
  const set = modelGoldens().find((s) => s.id === 'person_detect');
  if (!set) return t.pass();
  const r = await mflow('inspect', set.modelPath, '--json');
  t.is(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as Record<string, unknown> & { ops: { op: string; macs: number }[]; sizes: Record<string, number> };
  t.is(j.arena_bytes, 55296);
  t.is(j.arena_lower_bound, 55296);
  t.is(j.tflite_bytes, 300568);
  t.is(j.macs, set.tflm.macs);
  t.is(j.ops.length, 30);
  t.is(j.mfb_bytes, j.sizes.header + j.sizes.page_table + j.sizes.tables + j.sizes.constants + j.sizes.trailer);
  t.is(j.weights_bytes, j.sizes.constants);
  const text = await mflow('inspect', set.modelPath);
  t.regex(text.stdout, /arena\s+55,296 bytes \(lower bound 55,296\)/);
});

test.serial('run prints outputs with dequantized values', async (t) => {
  const x = join(dir, 'x.bin');
  writeFileSync(x, new Uint8Array([0]));
  const r = await mflow('run', sine, '--input', x, '--json');
  t.is(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as { engine: string; outputs: { values: number[]; real: number[] }[] };
  t.is(j.engine, 'node');
  t.is(j.outputs[0]?.values.length, 1);
  t.is(j.outputs[0]?.real.length, 1);
});

test.serial('gen-c writes NAME.h and NAME.c; a model too big for the MCU exits 2 with the numbers', async (t) => {
  const out = join(dir, 'genc');
  const r = await mflow('gen-c', sine, '-o', out, '--name', 'sine');
  t.is(r.code, 0, r.stderr);
  const h = readFileSync(join(out, 'sine.h'), 'utf8');
  t.regex(h, /void sine_invoke\(void\);/);
  t.regex(h, /Generated by mflow \d+\.\d+\.\d+ gen-c from a TFLite model with SHA-256 [0-9a-f]{64}/);
  t.regex(readFileSync(join(out, 'sine.c'), 'utf8'), /\/\* op 1: FULLY_CONNECTED_S8 from TFLite op 1, \[1,16\] -> \[1,16\], 256 MACs \*\//);
  const big = modelGoldens().find((s) => s.id === 'speech');
  if (!big) return;
  const e = await mflow('gen-c', big.modelPath, '-o', out);
  t.is(e.code, 2);
  t.regex(e.stderr, /needs about \d+ bytes of flash and \d+ of RAM; the atmega328p has 32768 and 2048/);
});
