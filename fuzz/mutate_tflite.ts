/*
 * Mutations of a .tflite. Byte-level ones (flips, truncation, growth, int32 patches with
 * interesting values at aligned positions — which is where flatbuffer offsets, indices, shapes and
 * lengths live) plus, when a spec mutator is given, structure-aware ones made by rewriting the model.
 */
import { INTERESTING_I32, type Rng } from './rng.js';

export type SpecMutator = (tflite: Uint8Array, rng: Rng) => Uint8Array | null;

export function mutateTfliteBytes(seed: Uint8Array, rng: Rng): Uint8Array {
  let b: Uint8Array = seed.slice();
  const n = 1 + rng.below(4);
  for (let k = 0; k < n; k++) {
    const which = rng.below(10);
    if (which < 4) b[rng.below(b.length)] ^= 1 << rng.below(8);
    else if (which < 8 && b.length >= 12) {
      // Skip the root offset and identifier so most cases get past the first check.
      const at = 8 + 4 * rng.below(Math.max(1, (b.length - 12) >> 2));
      new DataView(b.buffer).setInt32(
        at,
        rng.chance(0.7) ? rng.pick(INTERESTING_I32) : new DataView(b.buffer).getInt32(at, true) + rng.pick([-4, -1, 1, 4]),
        true,
      );
    } else if (which === 8) b = b.slice(0, rng.below(b.length));
    else {
      const out = new Uint8Array(b.length + 1 + rng.below(64));
      out.set(b);
      b = out;
    }
  }
  return b;
}

export function mutateTflite(seed: Uint8Array, rng: Rng, spec?: SpecMutator): Uint8Array {
  if (spec && rng.chance(0.5)) {
    const m = spec(seed, rng);
    if (m) return m;
  }
  return mutateTfliteBytes(seed, rng);
}
