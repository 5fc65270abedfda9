/* global readFile, setTimeout, clearTimeout */
// Stand-in for the client side of Moddable's "http" module (modules/network/http): `new Request({host,
// path, headers})` calls `callback(message, value, etc)` with `this` the request, as the SDK does:
// status (code), header (name, value), headersComplete, responseFragment (bytes available, taken with
// `this.read(ArrayBuffer, n)`), then responseComplete or error. The "server" is a directory:
// http://<host><path> is the file <--http-root>/<host><path>. GET with "Range: bytes=a-" or "bytes=a-b"
// gives 206 and that part.
//
// Network faults for tests: --http-fragment=N (bytes per fragment, default 1460), --http-drop-at=K (the
// connection drops after K body bytes in total, once per process: an error message, no completion).
import { numberOption, option } from './env.js';

let dropAt = numberOption('http-drop-at', -1);
let delivered = 0;

function parseRange(headers) {
  for (let i = 0; i + 1 < headers.length; i += 2) {
    if (String(headers[i]).toLowerCase() !== 'range') continue;
    const m = /^bytes=(\d+)-(\d*)$/.exec(String(headers[i + 1]));
    if (m) return [Number(m[1]), m[2] === '' ? Infinity : Number(m[2])];
  }
  return null;
}

export class Request {
  #fragment = null;
  #timer = null;
  #closed = false;

  constructor(dictionary) {
    this.host = dictionary.host;
    this.path = dictionary.path;
    this.headers = dictionary.headers ?? [];
    this.#timer = setTimeout(() => this.#respond(), 0);
  }

  read(type, limit) {
    if (type !== ArrayBuffer) throw new Error('http stand-in: read supports ArrayBuffer only');
    const f = this.#fragment;
    const n = Math.min(limit ?? f.length, f.length);
    this.#fragment = f.subarray(n);
    return f.slice(0, n).buffer;
  }

  close() {
    this.#closed = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #respond() {
    let body;
    try {
      body = new Uint8Array(readFile(`${option('http-root', '.')}/${this.host}${this.path}`));
    } catch {
      this.callback?.(Request.status, 404);
      this.callback?.(Request.headersComplete);
      this.callback?.(Request.responseComplete, new ArrayBuffer(0));
      return;
    }
    const range = parseRange(this.headers);
    const from = range ? Math.min(range[0], body.length) : 0;
    const to = range ? Math.min(range[1] + 1, body.length) : body.length;
    this.callback?.(Request.status, range ? 206 : 200);
    this.callback?.(Request.header, 'content-length', String(to - from));
    this.callback?.(Request.headersComplete);
    this.#send(body.subarray(from, to), numberOption('http-fragment', 1460));
  }

  #send(rest, size) {
    if (this.#closed) return;
    if (!rest.length) {
      this.#timer = null;
      this.callback?.(Request.responseComplete);
      return;
    }
    let n = Math.min(size, rest.length);
    if (dropAt >= 0 && delivered + n >= dropAt) {
      n = dropAt - delivered;
      dropAt = -1;
      if (n > 0) this.#deliver(rest.subarray(0, n));
      this.#timer = null;
      if (!this.#closed) this.callback?.(Request.error, 'connection dropped (http stand-in)');
      return;
    }
    this.#deliver(rest.subarray(0, n));
    this.#timer = setTimeout(() => this.#send(rest.subarray(n), size), 0);
  }

  #deliver(bytes) {
    delivered += bytes.length;
    this.#fragment = bytes;
    this.callback?.(Request.responseFragment, bytes.length);
    this.#fragment = null; // what the callback did not read is skipped, as in the SDK
  }
}

Request.requestFragment = 0;
Request.status = 1;
Request.header = 2;
Request.headersComplete = 3;
Request.responseFragment = 4;
Request.responseComplete = 5;
Request.error = -2;
