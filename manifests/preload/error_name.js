// Preloaded first. After preload, XS freezes the built-in prototypes, so `this.name = "MfbError"` in an
// Error subclass constructor would throw "set name: not writable" instead of raising the real error.
// An accessor on Error.prototype.name (the SDK's documented workaround, documentation/xs/preload.md)
// turns such an assignment into an own property of the error. Remove once the runtime's error classes
// define `name` as a class field.
const descriptor = Object.getOwnPropertyDescriptor(Error.prototype, 'name');
if (descriptor && 'value' in descriptor) {
  const base = descriptor.value;
  Object.defineProperty(Error.prototype, 'name', {
    get() {
      return base;
    },
    set(value) {
      Object.defineProperty(this, 'name', { value, writable: true, configurable: true });
    },
    configurable: true,
  });
}
