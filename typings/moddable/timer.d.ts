// Moddable's "timer" (modules/base/timer).
declare module 'timer' {
  /** Opaque: compare and pass back only. */
  export type TimerID = object;
  export default class Timer {
    static set(callback: (id: TimerID) => void, delay?: number, repeat?: number): TimerID;
    static clear(id: TimerID): void;
  }
}
