/* Seed inputs for fuzzing: mflow's own sine model and, when present, the shared real models. */
import { readFileSync } from 'node:fs';
import { makeSineModel } from '../packer/src/demo/sine_model.js';
import { packTflite } from '../packer/src/pack.js';
import { modelGoldens } from '../tests/helpers/shared_data.js';

/** Small models keep cases fast; the big ones add conv, depthwise, pooling, add and softmax. */
const SHARED = ['sine', 'speech', 'kws', 'resnet', 'hello_world_float'];

export function fuzzSeeds(): { tflite: Uint8Array[]; mfb: Uint8Array[] } {
  const tflite = [
    makeSineModel(),
    ...modelGoldens()
      .filter((s) => SHARED.includes(s.id))
      .map((s) => new Uint8Array(readFileSync(s.modelPath))),
  ];
  return { tflite, mfb: tflite.map((t, i) => packTflite(t, { pageSize: i % 2 ? 256 : 4096 }).mfb) };
}
