/*
 * Build step of the example apps: mflow's own sine model (packer/src/demo/sine_model.ts), packed as
 * `mflow pack` packs it, into each app's models/ folder (generated, not committed).
 *
 *   npx tsx examples/make_models.ts [--key model.key] [--model-version N]
 *
 * run-resource/models/sine.mfb: shipped in the firmware as a Resource.
 * ota-http/models/sine.mfb: served over HTTP for the update; signed when --key is given (a key from
 * `mflow keygen`; the app's config.publicKey must then hold its public key in hex).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { makeSineModel } from '../packer/src/demo/sine_model.js';
import { packTflite } from '../packer/src/pack.js';
import { readPrivateKey, type KeyPair } from '../packer/src/sign/keys.js';
import { signMfb } from '../packer/src/sign/sign_mfb.js';

const EXAMPLES = dirname(fileURLToPath(import.meta.url));

export interface ExampleModels {
  readonly resource: string;
  readonly ota: string;
}

/** Writes both models; returns their paths. `root` replaces the examples folder (tests). */
export function makeExampleModels(options: { key?: KeyPair | null; modelVersion?: number; root?: string } = {}): ExampleModels {
  const root = options.root ?? EXAMPLES;
  const tflite = makeSineModel();
  const write = (path: string, bytes: Uint8Array): string => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
    return path;
  };
  const resource = write(join(root, 'run-resource', 'models', 'sine.mfb'), packTflite(tflite).mfb);
  const packed = packTflite(tflite, { modelVersion: options.modelVersion ?? 1 }).mfb;
  const ota = write(join(root, 'ota-http', 'models', 'sine.mfb'), options.key ? signMfb(packed, options.key) : packed);
  return { resource, ota };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { key: { type: 'string' }, 'model-version': { type: 'string' } } });
  const key = values.key ? readPrivateKey(new Uint8Array(readFileSync(values.key)), values.key) : null;
  const modelVersion = values['model-version'] !== undefined ? Number(values['model-version']) : undefined;
  const out = makeExampleModels({ key, ...(modelVersion !== undefined ? { modelVersion } : {}) });
  console.log(`${out.resource}\n${out.ota}${key ? ' (signed)' : ''}`);
}
