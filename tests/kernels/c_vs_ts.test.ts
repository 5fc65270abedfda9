/*
 * The C kernels against the TS reference kernels on seeded random shapes and parameters, byte for
 * byte, with the C built under AddressSanitizer and UndefinedBehaviorSanitizer (exact-size heap
 * buffers, so any overrun aborts the driver). The driver is built twice: with the 64-bit
 * requantization the 32-bit targets use, and with the 16-bit-pieces one AVR uses (MF_REQUANT_NO_INT64).
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { refKernels } from '../../runtime/src/kernels/ref/index.js';
import type { TensorView } from '../../runtime/src/kernels/types.js';
import { repoRoot } from '../helpers/shared_data.js';
import { buildProgram, kernelSources, SANITIZE } from './c_build.js';
import { cases, GENERATORS, type KernelCase } from './kernel_cases.js';
import { extremeCases } from './kernel_extremes.js';

const CASES_PER_OP = 400;
const VARIANTS = { int64: [], 'no-int64': ['-DMF_REQUANT_NO_INT64'] } as const satisfies Record<string, readonly string[]>;
const drivers = new Map<string, string>();
test.before(() => {
  const sources = [join(repoRoot, 'host', 'test', 'mf_kernel_driver.c'), ...kernelSources()];
  for (const [name, defines] of Object.entries(VARIANTS)) {
    drivers.set(name, buildProgram(`mf_kernel_driver_${name}`, sources, [...SANITIZE, ...defines]));
  }
});

function encode(list: readonly KernelCase[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const u32 = (v: number): Uint8Array => new Uint8Array(new Uint32Array([v]).buffer);
  for (const c of list) {
    parts.push(u32(c.opcode), u32(c.params.length), new Uint8Array(c.params.buffer.slice(0)), u32(c.operands.length));
    for (const o of c.operands) parts.push(u32(o.byteLength), new Uint8Array(o.buffer, o.byteOffset, o.byteLength));
  }
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Runs every case through the TS kernels and both C drivers; null when all agree byte for byte. */
function compare(list: readonly KernelCase[]): string | null {
  const input = encode(list); // before the TS kernels fill the outputs
  for (const c of list) refKernels[c.opcode]!.prepare(c.params, c.operands as TensorView[])();
  for (const [variant, driver] of drivers) {
    const r = spawnSync(driver, [], { input, maxBuffer: 1 << 26 });
    if (r.status !== 0) return `${variant}: driver exited with ${r.status}: ${r.stderr.toString()}`;
    let at = 0;
    for (const c of list) {
      const out = c.operands[c.operands.length - 1] as Int8Array | Float32Array;
      const want = new Int8Array(out.buffer, out.byteOffset, out.byteLength); // float outputs: bit for bit
      const got = new Int8Array(r.stdout.buffer, r.stdout.byteOffset + at, want.length);
      at += want.length;
      const i = want.findIndex((v, k) => v !== got[k]);
      if (i >= 0) return `${variant}: ${c.label}: element ${i}: C ${got[i]}, TS ${want[i]}`;
    }
    if (at !== r.stdout.length) return `${variant}: ${r.stdout.length} output bytes, expected ${at}`;
  }
  return null;
}

for (const name of Object.keys(GENERATORS)) {
  test(`C == TS: ${name}, ${CASES_PER_OP} seeded cases, both requantization builds`, (t) => {
    t.is(compare(cases(name, 1234, CASES_PER_OP)), null);
  });
}

test('C == TS at the extremes: accumulator bounds, channel blocks, long dot products, softmax rows up to depth 12000', (t) => {
  const list = extremeCases();
  t.true(list.length > 50);
  t.is(compare(list), null);
});
