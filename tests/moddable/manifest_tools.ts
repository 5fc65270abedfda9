/*
 * Reads Moddable manifests the way mcconfig merges them (tools/mcmanifest.js: `build` variables, `include`
 * before the including manifest, `platforms` matched by name with "..." as the fallback), far enough to
 * check ours: which files each module specifier maps to, preloads, config, TypeScript types, errors.
 * Includes under the SDK ($(MODDABLE), $(MODULES)) are not read: they are recorded, and the stand-ins in
 * examples/stubs give what they provide.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';

/** SDK manifests our manifests and examples include, and the module specifiers each provides. */
export const SDK_PROVIDES: Readonly<Record<string, readonly string[]>> = {
  '$(MODDABLE)/examples/manifest_base.json': ['Resource', 'timer', 'mc/config'],
  '$(MODDABLE)/examples/manifest_net.json': [],
  '$(MODULES)/network/http/manifest.json': ['http'],
  '$(MODDABLE)/modules/files/flash/manifest.json': ['flash'],
};

/** The SDK's preloads among those (the device runs them before the app's modules). */
export const SDK_PRELOADS = ['Resource', 'timer', 'http', 'flash'];

const SDK_VARIABLES = ['MODDABLE', 'MODULES', 'BUILD', 'TYPINGS'];
const MODULE_EXTENSIONS = ['.js', '.mjs', '.ts', '.d.ts', '.c', '.h', '.json'];

export interface ModuleEntry {
  /** "mflow/native", or "" for the "*" rule (C and headers: no specifier). */
  readonly specifier: string;
  readonly files: readonly string[];
  /** As written, and the manifest it is in. */
  readonly source: string;
  readonly manifest: string;
}

export interface Merged {
  readonly manifests: string[];
  readonly modules: ModuleEntry[];
  readonly preload: string[];
  readonly config: Record<string, unknown>;
  readonly types: string[];
  readonly errors: string[];
  readonly warnings: string[];
  readonly sdkIncludes: string[];
  readonly data: string[];
  readonly build: Record<string, string>;
  /** Paths that did not resolve, with where they were written. */
  readonly missing: string[];
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const asList = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

function matchPlatform(platforms: Json, name: string): Json | undefined {
  const parts = name.split('/');
  while (parts.length) {
    const partial = parts.join('/');
    for (const [key, value] of Object.entries(platforms)) {
      if (key.endsWith('/*') ? partial.startsWith(key.slice(0, -1)) : key === partial) return value as Json;
    }
    parts.pop();
  }
  return platforms['...'] as Json | undefined;
}

function mergeInto(target: Json, source: unknown): void {
  if (!isObject(source)) return;
  for (const [k, v] of Object.entries(source)) {
    if (isObject(target[k]) && isObject(v)) mergeInto(target[k] as Json, v);
    else target[k] = v;
  }
}

/** Files a module source ("./x", "./dir/*", "./dir/", "./x.js") matches, as ModulesRule does. */
export function moduleFiles(path: string): string[] {
  const dir = dirname(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  const name = basename(path);
  const files = readdirSync(dir).filter((f) => !f.startsWith('.'));
  const stem = (f: string): string => {
    const ext = MODULE_EXTENSIONS.find((e) => f.endsWith(e));
    return ext ? f.slice(0, -ext.length) : f.slice(0, -extname(f).length || undefined);
  };
  if (name.includes('*')) {
    const prefix = name.slice(0, name.indexOf('*'));
    return files.filter((f) => f.startsWith(prefix) && MODULE_EXTENSIONS.some((e) => f.endsWith(e))).map((f) => join(dir, f));
  }
  return files.filter((f) => f === name || (stem(f) === name && MODULE_EXTENSIONS.some((e) => f.endsWith(e)))).map((f) => join(dir, f));
}

export function mergeManifests(path: string, platform: string, env: Record<string, string> = {}): Merged {
  const vars: Record<string, string> = { ...env };
  const m: Merged = {
    manifests: [],
    modules: [],
    preload: [],
    config: {},
    types: [],
    errors: [],
    warnings: [],
    sdkIncludes: [],
    data: [],
    build: vars,
    missing: [],
  };
  const parsed: { file: string; json: Json; platform: Json | undefined }[] = [];
  const seen = new Set<string>();

  const expand = (value: string, dir: string): string | null => {
    let sdk = false;
    const out = value.replace(/\$\(([^)]+)\)/g, (_, name: string) => {
      if (name in vars) return vars[name] as string;
      sdk ||= SDK_VARIABLES.includes(name);
      return `$(${name})`;
    });
    if (sdk || out.includes('$(')) return null;
    return resolve(dir, out);
  };

  const parseBuild = (build: unknown, dir: string): void => {
    if (!isObject(build)) return;
    for (const [key, raw] of Object.entries(build)) {
      const name = key.endsWith(' ?=') ? key.slice(0, -3) : key;
      if (key.endsWith(' ?=') && name in env) continue;
      const value = String(raw).replace(/\$\(([^)]+)\)/g, (all, v: string) => vars[v] ?? all);
      vars[name] = value.startsWith('./') ? resolve(dir, value) : value;
    }
  };

  const parse = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const json = JSON.parse(readFileSync(file, 'utf8')) as Json;
    const dir = dirname(file);
    parseBuild(json.build, dir);
    const plat = isObject(json.platforms) ? matchPlatform(json.platforms, platform) : undefined;
    parseBuild(plat?.build, dir);
    for (const inc of [...asList(json.include), ...asList(plat?.include)]) {
      const target = expand(inc, dir);
      if (target === null) m.sdkIncludes.push(inc);
      else if (!existsSync(target)) m.missing.push(`${file}: include ${inc}`);
      else parse(target);
    }
    parsed.push({ file, json, platform: plat });
  };
  parse(resolve(path));

  for (const { file, json, platform: plat } of parsed) {
    m.manifests.push(file);
    const dir = dirname(file);
    for (const part of [json, plat]) {
      if (!part) continue;
      mergeInto(m.config, part.config);
      if (part.error) m.errors.push(String(part.error));
      if (part.warning) m.warnings.push(String(part.warning));
      m.preload.push(...asList(part.preload));
      if (isObject(part.modules)) {
        for (const [specifier, sources] of Object.entries(part.modules)) {
          for (const source of asList(sources)) {
            const target = expand(source, dir);
            if (target === null) continue;
            const files = moduleFiles(target);
            if (!files.length) m.missing.push(`${file}: module ${specifier} -> ${source}`);
            m.modules.push({ specifier: specifier === '*' ? '' : specifier, files, source, manifest: file });
          }
        }
      }
      if (isObject(part.data)) {
        for (const sources of Object.values(part.data)) {
          for (const source of asList(sources)) {
            const target = expand(source, dir);
            if (target === null) continue;
            if (!existsSync(target)) m.missing.push(`${file}: data ${source}`);
            m.data.push(target);
          }
        }
      }
      const ts = part.typescript;
      const types =
        isObject(ts) && isObject(ts.tsconfig) && isObject(ts.tsconfig.compilerOptions) ? ts.tsconfig.compilerOptions.types : undefined;
      for (const t of asList(types)) {
        const target = expand(t, dir);
        if (target === null) continue;
        if (!existsSync(`${target}.d.ts`)) m.missing.push(`${file}: typescript type ${t}`);
        m.types.push(`${target}.d.ts`);
      }
      if (isObject(part.build)) {
        for (const [key, value] of Object.entries(part.build)) {
          if (key.endsWith('_FILE') || key.endsWith('PATH')) {
            const target = expand(String(value), dir);
            if (target !== null && !existsSync(target)) m.missing.push(`${file}: build ${key} ${value}`);
          }
        }
      }
    }
  }
  return m;
}

/** The JS file a specifier maps to (bundles and host-function modules are .js). */
export function jsFileOf(m: Merged, specifier: string): string | undefined {
  return m.modules.find((e) => e.specifier === specifier)?.files.find((f) => f.endsWith('.js'));
}

/** Every specifier the merged manifests define, including the app's "*" modules (by file name). */
export function specifiers(m: Merged): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of m.modules) {
    for (const f of e.files) {
      if (!f.endsWith('.js')) continue;
      out.set(e.specifier || basename(f, '.js'), f);
    }
  }
  return out;
}

export { SDK_VARIABLES };
