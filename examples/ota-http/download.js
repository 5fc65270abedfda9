// HTTP range downloads for the model update, in the Moddable "http" client's callback style.
import { Request } from 'http';

/**
 * GET bytes [from, to] of http://host:port/path (to = '' for the rest of the file). onBytes(bytes, at) gets
 * every fragment with its file offset, in order; done(error) ends it: null, or a message. A server
 * that ignores Range answers 200 with the whole file: fragments before `from` are then skipped.
 */
export function fetchRange({ host, port, path }, from, to, onBytes, done) {
  let at = 0;
  let status = 0;
  let finished = false;
  const finish = (error) => {
    if (finished) return;
    finished = true;
    request.close();
    done(error);
  };
  const request = new Request({ host, port, path, headers: ['Range', `bytes=${from}-${to}`] });
  request.callback = function (message, value) {
    if (Request.status === message) {
      status = value;
      at = status === 206 ? from : 0;
      if (status !== 200 && status !== 206) finish(`HTTP ${status}`);
    } else if (Request.responseFragment === message) {
      const bytes = new Uint8Array(this.read(ArrayBuffer, value));
      const skip = Math.max(0, Math.min(bytes.length, from - at));
      try {
        if (skip < bytes.length) onBytes(bytes.subarray(skip), at + skip);
      } catch (e) {
        finish(e);
        return;
      }
      at += bytes.length;
    } else if (Request.responseComplete === message) finish(null);
    else if (message < 0) finish(`connection failed (${value ?? message})`);
  };
  return request;
}

/**
 * Gathers fragments of any size into one preallocated block and hands `sink(bytes, at)` whole blocks
 * (the last one may be short): one flash write per block instead of one per TCP segment, no new buffers.
 */
export class Chunker {
  #block;
  #used = 0;
  #at = 0;
  #sink;

  constructor(size, sink) {
    this.#block = new Uint8Array(size);
    this.#sink = sink;
  }

  /** Starts over at file offset `at`, dropping anything not yet handed on. */
  reset(at) {
    this.#used = 0;
    this.#at = at;
  }

  push(bytes) {
    let from = 0;
    while (from < bytes.length) {
      const n = Math.min(bytes.length - from, this.#block.length - this.#used);
      this.#block.set(bytes.subarray(from, from + n), this.#used);
      this.#used += n;
      from += n;
      if (this.#used === this.#block.length) this.flush();
    }
  }

  flush() {
    if (!this.#used) return;
    const at = this.#at;
    const bytes = this.#block.subarray(0, this.#used);
    this.#at += this.#used;
    this.#used = 0;
    this.#sink(bytes, at);
  }
}
