/*
 * Runs a Moddable example app in the Linux XS host (boards/lin): the app's manifest merged as for ESP32
 * gives the module specifiers (--alias), the device-only SDK modules come from examples/stubs, and
 * examples/stubs/run.js starts it as a device would (preloads, frozen built-ins, main's default export).
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../helpers/shared_data.js';
import { mergeManifests, SDK_PRELOADS, SDK_PROVIDES, specifiers, type Merged } from './manifest_tools.js';

export const XS_VARIANT = process.env.MFLOW_XS_VARIANT ?? 'release';
export const xsExe = join(repoRoot, 'build', 'lin', XS_VARIANT, 'mflow-xs');
const STUBS = join(repoRoot, 'examples', 'stubs');
const STUB_FILES: Readonly<Record<string, string>> = {
  Resource: 'Resource.js',
  flash: 'flash.js',
  http: 'http.js',
  timer: 'timer.js',
  'mc/config': 'config.js',
};

export function buildXsHost(): void {
  const r = spawnSync(process.execPath, [join(repoRoot, 'boards', 'lin', 'build.mjs'), '--variant', XS_VARIANT], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`boards/lin/build.mjs --variant ${XS_VARIANT} failed:\n${r.stdout}${r.stderr}`);
}

export interface AppRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The mflow-xs command line for an app: aliases, launcher and its options. */
export function appCommand(appDir: string, options: readonly string[] = []): { args: string[]; merged: Merged } {
  const merged = mergeManifests(join(appDir, 'manifest.json'), 'esp32');
  const aliases = new Map(specifiers(merged));
  const provided = merged.sdkIncludes.flatMap((inc) => SDK_PROVIDES[inc] ?? []);
  for (const spec of provided) aliases.set(spec, join(STUBS, STUB_FILES[spec] as string));
  const preload = [...SDK_PRELOADS.filter((s) => provided.includes(s)), ...merged.preload];
  const args = [...[...aliases].map(([spec, file]) => `--alias=${spec}=${file}`), join(STUBS, 'run.js')];
  args.push(`--preload=${preload.join(',')}`, `--config=${JSON.stringify(merged.config)}`, ...options);
  return { args, merged };
}

export function runApp(appDir: string, options: readonly string[] = []): Promise<AppRun> {
  const { args } = appCommand(appDir, options);
  return new Promise((done, fail) => {
    const child = spawn(xsExe, args, { cwd: repoRoot });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}
