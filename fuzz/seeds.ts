/* Seed inputs for fuzzing: mflow's own sine model and, when present, the shared real models. */
import { readFileSync } from 'node:fs';
import { makeSineModel } from '../packer/src/demo/sine_model.js';
import { packTflite } from '../packer/src/pack.js';
import { modelGoldens } from '../tests/helpers/shared_data.js';

/** Small models keep cases fast; the big ones add conv, depthwise, pooling, add and softmax. */
const SHARED = ['sine', 'speech', 'kws', 'resnet', 'hello_world_float'];

/** tflite and mfb: every seed; small: the ones cheap enough to compile by the hundred (gen-c target). */
export function fuzzSeeds(): { tflite: Uint8Array[]; mfb: Uint8Array[]; small: Uint8Array[] } {
  const shared = modelGoldens().filter((s) => SHARED.includes(s.id));
  const load = (ids: readonly string[]): Uint8Array[] =>
    shared.filter((s) => ids.includes(s.id)).map((s) => new Uint8Array(readFileSync(s.modelPath)));
  const tflite = [makeSineModel(), ...load(SHARED)];
  return {
    tflite,
    mfb: tflite.map((t, i) => packTflite(t, { pageSize: i % 2 ? 256 : 4096 }).mfb),
    small: [makeSineModel(), ...load(['speech', 'hello_world_float'])],
  };
}
