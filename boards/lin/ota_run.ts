/*
 * The model store inside the Linux XS host, on a file-backed simulated flash (two 128 KiB slots):
 * an update session, Ed25519 verification and pending-verify, all in real XS, with a power cut
 * between two processes.
 *
 *   mflow-xs dist/lin/ota_run.js <chip.bin> install <a.mfb> <public-key-hex>
 *   mflow-xs dist/lin/ota_run.js <chip.bin> cut <b.mfb> <public-key-hex> <k>    update, power fails at flash op k
 *   mflow-xs dist/lin/ota_run.js <chip.bin> resume <b.mfb> <public-key-hex> [--in f] [--out f]
 *   mflow-xs dist/lin/ota_run.js - verify <b.mfb> <public-key-hex> <n> [window]  time n signature checks
 *
 * Prints one JSON line: the store state after each step, timings in milliseconds.
 */
import { FaultFlash, PowerCut } from '../../runtime/src/flash/fault_flash.js';
import type { Flash } from '../../runtime/src/flash/flash.js';
import { partition } from '../../runtime/src/flash/partition.js';
import { createInterpreter } from '../../runtime/src/interpreter.js';
import { refKernels } from '../../runtime/src/kernels/ref/index.js';
import { nativeCrc32, nativeKernels, nativeSha256 } from '../../runtime/src/kernels/native/index.js';
import { ModelStore } from '../../runtime/src/store/model_store.js';
import { UpdateError } from '../../runtime/src/store/errors.js';
import { setEd25519Window, verifyEd25519 } from '../../runtime/src/store/signature.js';
import { openModel } from '../../runtime/src/model.js';
import { fileFlash } from './ota_file_flash.js';
import { host } from './xs_host.js';

const SLOT = 128 * 1024;
const kernels = [nativeKernels, refKernels];
const ms = (t0: number): number => Math.round((host.hrtime() - t0) / 1e4) / 100;

function hex(s: string): Uint8Array {
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function chip(path: string): Flash {
  return fileFlash(
    {
      read: (p) => {
        try {
          return new Uint8Array(host.readFile(p));
        } catch {
          return null;
        }
      },
      write: (p, b) => host.writeFile(p, b),
    },
    path,
    2 * SLOT,
  );
}

function store(flash: Flash, key: Uint8Array): ModelStore {
  return new ModelStore({
    slots: [partition(flash, 0, SLOT), partition(flash, SLOT, SLOT)],
    publicKey: key,
    kernels,
    arenaLimit: 96 * 1024,
    crc32: nativeCrc32,
    sha256: nativeSha256,
  });
}

/** begin/write/finish/activate in 1000-byte chunks; returns timings. */
function download(s: ModelStore, file: Uint8Array): Record<string, number> {
  const t0 = host.hrtime();
  const session = s.begin(file.subarray(0, 128));
  const resumedFrom = session.resumedFrom;
  for (let at = session.offset; at < file.length; at += 1000) session.write(file.subarray(at, Math.min(at + 1000, file.length)), at);
  const writeMs = ms(t0);
  const t1 = host.hrtime();
  session.finish();
  const finishMs = ms(t1);
  session.activate();
  return { resumedFrom, writeMs, finishMs };
}

function reboot(s: ModelStore): Record<string, unknown> {
  const t0 = host.hrtime();
  const state = s.open();
  const openMs = ms(t0);
  const t1 = host.hrtime();
  const selfTest = s.verifyPending({ kernels });
  return { state, openMs, selfTest, selfTestMs: ms(t1), after: s.state };
}

const [chipPath, command, file, keyHex, extra] = host.args as [string, string, string, string, string | undefined];
const model = new Uint8Array(host.readFile(file));
const key = hex(keyHex);
const out: Record<string, unknown> = { command };

if (command === 'verify') {
  // Ed25519 alone: the first call also builds noble's base-point table (window size: 6th argument).
  const window = host.args[5];
  if (window) setEd25519Window(Number(window));
  host.gc();
  const m0 = host.memory();
  const m = openModel(model);
  const sig = model.subarray(m.payloadEnd, m.fileSize);
  const header = model.subarray(0, 128);
  const times: number[] = [];
  for (let i = 0; i < Number(extra ?? 3); i++) {
    const t0 = host.hrtime();
    if (!verifyEd25519(sig, header, key)) throw new Error('signature does not verify');
    times.push(ms(t0));
  }
  const bad = header.slice();
  bad[64] = (bad[64] as number) ^ 1;
  out.rejectsTampered = !verifyEd25519(sig, bad, key);
  out.verifyMs = times;
  host.gc();
  const m1 = host.memory();
  // What stays allocated after the checks: the base-point table, mostly.
  out.retainedBytes = (m1.slots - m0.slots) * host.slotSize + (m1.chunks - m0.chunks);
} else if (command === 'install') {
  const s = store(chip(chipPath), key);
  out.before = s.open();
  out.download = download(s, model);
  out.boot = reboot(s);
} else if (command === 'cut') {
  const faulty = new FaultFlash(chip(chipPath), { cutAt: Number(extra), mode: 'bits', seed: 42 });
  const s = store(faulty, key);
  out.before = s.open();
  try {
    download(s, model);
    out.cut = false;
  } catch (e) {
    if (!(e instanceof PowerCut)) throw e;
    out.cut = true;
    out.operations = faulty.operations;
  }
} else if (command === 'resume') {
  const s = store(chip(chipPath), key);
  out.before = s.open();
  out.download = download(s, model);
  out.boot = reboot(s);
  const active = s.active;
  const args = host.args.slice(4);
  if (active && args[0] === '--in') {
    const interp = createInterpreter(active.model, { kernels, arena: new SharedArrayBuffer(active.model.arenaSize) });
    const v = interp.input(0);
    new Uint8Array(v.buffer, v.byteOffset, v.byteLength).set(new Uint8Array(host.readFile(args[1] as string)));
    interp.invoke();
    const o = interp.output(0);
    host.writeFile(args[3] as string, new Uint8Array(o.buffer, o.byteOffset, o.byteLength));
  }
} else {
  throw new UpdateError('BAD_STATE', `unknown command "${command}"`);
}
host.print(JSON.stringify(out));
