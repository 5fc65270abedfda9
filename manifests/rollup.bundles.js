// The JS module set that manifests/mflow.json and mflow-ota.json give a Moddable app: one bundle per
// public specifier, built from tsc's output in dist/ (see docs/moddable.md, "Why bundles").
//
//   mflow        dist/moddable/mflow.js         openModel, createInterpreter, the TS kernels
//   mflow/native dist/moddable/mflow-native.js  the C kernel table; imports the host functions from "mflow/host"
//   mflow/flash  dist/moddable/mflow-flash.js   Flash interface, Esp32Flash adapter, simulator
//   mflow/store  dist/moddable/mflow-store.js   two-slot model store, OTA sessions, Ed25519 (noble inlined)
//
// XS identifies a module by its specifier and resolves "./x.js" against the importer's specifier, so the
// runtime's relative imports cannot be kept across specifiers. Instead, a later bundle imports a runtime
// module from an earlier bundle's specifier when that bundle re-exports every value of the module (the
// same objects: MfbError stays one class for instanceof); anything else is inlined (small pure helpers).
import { nodeResolve } from '@rollup/plugin-node-resolve';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.join(ROOT, 'dist/runtime/src');
const HOST_MODULE = 'mflow_native.js';

/** In bundle order: a bundle may import only from those before it. */
export const MODDABLE_BUNDLES = [
  { specifier: 'mflow', input: 'index.js', file: 'mflow.js' },
  { specifier: 'mflow/native', input: 'kernels/native/index.js', file: 'mflow-native.js', importable: false },
  { specifier: 'mflow/flash', input: 'flash/index.js', file: 'mflow-flash.js' },
  { specifier: 'mflow/store', input: 'store/index.js', file: 'mflow-store.js' },
];

const namespaces = new Map();
async function exportsOf(file) {
  if (!namespaces.has(file))
    namespaces.set(
      file,
      import(pathToFileURL(file).href).catch(() => null),
    );
  return namespaces.get(file);
}

/** The earlier bundle that re-exports every value of `file`, or null. */
async function providerOf(file, earlier) {
  const mod = await exportsOf(file);
  const names = mod ? Object.keys(mod) : [];
  if (!names.length) return null;
  for (const b of earlier) {
    // mflow/native's entry imports the XS-only host module, so Node cannot load it to compare
    if (b.importable === false) continue;
    const ns = await exportsOf(path.join(SRC, b.input));
    if (ns && names.every((n) => n in ns && ns[n] === mod[n])) return b.specifier;
  }
  return null;
}

function shareEarlierBundles(earlier) {
  return {
    name: 'mflow-share-bundles',
    async resolveId(source, importer) {
      if (source.endsWith(HOST_MODULE)) return { id: 'mflow/host', external: true };
      if (!importer || !source.startsWith('.')) return null;
      const file = path.resolve(path.dirname(importer), source);
      if (!file.startsWith(SRC)) return null;
      const specifier = await providerOf(file, earlier);
      return specifier ? { id: specifier, external: true } : null;
    },
  };
}

// XS 13.3 (the Linux host that runs the examples in tests) fails while defining @noble/curves' Point class
// (static fields that construct instances). Lowering only noble's modules to ES2021 turns those fields
// into assignments after the class; our own classes keep native private fields.
const lowerNoble = {
  name: 'mflow-lower-noble',
  transform(code, id) {
    if (!id.includes(`${path.sep}@noble${path.sep}`)) return null;
    const out = ts.transpileModule(code, { compilerOptions: { target: ts.ScriptTarget.ES2021, module: ts.ModuleKind.ESNext } });
    return { code: out.outputText, map: null };
  },
};

export const moddableBundles = MODDABLE_BUNDLES.map((b, i) => ({
  input: path.join(SRC, b.input),
  output: { file: path.join(ROOT, 'dist/moddable', b.file), format: 'es' },
  plugins: [shareEarlierBundles(MODDABLE_BUNDLES.slice(0, i)), nodeResolve(), lowerNoble],
  onwarn(w, warn) {
    if (w.code !== 'CIRCULAR_DEPENDENCY') warn(w);
  },
}));
