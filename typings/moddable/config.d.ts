// "mc/config": the frozen "config" of the app's merged manifests, plus `key=value` from mcconfig's command line.
declare module 'mc/config' {
  const config: Readonly<Record<string, unknown>>;
  export default config;
}
