/* Runs golden cases through pack -> openModel -> interpreter on Node, for the golden tests. */
import { readFileSync } from 'node:fs';
import { createInterpreter } from '../../runtime/src/interpreter.js';
import { refKernels } from '../../runtime/src/kernels/ref/index.js';
import { openModel, type Model } from '../../runtime/src/model.js';
import { packTflite } from '../../packer/src/pack.js';
import { caseBytes, type GoldenCase, type GoldenSet } from './shared_data.js';

const packedCache = new Map<string, Model>();

export function packedModel(set: GoldenSet): Model {
  let m = packedCache.get(set.modelPath);
  if (!m) {
    m = openModel(packTflite(new Uint8Array(readFileSync(set.modelPath))).mfb);
    packedCache.set(set.modelPath, m);
  }
  return m;
}

/** Runs one case on a fresh interpreter; returns the output bytes per output. */
export function runCaseNode(model: Model, set: GoldenSet, c: GoldenCase): Uint8Array[] {
  const interp = createInterpreter(model, { kernels: [refKernels] });
  c.inputs.forEach((file, i) => {
    const v = interp.input(i);
    new Uint8Array(v.buffer, v.byteOffset, v.byteLength).set(caseBytes(set, file));
  });
  interp.invoke();
  return c.outputs.map((_, i) => {
    const v = interp.output(i);
    return new Uint8Array(v.buffer, v.byteOffset, v.byteLength).slice();
  });
}

/** First differing index and both values, for readable failures. */
export function firstDifference(got: Uint8Array, want: Uint8Array): string | null {
  if (got.length !== want.length) return `length ${got.length} != ${want.length}`;
  for (let i = 0; i < got.length; i++) if (got[i] !== want[i]) return `byte ${i}: got ${got[i]}, want ${want[i]}`;
  return null;
}
