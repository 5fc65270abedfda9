/*
 * End to end over HTTP: a server on 127.0.0.1 (ephemeral port) serves a signed .mfb, dropping the
 * first connection halfway; the "device" streams the response into an update session chunk by chunk,
 * resumes with a Range request, activates, reboots, self-tests, and the new model reproduces its
 * golden outputs.
 */
import test from 'ava';
import { createServer, get, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterpreter } from '../../runtime/src/interpreter.js';
import { refKernels } from '../../runtime/src/kernels/ref/index.js';
import type { ModelStore } from '../../runtime/src/store/model_store.js';
import { UpdateError } from '../../runtime/src/store/errors.js';
import { caseBytes, modelGoldens } from '../helpers/shared_data.js';
import { firstDifference } from '../helpers/golden_run.js';
import { activeDigest, digestOf, install, makeChip, packed, storeOn } from './helpers.js';

const set = modelGoldens().find((s) => s.id === 'speech');

/** Serves `file` at /model.mfb with Range support; the first full response is cut after `dropAfter` bytes. */
function serve(file: Uint8Array, dropAfter: number): Promise<{ server: Server; url: string; requests: string[] }> {
  const requests: string[] = [];
  let dropped = false;
  const server = createServer((req, res) => {
    requests.push(req.headers.range ?? 'all');
    if (req.url !== '/model.mfb') return void res.writeHead(404).end();
    const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    const start = m ? Number(m[1]) : 0;
    const end = m && m[2] ? Number(m[2]) + 1 : file.length;
    res.writeHead(m ? 206 : 200, { 'content-type': 'application/octet-stream', 'content-length': end - start });
    const body = file.subarray(start, end);
    if (!dropped && start > 0 && body.length > dropAfter) {
      // Send part of the body in small writes, then drop the connection.
      dropped = true;
      for (let at = 0; at < dropAfter; at += 1000) res.write(body.subarray(at, Math.min(at + 1000, dropAfter)));
      setTimeout(() => res.destroy(), 20);
      return;
    }
    res.end(body);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/model.mfb`, requests }),
    ),
  );
}

/** GET with an optional Range; calls onChunk(bytes, fileOffset) for each piece as it arrives. */
function fetchRange(url: string, from: number, to: number | null, onChunk: (b: Uint8Array, at: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const range = `bytes=${from}-${to ?? ''}`;
    const req = get(url, { headers: { range }, timeout: 5000 }, (res: IncomingMessage) => {
      if (res.statusCode !== 206) return reject(new Error(`HTTP ${res.statusCode}`));
      let at = from;
      res.on('data', (b: Buffer) => {
        try {
          onChunk(new Uint8Array(b.buffer, b.byteOffset, b.length), at);
          at += b.length;
        } catch (e) {
          req.destroy(e as Error);
        }
      });
      res.on('end', () => (res.complete ? resolve() : reject(new Error('connection dropped'))));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/** The app's update loop: header first, then the rest from wherever the session needs it; bounded retries. */
async function otaUpdate(store: ModelStore, url: string): Promise<{ attempts: number; chunks: number }> {
  let header = new Uint8Array(0);
  await fetchRange(url, 0, 127, (b) => {
    header = Uint8Array.from([...header, ...b]);
  });
  const session = store.begin(header);
  let attempts = 0;
  let chunks = 0;
  while (!session.complete) {
    if (++attempts > 5) throw new Error('giving up after 5 attempts');
    await fetchRange(url, session.offset, null, (b, at) => {
      // Feed in uneven slices, as a device with a small receive buffer would.
      for (let k = 0; k < b.length;) {
        const n = 1 + ((k * 7919 + at) % 1499);
        session.write(b.subarray(k, k + n), at + k);
        k += n;
        chunks++;
      }
    }).catch((e: unknown) => {
      if (e instanceof UpdateError && e.code !== 'CORRUPT') throw e;
    });
  }
  session.finish();
  session.activate();
  return { attempts, chunks };
}

test('a signed model over HTTP, resumed after a dropped connection, switches the store and reproduces its goldens', async (t) => {
  const { slots } = makeChip();
  const device = storeOn(slots);
  device.open();
  install(device, packed('sine', { modelVersion: 1 }));
  const file = packed('speech', { modelVersion: 2, pageSize: 1024 });
  const { server, url, requests } = await serve(file, Math.floor(file.length / 2));
  try {
    const r = await otaUpdate(device, url);
    t.true(r.attempts >= 2, 'the dropped connection was resumed');
    t.true(r.chunks > 2, `the response arrived in ${r.chunks} chunks`);
    t.true(requests.length >= 3 && requests.slice(2).every((range) => range !== 'bytes=128-'), requests.join(', '));
    t.log(`requests: ${requests.join(', ')}; ${r.chunks} writes into the session`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  // Reboot into the new model, run its self-test, then its golden cases.
  const rebooted = storeOn(slots);
  t.like(rebooted.open(), { active: 1, pending: true, activeVersion: 2 });
  t.true(rebooted.verifyPending({ kernels: [refKernels] })?.passed);
  t.is(activeDigest(rebooted), digestOf(file));
  if (!set) return void t.log('shared data absent: goldens skipped');
  const interp = createInterpreter(rebooted.active!.model, { kernels: [refKernels] });
  for (const c of set.cases) {
    c.inputs.forEach((f, i) => {
      const v = interp.input(i);
      new Uint8Array(v.buffer, v.byteOffset, v.byteLength).set(caseBytes(set, f));
    });
    interp.invoke();
    c.outputs.forEach((f, i) => {
      const v = interp.output(i);
      t.is(firstDifference(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), caseBytes(set, f)), null, `${c.name} output ${i}`);
    });
  }
});
