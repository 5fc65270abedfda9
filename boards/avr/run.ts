/*
 * A model on an AVR part, end to end: gen-c, avr-gcc -Os, the minimal app for the model's own size,
 * the test firmware with golden inputs, simavr for outputs, cycles and stack. Used by
 * tests/avr/simavr.test.ts and scripts/bench_avr.ts.
 */
import { join } from 'node:path';
import { writeFileSync, mkdirSync } from 'node:fs';
import { generateC, sha256Hex, type GeneratedC } from '../../packer/src/gen_c/index.js';
import { packTflite } from '../../packer/src/pack.js';
import { compileModel, linkImage, type AvrImage } from './build.js';
import { casesHeader } from './cases.js';
import { simulate, type SimReport } from './simulate.js';

export interface AvrModel {
  readonly mcu: string;
  readonly dir: string;
  readonly generated: GeneratedC;
  readonly objects: readonly string[];
  /** app_min.c linked with the model: what the model costs an application in flash and static RAM. */
  readonly app: AvrImage;
}

export interface AvrRun extends SimReport {
  /** The test firmware that ran (UART reporting and the embedded inputs included). */
  readonly firmware: AvrImage;
  /** firmware.staticRamBytes + stackPeakBytes: every byte of RAM the run touched. */
  readonly peakRamBytes: number;
}

/** Generates and compiles the model for the MCU; throws McuFitError when gen-c says it cannot fit. */
export function prepareAvrModel(tflite: Uint8Array, dir: string, mcu = 'atmega328p'): AvrModel {
  const generated = generateC(packTflite(tflite), { name: 'model', mcu, tfliteSha256: sha256Hex(tflite) });
  const objects = compileModel(generated, dir, mcu);
  const app = linkImage('app_min.c', objects, join(dir, 'app_min.elf'), mcu, [dir]);
  return { mcu, dir, generated, objects, app };
}

/** Builds a test firmware holding `cases` (raw input bytes per case, per input) and runs it in simavr. */
export function runCases(m: AvrModel, cases: readonly (readonly Uint8Array[])[], label: string): AvrRun {
  const dir = join(m.dir, `firmware_${label}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'cases.h'), casesHeader(cases));
  const firmware = linkImage('firmware.c', m.objects, join(dir, 'firmware.elf'), m.mcu, [dir, m.dir]);
  const report = simulate(firmware.elf, m.mcu, cases.length);
  return { ...report, firmware, peakRamBytes: firmware.staticRamBytes + report.stackPeakBytes };
}
