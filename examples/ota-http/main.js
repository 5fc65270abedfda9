/* global trace */
// Keeps a model up to date over HTTP. At boot: open the two-slot model store (flash partitions mflow_a
// and mflow_b, see boards/esp32/partitions.csv), self-test a freshly installed model, run the active
// one. Then fetch the served file's 128-byte header; if it differs from the active model's, stream the
// file into the free slot (resuming after a dropped connection from the first page not yet in flash),
// verify it (page CRCs, SHA-256, Ed25519 signature when config.publicKey is set), commit it, switch to
// it between inferences, self-test it and run it.
import Flash from 'flash';
import config from 'mc/config';
import Timer from 'timer';
import { createInterpreter } from 'mflow';
import { Esp32Flash } from 'mflow/flash';
import { nativeCrc32, nativeKernels, nativeSha256 } from 'mflow/native';
import { ModelStore, UpdateError } from 'mflow/store';
import { Chunker, fetchRange } from './download.js';

const HEADER = 128;
const BLOCK = 4096; // one flash sector per write
const kernels = [nativeKernels];

function hex(s) {
  const out = new Uint8Array(s.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function openStore() {
  const store = new ModelStore({
    slots: config.mflow.slots.map((label) => new Esp32Flash(new Flash(label))),
    publicKey: config.publicKey ? hex(config.publicKey) : null,
    arenaLimit: Number(config.arenaLimit),
    kernels,
    crc32: nativeCrc32,
    sha256: nativeSha256,
  });
  store.open();
  if (store.state.pending) {
    const result = store.verifyPending({ kernels });
    trace(`store: self-test of the new model ${result.passed ? 'passed' : 'FAILED, back to the previous one'}\n`);
  }
  return store;
}

function report(what, store) {
  const s = store.state;
  const slots = s.slots.map((slot) => `${slot.status}/v${slot.modelVersion}`).join(' ');
  const failure = s.lastFailure ? `, last failure ${s.lastFailure.code}` : '';
  trace(`${what}: active slot ${s.active}, version ${s.activeVersion ?? '-'}, slots ${slots}${failure}\n`);
}

function run(store) {
  const active = store.active;
  if (!active) return trace('run: no model in flash\n');
  const { model } = active;
  const interp = createInterpreter(model, { kernels, arena: new SharedArrayBuffer(model.arenaSize) });
  const [inT] = model.inputs;
  const [outT] = model.outputs;
  const input = interp.input(0);
  const output = interp.output(0);
  for (const x of [0.5, 1.5707963, 4.712389]) {
    input[0] = Math.max(-128, Math.min(127, Math.round(x / inT.scale) + inT.zeroPoint));
    interp.invoke();
    trace(`run: sin(${x.toFixed(3)}) ~ ${((output[0] - outT.zeroPoint) * outT.scale).toFixed(3)}\n`);
  }
}

const server = { host: config.updateHost, port: Number(config.updatePort), path: config.updatePath };
const sameBytes = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);

function update(store, attempt) {
  const retry = (why) => {
    trace(`update: ${why}\n`);
    if (attempt >= Number(config.retries)) return trace('update: giving up until the next check\n');
    Timer.set(() => update(store, attempt + 1), Number(config.retryMs));
  };
  const header = new Uint8Array(HEADER);
  let got = 0;
  fetchRange(
    server,
    0,
    HEADER - 1,
    (bytes, at) => {
      const n = Math.min(bytes.length, HEADER - at);
      header.set(bytes.subarray(0, n), at);
      got = Math.max(got, at + n);
    },
    (error) => {
      if (error) return retry(`header: ${error}`);
      if (got < HEADER) return retry(`header: only ${got} bytes`);
      const active = store.active;
      if (active && sameBytes(header, active.model.bytes.subarray(0, HEADER))) return trace('update: up to date\n');
      let session;
      try {
        session = store.begin(header);
      } catch (e) {
        return trace(`update: refused, ${e instanceof UpdateError ? e.code : e}\n`);
      }
      trace(`update: ${session.resumedFrom > 0 ? `resuming at byte ${session.offset}` : 'downloading'}\n`);
      const chunker = new Chunker(BLOCK, (bytes, at) => session.write(bytes, at));
      chunker.reset(session.offset);
      fetchRange(
        server,
        session.offset,
        '',
        (bytes) => chunker.push(bytes),
        (error) => {
          try {
            chunker.flush(); // what arrived is good: keep it, a resume starts after it
            if (error) throw error;
            session.finish();
            session.activate();
          } catch (e) {
            if (e instanceof UpdateError && e.code !== 'CORRUPT') return trace(`update: refused, ${e.code}: ${e.message}\n`);
            return retry(`interrupted at byte ${session.offset}: ${e instanceof UpdateError ? e.code : e}`);
          }
          trace('update: installed\n');
          store.open(); // between inferences: the new model, on trial
          if (store.state.pending) trace(`update: self-test ${store.verifyPending({ kernels }).passed ? 'passed' : 'FAILED'}\n`);
          report('update', store);
          run(store);
        },
      );
    },
  );
}

export default function main() {
  const store = openStore();
  report('boot', store);
  run(store);
  update(store, 1);
}
