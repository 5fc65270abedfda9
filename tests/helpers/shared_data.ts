/*
 * Locates the shared ground-truth data (real models and TFLM golden outputs).
 * Looked up in $MFLOW_DATA, else ../shared beside the repository. With CI=true a missing
 * directory is an error, never a silent skip.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function locate(): string | null {
  const candidates = [process.env.MFLOW_DATA, join(repoRoot, '..', 'shared')].filter((p): p is string => !!p);
  for (const dir of candidates) if (existsSync(join(dir, 'golden'))) return dir;
  if (process.env.CI === 'true') {
    throw new Error(`shared data not found (looked in ${candidates.join(', ')}); set MFLOW_DATA`);
  }
  return null;
}

/** Absolute path of the shared data directory, or null when absent outside CI. */
export const sharedDir: string | null = locate();

export interface GoldenTensor {
  name: string;
  dtype: 'int8' | 'uint8' | 'int16' | 'int32' | 'float32';
  shape: number[];
  scale: number;
  zero_point: number;
}

export interface GoldenCase {
  name: string;
  inputs: string[];
  outputs: string[];
  note?: string;
}

export interface GoldenSet {
  /** Folder name, e.g. "sine" or "ops/op_add_same_shape". */
  id: string;
  dir: string;
  modelPath: string;
  inputs: GoldenTensor[];
  outputs: GoldenTensor[];
  tflm: { arena_used_bytes: number; arena_head_bytes: number; instructions_per_invoke?: number; macs?: number };
  cases: GoldenCase[];
}

function loadSet(id: string): GoldenSet {
  const root = sharedDir as string;
  const dir = join(root, 'golden', id);
  const json = JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8'));
  return {
    id,
    dir,
    modelPath: join(root, json.model),
    inputs: json.inputs,
    outputs: json.outputs,
    tflm: json.tflm,
    cases: json.cases,
  };
}

/** The real models' golden sets (sine, speech, person_detect, ...). Empty when data is absent. */
export function modelGoldens(): GoldenSet[] {
  if (!sharedDir) return [];
  return readdirSync(join(sharedDir, 'golden'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'ops' && existsSync(join(sharedDir as string, 'golden', d.name, 'cases.json')))
    .map((d) => loadSet(d.name))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** The single-operator golden sets under golden/ops. Empty when data is absent. */
export function opGoldens(): GoldenSet[] {
  if (!sharedDir) return [];
  const opsDir = join(sharedDir, 'golden', 'ops');
  if (!existsSync(opsDir)) return [];
  return readdirSync(opsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(opsDir, d.name, 'cases.json')))
    .map((d) => loadSet(`ops/${d.name}`))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** Raw bytes of a case file. */
export function caseBytes(set: GoldenSet, file: string): Uint8Array {
  return new Uint8Array(readFileSync(join(set.dir, file)));
}

/** All .tflite files under models/ (real models first, then ops). */
export function sharedModelPaths(): string[] {
  if (!sharedDir) return [];
  const top = readdirSync(join(sharedDir, 'models'))
    .filter((f) => f.endsWith('.tflite'))
    .sort();
  const ops = existsSync(join(sharedDir, 'models', 'ops'))
    ? readdirSync(join(sharedDir, 'models', 'ops'))
        .filter((f) => f.endsWith('.tflite'))
        .sort()
        .map((f) => join('ops', f))
    : [];
  return [...top, ...ops].map((f) => join(sharedDir as string, 'models', f));
}
