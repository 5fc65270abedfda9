// Bundles the runtime (compiled by tsc into dist/) into single ES2022 modules with no Node imports:
//  - dist/mflow.js: the portable runtime (openModel, createInterpreter, TS kernels), for Node and XS;
//  - dist/lin/run_model.js: the Linux XS host's model runner, with the native C kernel table;
//  - dist/lin/fuzz_runner.js: the same for fuzzing under the ASan build of the host;
//  - dist/lin/ota_run.js: the model store and OTA update session on a file-backed simulated flash.
// The host-function module (mflow_native.js, XS-only `@` syntax) stays external and is copied beside it.
// Plus dist/moddable/*: the module set of the Moddable manifests (manifests/rollup.bundles.js).
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import ts from 'typescript';
import { moddableBundles } from './manifests/rollup.bundles.js';

const NATIVE = 'runtime/src/kernels/native/mflow_native.js';
const isNative = (id) => id.endsWith('mflow_native.js');

function copyNative(to) {
  return {
    name: 'copy-native',
    writeBundle() {
      mkdirSync(dirname(to), { recursive: true });
      copyFileSync(NATIVE, to);
    },
  };
}

// XS 13.3 (the Linux host's engine) throws "get ?: not initialized yet" while defining @noble/curves'
// Point class (static fields that construct instances during the class definition). Bundles that
// include it are lowered to ES2021, which turns class fields into assignments after the class.
function lowerClassFields() {
  return {
    name: 'lower-class-fields',
    renderChunk(code) {
      const out = ts.transpileModule(code, { compilerOptions: { target: ts.ScriptTarget.ES2021, module: ts.ModuleKind.ESNext } });
      return { code: out.outputText, map: null };
    },
  };
}

const common = {
  plugins: [nodeResolve()],
  onwarn(w, warn) {
    if (w.code !== 'CIRCULAR_DEPENDENCY') warn(w);
  },
};

export default [
  { ...common, input: 'dist/runtime/src/index.js', output: { file: 'dist/mflow.js', format: 'es' } },
  {
    ...common,
    input: 'dist/boards/lin/run_model.js',
    external: isNative,
    output: { file: 'dist/lin/run_model.js', format: 'es', paths: (id) => (isNative(id) ? './mflow_native.js' : id) },
    plugins: [...common.plugins, copyNative('dist/lin/mflow_native.js')],
  },
  {
    ...common,
    input: 'dist/boards/lin/ota_run.js',
    external: isNative,
    output: { file: 'dist/lin/ota_run.js', format: 'es', paths: (id) => (isNative(id) ? './mflow_native.js' : id) },
    plugins: [...common.plugins, lowerClassFields()],
  },
  {
    ...common,
    input: 'dist/boards/lin/bench_cores.js',
    external: isNative,
    output: { file: 'dist/lin/bench_cores.js', format: 'es', paths: (id) => (isNative(id) ? './mflow_native.js' : id) },
  },
  {
    ...common,
    input: 'dist/boards/lin/fuzz_runner.js',
    external: isNative,
    output: { file: 'dist/lin/fuzz_runner.js', format: 'es', paths: (id) => (isNative(id) ? './mflow_native.js' : id) },
  },
  ...moddableBundles,
];
