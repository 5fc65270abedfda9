/* A small seeded PRNG (mulberry32) so every fuzz case is reproducible from (seed, case index). */
export class Rng {
  private s: number;

  constructor(seed: number) {
    this.s = seed >>> 0;
  }

  /** Uniform in [0, 2^32). */
  u32(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform integer in [0, n). */
  below(n: number): number {
    return n <= 0 ? 0 : this.u32() % n;
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.below(xs.length)] as T;
  }

  chance(p: number): boolean {
    return this.u32() / 2 ** 32 < p;
  }
}

/** Values that break arithmetic: zero, one, signs, powers of two, type limits. */
export const INTERESTING_U32: readonly number[] = [
  0, 1, 2, 3, 4, 7, 8, 15, 16, 255, 256, 4095, 4096, 65535, 65536, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff,
];
export const INTERESTING_I32: readonly number[] = [
  0, 1, -1, 2, -2, 31, 32, -31, -32, 127, -128, 128, 255, 65535, 0x7fffffff, -0x80000000, 0x40000000,
];
