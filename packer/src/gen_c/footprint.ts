/*
 * What a generated model costs on an AVR part, estimated before any C is written, and the check
 * that it fits the chosen MCU. Flash: constants and op params (in program memory), initialised RAM
 * constants (their initial values live in flash too), kernel code, call sites, start-up. RAM: the
 * arena, constants kept in RAM, kernel tables and the deepest kernel's stack. The caller's own
 * stack, interrupts and other globals come on top; the message says so.
 */
import { PackError } from '../errors.js';
import {
  AVR_CALL_CODE_BYTES,
  AVR_INVOKE_STACK_BYTES,
  AVR_KERNEL_COSTS,
  AVR_MAX_OBJECT_BYTES,
  AVR_RUNTIME_CODE_BYTES,
  HOST_TARGET,
  MCUS,
  GEN_C_TARGETS,
  type Mcu,
} from './mcus.js';

export interface FootprintInput {
  /** Bytes of constants and params in program memory (MF_FLASH). */
  readonly flashDataBytes: number;
  /** Bytes of constants that must sit in RAM (operands the kernels read through plain pointers). */
  readonly ramConstBytes: number;
  readonly arenaBytes: number;
  /** Kernel source files the model calls (keys of AVR_KERNEL_COSTS). */
  readonly kernelFiles: readonly string[];
  readonly opCount: number;
  /** Largest single constant array, with its tensor name (AVR objects are limited to 32767 bytes). */
  readonly largestConst: { readonly bytes: number; readonly tensor: string } | null;
}

export interface Footprint {
  readonly flashBytes: number;
  readonly ramBytes: number;
  readonly codeBytes: number;
  readonly stackBytes: number;
}

/** The model does not fit the chosen MCU; carries the numbers for tools (bench, CLI). */
export class McuFitError extends PackError {
  readonly mcu: Mcu;
  readonly footprint: Footprint;

  constructor(mcu: Mcu, footprint: Footprint, message: string) {
    super('TOO_LARGE', message);
    this.name = 'McuFitError';
    this.mcu = mcu;
    this.footprint = footprint;
  }
}

/** The MCU for a --mcu value; null for the host target; throws BAD_OPTION for an unknown name. */
export function mcuByName(name: string): Mcu | null {
  if (name === HOST_TARGET) return null;
  const mcu = MCUS[name];
  if (!mcu) throw new PackError('BAD_OPTION', `"--mcu" must be one of ${GEN_C_TARGETS.join(', ')}, got "${name}"`);
  return mcu;
}

export function avrFootprint(m: FootprintInput, mcu: Mcu | null): Footprint {
  const costs = m.kernelFiles.map((f) => AVR_KERNEL_COSTS[f] ?? { codeBytes: 0, ramBytes: 0, stackBytes: 0 });
  const codeBytes =
    (mcu?.vectorBytes ?? 0) + AVR_RUNTIME_CODE_BYTES + m.opCount * AVR_CALL_CODE_BYTES + costs.reduce((s, c) => s + c.codeBytes, 0);
  const stackBytes = AVR_INVOKE_STACK_BYTES + costs.reduce((s, c) => Math.max(s, c.stackBytes), 0);
  return {
    flashBytes: m.flashDataBytes + m.ramConstBytes + codeBytes,
    ramBytes: m.arenaBytes + m.ramConstBytes + costs.reduce((s, c) => s + c.ramBytes, 0) + stackBytes,
    codeBytes,
    stackBytes,
  };
}

/** Throws McuFitError when the model cannot run on the MCU as generated. */
export function checkFit(m: FootprintInput, mcu: Mcu): Footprint {
  const f = avrFootprint(m, mcu);
  if (f.flashBytes > mcu.flashBytes || f.ramBytes > mcu.ramBytes) {
    throw new McuFitError(
      mcu,
      f,
      `the model needs about ${f.flashBytes} bytes of flash and ${f.ramBytes} of RAM; the ${mcu.name} has ${mcu.flashBytes} and ${mcu.ramBytes} ` +
        `(flash: ${m.flashDataBytes + m.ramConstBytes} of constants and params, about ${f.codeBytes} of code; ` +
        `RAM: a ${m.arenaBytes}-byte arena, about ${f.stackBytes} of stack, before the application's own)`,
    );
  }
  if (m.flashDataBytes > mcu.flashDataWindow) {
    throw new McuFitError(
      mcu,
      f,
      `the model needs ${m.flashDataBytes} bytes of constants in program memory; __flash reaches only the first ${mcu.flashDataWindow} bytes of the ${mcu.name}'s flash`,
    );
  }
  if (m.largestConst && m.largestConst.bytes > AVR_MAX_OBJECT_BYTES) {
    throw new McuFitError(
      mcu,
      f,
      `constant "${m.largestConst.tensor}" is ${m.largestConst.bytes} bytes; avr-gcc allows at most ${AVR_MAX_OBJECT_BYTES} in one array`,
    );
  }
  return f;
}
