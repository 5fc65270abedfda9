/* global setTimeout, clearTimeout */
// Stand-in for Moddable's "timer" (modules/base/timer): one-shot timers on the Linux XS host's run loop.
export default class Timer {
  static set(callback, delay = 0) {
    const id = setTimeout(() => callback(id), delay);
    return id;
  }

  static clear(id) {
    if (id !== undefined) clearTimeout(id);
  }
}
