/*
 * The globals the Linux XS host (mflow-xs) gives JS, typed. Board glue only: the runtime itself
 * never touches them.
 */
export interface XsMemory {
  readonly slots: number;
  readonly peakSlots: number;
  readonly chunks: number;
  readonly peakChunks: number;
}

export interface XsHost {
  print(...values: unknown[]): void;
  readonly args: readonly string[];
  readFile(path: string): ArrayBuffer;
  writeFile(path: string, data: ArrayBuffer | ArrayBufferView): void;
  /** The file mapped read-only (copy-on-write) outside the XS heap; never moves. */
  mapFile(path: string): ArrayBuffer;
  exit(code: number): void;
  gc(): void;
  memory(): XsMemory;
  resetPeak(): void;
  readonly slotSize: number;
  hrtime(): number;
}

export const host = globalThis as typeof globalThis & XsHost;
