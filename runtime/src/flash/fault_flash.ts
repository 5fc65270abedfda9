/*
 * Power-cut injection for the store's tests: wraps a flash and "cuts power" at the k-th erase or
 * write. The cut operation may complete, or be torn the way NOR flash tears: a write that programmed
 * only a prefix or only some of its bits, an erase that set only a prefix or only some bits back to 1.
 * After the cut every operation throws PowerCut, so nothing more reaches the flash until "reboot"
 * (a new store over the same underlying flash).
 */
import type { Flash } from './flash.js';

/**
 * What happens to the k-th operation: `complete` = it finishes, then power fails; `prefix` = only a
 * random prefix of it takes effect; `bits` = a random subset of its bit changes takes effect.
 */
export type CutMode = 'complete' | 'prefix' | 'bits';

export class PowerCut extends Error {
  /** A class field, not an assignment: XS freezes Error.prototype after a Moddable preload. */
  override readonly name = 'PowerCut';
  constructor(readonly operation: number) {
    super(`power cut at flash operation ${operation}`);
  }
}

export interface FaultPlan {
  /** 1-based index of the erase/write at which power fails; 0 or absent = never. */
  readonly cutAt?: number;
  readonly mode?: CutMode;
  /** Seed of the generator choosing the torn prefix length or bits (deterministic runs). */
  readonly seed?: number;
}

/** xorshift32: small, deterministic, good enough to pick torn bits. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

export class FaultFlash implements Flash {
  readonly size: number;
  readonly sectorSize: number;
  /** Erases and writes attempted so far (the cut one included). */
  operations = 0;
  cut = false;
  readonly #inner: Flash;
  readonly #cutAt: number;
  readonly #mode: CutMode;
  readonly #random: () => number;

  constructor(inner: Flash, plan: FaultPlan = {}) {
    this.#inner = inner;
    this.size = inner.size;
    this.sectorSize = inner.sectorSize;
    this.#cutAt = plan.cutAt ?? 0;
    this.#mode = plan.mode ?? 'complete';
    this.#random = rng(plan.seed ?? 1);
  }

  /** True when this operation is the one to cut (and counts it); throws if power is already off. */
  #step(): boolean {
    if (this.cut) throw new PowerCut(this.operations);
    this.operations++;
    return this.operations === this.#cutAt;
  }

  #die(): never {
    this.cut = true;
    throw new PowerCut(this.operations);
  }

  erase(sector: number): void {
    if (!this.#step()) return this.#inner.erase(sector);
    if (this.#mode === 'complete') this.#inner.erase(sector);
    else {
      // A torn erase leaves some bits still programmed: erase, then program back a part of the old
      // zeros (writes only clear bits, so "old | mask" is reachable through the flash API).
      const s = this.sectorSize;
      const old = this.#inner.read(sector * s, s);
      this.#inner.erase(sector);
      const keep = new Uint8Array(s).fill(0xff);
      const from = this.#random() % s;
      for (let i = 0; i < s; i++) {
        if (this.#mode === 'prefix') keep[i] = i < from ? 0xff : (old[i] as number);
        else keep[i] = (old[i] as number) | (this.#random() & 0xff);
      }
      this.#inner.write(sector * s, keep);
    }
    this.#die();
  }

  write(offset: number, bytes: Uint8Array): void {
    if (!this.#step()) return this.#inner.write(offset, bytes);
    if (this.#mode === 'complete') this.#inner.write(offset, bytes);
    else if (this.#mode === 'prefix') {
      const n = bytes.length === 0 ? 0 : this.#random() % bytes.length;
      if (n > 0) this.#inner.write(offset, bytes.subarray(0, n));
    } else {
      // Only some of the bits the write would clear get cleared.
      const torn = new Uint8Array(bytes.length);
      for (let i = 0; i < bytes.length; i++) torn[i] = (bytes[i] as number) | (this.#random() & 0xff);
      this.#inner.write(offset, torn);
    }
    this.#die();
  }

  read(offset: number, length: number): Uint8Array {
    if (this.cut) throw new PowerCut(this.operations);
    return this.#inner.read(offset, length);
  }

  map(): Uint8Array | null {
    if (this.cut) throw new PowerCut(this.operations);
    return this.#inner.map();
  }
}
