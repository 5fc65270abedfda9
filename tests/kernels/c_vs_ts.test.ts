/*
 * The C kernels against the TS reference kernels on seeded random shapes and parameters, byte for
 * byte, with the C built under AddressSanitizer and UndefinedBehaviorSanitizer (exact-size heap
 * buffers, so any overrun aborts the driver).
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { refKernels } from '../../runtime/src/kernels/ref/index.js';
import type { TensorView } from '../../runtime/src/kernels/types.js';
import { repoRoot } from '../helpers/shared_data.js';
import { buildProgram, kernelSources } from './c_build.js';
import { cases, GENERATORS, type KernelCase } from './kernel_cases.js';

const CASES_PER_OP = 300;
let driver = '';
test.before(() => {
  driver = buildProgram('mf_kernel_driver', [join(repoRoot, 'host', 'test', 'mf_kernel_driver.c'), ...kernelSources()]);
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

for (const name of Object.keys(GENERATORS)) {
  test(`C == TS: ${name}, ${CASES_PER_OP} seeded cases`, (t) => {
    const list = cases(name, 1234, CASES_PER_OP);
    const r = spawnSync(driver, [], { input: encode(list), maxBuffer: 1 << 26 });
    t.is(r.status, 0, r.stderr.toString());
    let at = 0;
    for (const c of list) {
      const out = c.operands[c.operands.length - 1] as Int8Array;
      const got = new Int8Array(r.stdout.buffer, r.stdout.byteOffset + at, out.length);
      at += out.length;
      refKernels[c.opcode]!.prepare(c.params, c.operands as TensorView[])();
      const i = out.findIndex((v, k) => v !== got[k]);
      if (i >= 0) return t.fail(`${c.label}: element ${i}: C ${got[i]}, TS ${out[i]}`);
    }
    t.is(at, r.stdout.length);
  });
}
