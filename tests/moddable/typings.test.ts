/*
 * typings/: the generated ambient typings match the runtime (regenerated here and compared), and TS
 * snippets compiled under `strict` with the compiler options mcconfig gives an app's .ts (module
 * "preserve", `paths` from every specifier to its bundle) pass when they use the API right and fail
 * with the expected error code when they do not.
 */
import test from 'ava';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { generateTypings } from '../../typings/generate.js';
import { repoRoot } from '../helpers/shared_data.js';
import { mergeManifests, specifiers } from './manifest_tools.js';

const TYPINGS = join(repoRoot, 'typings');
const moddableTypes = readdirSync(join(TYPINGS, 'moddable'))
  .filter((f) => f.endsWith('.d.ts'))
  .map((f) => join(TYPINGS, 'moddable', f));

test('typings/*.d.ts are what typings/generate.ts makes from runtime/src (run it after changing an export)', async (t) => {
  for (const [name, text] of await generateTypings()) {
    t.is(readFileSync(join(TYPINGS, name), 'utf8'), text, `typings/${name} is stale: npx tsx typings/generate.ts`);
  }
});

// What mcconfig's generated tsconfig maps: each specifier to its file without extension (TSConfigFile).
const merged = mergeManifests(join(repoRoot, 'manifests', 'mflow-ota.json'), 'esp32');
const paths = Object.fromEntries([...specifiers(merged)].map(([spec, file]) => [spec, [file.replace(/\.js$/, '')]]));

// Parsed lib and typings files, shared by every snippet's program (they do not change between them).
const parsed = new Map<string, ts.SourceFile | undefined>();

function diagnostics(snippet: string): { code: number; text: string }[] {
  const file = join(repoRoot, 'build', 'typings-test', 'app.ts');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    module: ts.ModuleKind.Preserve,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    types: [],
    paths,
    forceConsistentCasingInFileNames: true,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, ...rest) => {
    if (name === file) return ts.createSourceFile(name, snippet, lang);
    if (!parsed.has(name)) parsed.set(name, getSourceFile(name, lang, ...rest));
    return parsed.get(name);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || fileExists(name);
  const roots = [join(TYPINGS, 'mflow.d.ts'), join(TYPINGS, 'mflow-ota.d.ts'), ...moddableTypes, file];
  const program = ts.createProgram(roots, options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ({ code: d.code, text: ts.flattenDiagnosticMessageText(d.messageText, '\n') }));
}

const RUN_RESOURCE = `
import Resource from 'Resource';
import { createInterpreter, openModel, refKernels, MfbError, type Model, type Interpreter } from 'mflow';
import { nativeCrc32, nativeGraph, nativeKernels, nativeSha256 } from 'mflow/native';

let model: Model;
try {
  model = openModel(new Uint8Array(new Resource('sine.mfb')), { verify: true, sha256: nativeSha256, crc32: nativeCrc32 });
} catch (e) {
  if (e instanceof MfbError) trace(e.code, ' at ', e.offset, '\\n');
  throw e;
}
const interp: Interpreter = createInterpreter(model, { kernels: [nativeKernels, refKernels], graph: nativeGraph, arena: new SharedArrayBuffer(model.arenaSize) });
const [inT] = model.inputs;
if (inT) interp.input(0)[0] = Math.round(1.5 / inT.scale) + inT.zeroPoint;
interp.invoke();
const y: number = interp.output(0)[0] ?? 0;
trace(y, '\\n');
`;

const OTA = `
import Flash from 'flash';
import Timer from 'timer';
import { Request } from 'http';
import { Esp32Flash, SimFlash, type Flash as SlotFlash } from 'mflow/flash';
import { ModelStore, UpdateError, type StoreState } from 'mflow/store';
import { nativeKernels, nativeCrc32, nativeSha256 } from 'mflow/native';

const slots: [SlotFlash, SlotFlash] = [new Esp32Flash(new Flash('mflow_a')), new SimFlash(new Uint8Array(65536).fill(0xff))];
const store = new ModelStore({ slots, publicKey: null, kernels: [nativeKernels], crc32: nativeCrc32, sha256: nativeSha256 });
const state: StoreState = store.open();
trace(state.active, state.pending ? ' pending' : '', '\\n');
const request = new Request({ host: 'example.com', path: '/m.mfb', headers: ['Range', 'bytes=0-127'] });
request.callback = function (message, value) {
  if (message === Request.responseFragment && typeof value === 'number') {
    const bytes = new Uint8Array(this.read(ArrayBuffer, value));
    try {
      store.begin(bytes).write(bytes, 0);
    } catch (e) {
      if (e instanceof UpdateError) trace(e.code, '\\n');
    }
  }
};
Timer.set(() => request.close(), 1000);
`;

test('correct use of mflow and mflow/native compiles under strict', (t) => {
  t.deepEqual(diagnostics(RUN_RESOURCE), []);
});

test('correct use of mflow/flash, mflow/store and the Moddable modules compiles under strict', (t) => {
  t.deepEqual(diagnostics(OTA), []);
});

const WRONG: readonly [string, string, number][] = [
  ['a string for the model bytes', `import { openModel } from 'mflow'; openModel('sine.mfb');`, 2345],
  [
    'interpreter options without kernels',
    `import { openModel, createInterpreter } from 'mflow'; createInterpreter(openModel(new Uint8Array(0)), {});`,
    2345,
  ],
  [
    'invoke with an argument',
    `import { openModel, createInterpreter, refKernels } from 'mflow'; createInterpreter(openModel(new Uint8Array(0)), { kernels: [refKernels] }).invoke(1);`,
    2554,
  ],
  ['an export mflow does not have', `import { loadModel } from 'mflow';`, 2305],
  ['the store from the base specifier', `import { ModelStore } from 'mflow';`, 2305],
  ['an int32 array for the native SHA-256', `import { nativeSha256 } from 'mflow/native'; nativeSha256(new Int32Array(8));`, 2345],
  ['a label where Esp32Flash wants a flash partition', `import { Esp32Flash } from 'mflow/flash'; new Esp32Flash('mflow_a');`, 2345],
  [
    'a misspelt store option',
    `import { ModelStore } from 'mflow/store'; import { SimFlash } from 'mflow/flash'; const f = new SimFlash(new Uint8Array(8192)); new ModelStore({ slots: [f, f], publicKeys: null });`,
    2561,
  ],
  [
    'one slot',
    `import { ModelStore } from 'mflow/store'; import { SimFlash } from 'mflow/flash'; new ModelStore({ slots: [new SimFlash(new Uint8Array(8192))] });`,
    2322,
  ],
  [
    'an unknown error code compared',
    `import { MfbError } from 'mflow'; declare const e: MfbError; if (e.code === 'MFB_NOPE') trace('x');`,
    2367,
  ],
  ['a number for a Resource name', `import Resource from 'Resource'; new Resource(1);`, 2345],
  ['a module that does not exist', `import x from 'mflow/nope'; trace(String(x));`, 2307],
];

for (const [what, snippet, code] of WRONG) {
  test(`wrong use fails with TS${code}: ${what}`, (t) => {
    const d = diagnostics(snippet);
    t.true(d.length > 0, 'compiled without errors');
    t.deepEqual(
      d.map((x) => x.code),
      [code],
      d.map((x) => x.text).join('\n'),
    );
  });
}
