/* Seed inputs for fuzzing: mflow's own sine model and, when present, the shared real models. */
import { readFileSync } from 'node:fs';
import { makeSineModel } from '../packer/src/demo/sine_model.js';
import { packTflite } from '../packer/src/pack.js';
import { modelGoldens, opGoldens } from '../tests/helpers/shared_data.js';

/** Small models keep cases fast; the big ones add conv, depthwise, pooling, add and softmax. */
const SHARED = ['sine', 'speech', 'kws', 'resnet', 'hello_world_float'];
/** Single-op models for COPY: padding entries, an index table, and an output several ops assemble. */
const OPS = ['ops/op_padv2_3d_const', 'ops/op_resize_nearest_neighbor_non_integer', 'ops/op_concatenation_axis1_3inputs'];

/** tflite and mfb: every seed; small: the ones cheap enough to compile by the hundred (gen-c target). */
export function fuzzSeeds(): { tflite: Uint8Array[]; mfb: Uint8Array[]; small: Uint8Array[] } {
  const shared = [...modelGoldens().filter((s) => SHARED.includes(s.id)), ...opGoldens().filter((s) => OPS.includes(s.id))];
  const load = (ids: readonly string[]): Uint8Array[] =>
    shared.filter((s) => ids.includes(s.id)).map((s) => new Uint8Array(readFileSync(s.modelPath)));
  const tflite = [makeSineModel(), ...load(SHARED), ...load(OPS)];
  return {
    tflite,
    mfb: tflite.map((t, i) => packTflite(t, { pageSize: i % 2 ? 256 : 4096 }).mfb),
    small: [makeSineModel(), ...load(['speech', 'hello_world_float']), ...load(OPS)],
  };
}
