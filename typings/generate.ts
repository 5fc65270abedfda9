/*
 * Writes typings/mflow.d.ts and typings/mflow-ota.d.ts: ambient `declare module` typings for the
 * specifiers manifests/mflow.json and mflow-ota.json define, generated from the runtime's own sources so
 * they cannot drift (tests/moddable/typings.test.ts regenerates them and compares).
 *
 *   npx tsx typings/generate.ts          # after changing a runtime export
 *
 * How: tsc's declaration output of every runtime module reached from the public entries becomes an
 * internal ambient module "mflow/internal/<path>" (relative imports rewritten to those names), and each
 * public specifier re-exports its entry. Moddable apps see only ambient modules (mcconfig maps
 * specifiers to bundles, which carry no types), so the declarations must be ambient.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';
import ts from 'typescript';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'runtime', 'src');
const INTERNAL = 'mflow/internal/';

interface Part {
  readonly file: string;
  /** specifier -> entry module (path under runtime/src, no extension) */
  readonly publics: Readonly<Record<string, string | null>>;
}

export const PARTS: readonly Part[] = [
  {
    file: 'mflow.d.ts',
    publics: {
      mflow: 'index',
      'mflow/native': 'kernels/native/index',
      'mflow/host': 'kernels/native/mflow_native',
    },
  },
  { file: 'mflow-ota.d.ts', publics: { 'mflow/flash': 'flash/index', 'mflow/store': 'store/index' } },
];

/** Declaration text of every runtime module, by path under runtime/src without extension. */
function declarations(): Map<string, string> {
  const entries = PARTS.flatMap((p) => Object.values(p.publics)).filter((e): e is string => e !== null && !e.endsWith('mflow_native'));
  const options: ts.CompilerOptions = {
    declaration: true,
    emitDeclarationOnly: true,
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2022.d.ts'],
    types: [],
    skipLibCheck: true,
    rootDir: SRC,
    outDir: join(ROOT, 'build', 'typings'),
    removeComments: false,
  };
  const out = new Map<string, string>();
  // The runtime's own ambient declarations (e.g. the "flash" module Esp32Flash types against) are roots too.
  const ambient = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.d.ts'))
    .map((f) => join(SRC, f));
  const program = ts.createProgram([...entries.map((e) => join(SRC, `${e}.ts`)), ...ambient], options);
  const errors = ts.getPreEmitDiagnostics(program);
  if (errors.length)
    throw new Error(
      ts.formatDiagnostics(errors, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' }),
    );
  program.emit(undefined, (name, text) => {
    out.set(
      relative(options.outDir as string, name)
        .replace(/\.d\.ts$/, '')
        .split('\\')
        .join('/'),
      text,
    );
  });
  // Hand-written declarations the runtime imports (the XS host-function module); not the ambient "flash".
  for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile && sf.fileName.startsWith(SRC) && !/declare module/.test(sf.text)) {
      out.set(
        relative(SRC, sf.fileName)
          .replace(/\.d\.ts$/, '')
          .split('\\')
          .join('/'),
        sf.text,
      );
    }
  }
  return out;
}

const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]+)\2/g;

/** One module's declarations as the body of its ambient module: relative imports named, no `declare`. */
function ambientBody(path: string, text: string): { body: string; deps: string[] } {
  const deps: string[] = [];
  const body = text
    .replace(SPECIFIER, (_, lead: string, _q: string, spec: string) => {
      const target = posix.normalize(posix.join(posix.dirname(path), spec.replace(/\.js$/, '')));
      deps.push(target);
      return `${lead}"${INTERNAL}${target}"`;
    })
    .replace(/^(export )?declare /gm, '$1')
    .replace(/^\/\/# sourceMappingURL=.*$/gm, '')
    .trimEnd();
  return { body, deps };
}

const indent = (text: string): string =>
  text
    .split('\n')
    .map((l) => (l ? `\t${l}` : l))
    .join('\n');

/** Formatted as `npm run format` would (the files are committed). */
async function format(text: string): Promise<string> {
  const config = (await prettier.resolveConfig(join(ROOT, 'typings', 'x.d.ts'))) ?? {};
  return prettier.format(text, { ...config, parser: 'typescript' });
}

/** The typings files' text, by file name. */
export async function generateTypings(): Promise<Map<string, string>> {
  const decls = declarations();
  const bodies = new Map([...decls].map(([p, text]) => [p, ambientBody(p, text)]));
  const done = new Set<string>();
  const files = new Map<string, string>();
  for (const part of PARTS) {
    const modules: string[] = [];
    const visit = (p: string): void => {
      if (done.has(p)) return;
      const b = bodies.get(p);
      if (!b) throw new Error(`no declarations for runtime/src/${p}`);
      done.add(p);
      b.deps.forEach(visit);
      modules.push(`declare module "${INTERNAL}${p}" {\n${indent(b.body)}\n}`);
    };
    Object.values(part.publics).forEach((e) => e && visit(e));
    const publics = Object.entries(part.publics).map(([spec, entry]) =>
      entry ? `declare module "${spec}" {\n\texport * from "${INTERNAL}${entry}";\n}` : `declare module "${spec}" {}`,
    );
    const head = [
      `// GENERATED by typings/generate.ts from runtime/src: do not edit (npx tsx typings/generate.ts).`,
      `// Ambient typings of ${Object.keys(part.publics).join(', ')} as manifests/${part.file.replace('.d.ts', '.json')} maps them.`,
      `// "${INTERNAL}*" modules only carry the declarations: import the public specifiers.`,
      ...(part === PARTS[0] ? [] : [`/// <reference path="./${PARTS[0]?.file}" />`]),
    ];
    const body = [...publics, ...modules].join('\n\n');
    // Declaration output keeps `#private;` markers and the OTA file references the base one: not lint findings.
    if (/#private|<reference/.test(body + head.join(''))) head.unshift('/* eslint-disable */');
    files.set(part.file, await format(`${head.join('\n')}\n\n${body}\n`));
  }
  return files;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  for (const [name, text] of await generateTypings()) {
    writeFileSync(join(ROOT, 'typings', name), text);
    console.log(`typings/${name}: ${text.split('\n').length} lines`);
  }
}
