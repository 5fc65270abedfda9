/*
 * npm run demo: makes mflow's own sine model, packs it, inspects it and runs it on the embedded
 * default — the runtime inside the Linux XS host with the C kernels.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeSineModel } from '../packer/src/demo/make_sine.js';
import { repoRoot } from '../packer/src/repo_root.js';

const root = repoRoot();
const out = join(root, 'build', 'demo');
mkdirSync(out, { recursive: true });
const tflite = join(out, 'sine.tflite');
const mfb = join(out, 'sine.mfb');
writeSineModel(tflite);

const mflow = (...args: string[]): string => {
  console.log(`$ mflow ${args.join(' ')}`);
  const text = execFileSync(process.execPath, [join(root, 'bin', 'mflow.js'), ...args], { encoding: 'utf8' });
  console.log(text);
  return text;
};

mflow('pack', tflite, '-o', mfb, '--page-size', '256');
mflow('inspect', mfb);
const inspect = JSON.parse(
  execFileSync(process.execPath, [join(root, 'bin', 'mflow.js'), 'inspect', mfb, '--json'], { encoding: 'utf8' }),
) as {
  tensors: { index: number; scale: number; zero_point: number }[];
};
const input = inspect.tensors[0] as { scale: number; zero_point: number };
const x = Math.PI / 2;
const q = Math.max(-128, Math.min(127, Math.round(x / input.scale) + input.zero_point));
const inFile = join(out, 'x.bin');
writeFileSync(inFile, new Uint8Array(new Int8Array([q]).buffer));
console.log(`input x = ${x.toFixed(4)} -> int8 ${q}; expect sin(x) = 1`);
mflow('run', mfb, '--input', inFile, '--engine', 'xs');
