/* global print */
// Starts a Moddable app's main module inside the Linux XS host the way a Moddable device does:
// the preloaded modules first, then the built-in prototypes are frozen (as the XS linker does after
// preload), then "main" is imported and its default export, if a function, is called.
//
//   mflow-xs --alias <specifier>=<file>... examples/stubs/run.js --preload=a,b,... [--name=value]... [key=value]...
//
// tests/moddable/xs_app.ts builds the aliases from the app's manifest (and the manifests it includes).
import { option } from './env.js';

// XS's own trace() writes to xsbug, which this host has none of: send it to stdout instead. Like the
// device's serial console, trace() adds no newline; complete lines are printed as they come.
let pending = '';
globalThis.trace = (...values) => {
  pending += values.map(String).join('');
  const lines = pending.split('\n');
  pending = lines.pop();
  for (const line of lines) print(line);
};

function freezeBuiltins() {
  const names = Object.getOwnPropertyNames(globalThis);
  for (const name of names) {
    const value = globalThis[name];
    if (typeof value === 'function' && /^[A-Z]/.test(name) && value.prototype) {
      Object.freeze(value.prototype);
      Object.freeze(value);
    }
  }
  Object.freeze(Object.getPrototypeOf(Int8Array.prototype));
  Object.freeze(Object.getPrototypeOf(Int8Array));
  Object.freeze(Math);
  Object.freeze(JSON);
}

// --memory: XS heap peaks of the app, from after preload (on a device preloaded modules live in flash).
const measure = option('memory', '') === '1' ? globalThis.memory : null;
for (const specifier of option('preload', '').split(',').filter(Boolean)) await import(specifier);
freezeBuiltins();
if (measure) {
  globalThis.gc();
  globalThis.resetPeak();
}
const base = measure?.();
const main = await import('main');
if (typeof main.default === 'function') main.default();
else if (main.default !== undefined) print('run.js: main exports a default that is not a function');
if (measure) {
  const m = measure();
  const slot = globalThis.slotSize;
  print(
    `memory: peak ${m.peakSlots - base.slots} slots (${(m.peakSlots - base.slots) * slot} bytes), ${m.peakChunks - base.chunks} bytes of chunks, stack ${m.peakStack} slots`,
  );
}
