// Options of the stand-ins, from the Linux XS host's command line (see run.js): "--name=value" options,
// and "key=value" config overrides as mcconfig takes them.
const options = new Map();
const overrides = {};
for (const arg of globalThis.args ?? []) {
  const eq = arg.indexOf('=');
  if (arg.startsWith('--') && eq > 2) options.set(arg.slice(2, eq), arg.slice(eq + 1));
  else if (eq > 0) overrides[arg.slice(0, eq)] = arg.slice(eq + 1);
}

export function option(name, fallback) {
  return options.has(name) ? options.get(name) : fallback;
}

export function numberOption(name, fallback) {
  const v = options.get(name);
  return v === undefined ? fallback : Number(v);
}

export { overrides };
