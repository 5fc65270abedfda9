/* Runs a test firmware in the simavr harness and reads back its report (see firmware.c, harness.c). */
import { spawnSync } from 'node:child_process';
import { buildHarness } from './build.js';

export interface SimReport {
  /** outputs[case][output]: the bytes the firmware printed. */
  readonly outputs: Uint8Array[][];
  /** Cycles of each model_invoke() call, from the call to its return, markers excluded. */
  readonly cycles: number[];
  /** Stack used since reset (deepest point of the whole run) and by model_invoke() and below. */
  readonly stackPeakBytes: number;
  readonly invokeStackBytes: number;
}

const EXIT_REASONS: Readonly<Record<number, string>> = {
  1: 'the simulated CPU crashed',
  2: 'the cycle limit was reached',
  3: 'the ELF did not load',
};

function parse(stdout: string): SimReport & { overhead: number | null; overflow: boolean } {
  const outputs: Uint8Array[][] = [];
  const raw: number[] = [];
  let overhead: number | null = null;
  let stack: [number, number] | null = null;
  let overflow = false;
  for (const line of stdout.split('\n')) {
    let m: RegExpExecArray | null;
    if ((m = /^mf case (\d+) out (\d+) ((?:[0-9a-f]{2})*)$/.exec(line)))
      (outputs[Number(m[1])] ??= [])[Number(m[2])] = Uint8Array.from(m[3]!.match(/../g) ?? [], (h) => parseInt(h, 16));
    else if ((m = /^mf cycles (\d+)$/.exec(line))) raw.push(Number(m[1]));
    else if ((m = /^mf overhead (\d+)$/.exec(line))) overhead = Number(m[1]);
    else if ((m = /^mf stack (\d+) invoke (\d+)$/.exec(line))) stack = [Number(m[1]), Number(m[2])];
    else if (line === 'mf overflow') overflow = true;
  }
  const o = overhead ?? 0;
  return {
    outputs,
    cycles: raw.map((c) => c - o),
    stackPeakBytes: stack?.[0] ?? -1,
    invokeStackBytes: stack?.[1] ?? -1,
    overhead,
    overflow,
  };
}

/** Runs the firmware to its end; throws unless it ran every case and reported its stack. */
export function simulate(elf: string, mcu: string, cases: number, maxCycles = 4_000_000_000): SimReport {
  const r = spawnSync(buildHarness(), [mcu, elf, String(maxCycles)], { encoding: 'utf8', timeout: 600_000, maxBuffer: 1 << 26 });
  const tail = `\n--- harness output ---\n${r.stdout?.slice(-2000) ?? ''}${r.stderr?.slice(-2000) ?? ''}`;
  if (r.error) throw new Error(`simavr harness: ${r.error.message}${tail}`);
  if (r.status !== 0) throw new Error(`simavr harness: ${EXIT_REASONS[r.status ?? -1] ?? `exit ${r.status ?? r.signal}`}${tail}`);
  const rep = parse(r.stdout);
  if (rep.overflow) throw new Error(`the stack ran into the static data on the ${mcu}${tail}`);
  if (rep.overhead === null || rep.cycles.length !== cases || rep.outputs.length !== cases || rep.stackPeakBytes < 0)
    throw new Error(`the firmware's report is incomplete (${rep.cycles.length} of ${cases} cases)${tail}`);
  return { outputs: rep.outputs, cycles: rep.cycles, stackPeakBytes: rep.stackPeakBytes, invokeStackBytes: rep.invokeStackBytes };
}
