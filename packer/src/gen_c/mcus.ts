/*
 * The microcontrollers `gen-c --mcu` knows, and the AVR cost model used to check a model fits one
 * before any C is written. The costs are measurements of host/kernels built with
 * avr-gcc 5.4 -mmcu=atmega328p -Os -ffunction-sections -fdata-sections -Wl,--gc-sections, rounded up
 * (about 5% on code, 16-20 bytes on stack) so small kernel edits do not invalidate them.
 * tests/avr/cost_model.test.ts rebuilds every kernel and fails when a number here falls below what
 * the kernel now needs (or drifts far above it), so the table cannot silently rot.
 */

export interface Mcu {
  readonly name: string;
  readonly flashBytes: number;
  readonly ramBytes: number;
  /**
   * Program memory that avr-gcc's `__flash` (MF_FLASH) can address: 16-bit LPM pointers reach the
   * first 64 KB only, so constants beyond it need __memx, which the kernels do not take.
   */
  readonly flashDataWindow: number;
  /** Interrupt vector table: flash every program pays (4 bytes per vector). */
  readonly vectorBytes: number;
}

export const MCUS: Readonly<Record<string, Mcu>> = Object.freeze({
  atmega328p: { name: 'atmega328p', flashBytes: 32768, ramBytes: 2048, flashDataWindow: 32768, vectorBytes: 104 },
  atmega644: { name: 'atmega644', flashBytes: 65536, ramBytes: 4096, flashDataWindow: 65536, vectorBytes: 112 },
  atmega1284: { name: 'atmega1284', flashBytes: 131072, ramBytes: 16384, flashDataWindow: 65536, vectorBytes: 140 },
  atmega2560: { name: 'atmega2560', flashBytes: 262144, ramBytes: 8192, flashDataWindow: 65536, vectorBytes: 228 },
});

/** The target that skips the fit check: host builds (tests, fuzzing, desktop use of the generated C). */
export const HOST_TARGET = 'host';

/** gen-c targets in the order `--mcu` lists them. */
export const GEN_C_TARGETS: readonly string[] = Object.freeze([...Object.keys(MCUS), HOST_TARGET]);

/** avr-gcc refuses a single object bigger than PTRDIFF_MAX, which is 32767 on AVR. */
export const AVR_MAX_OBJECT_BYTES = 32767;

export interface KernelCost {
  /** .text + .data of the kernel and the libgcc helpers it pulls in (64-bit multiply, division). */
  readonly codeBytes: number;
  /** .data + .bss of the kernel itself (tables it keeps in RAM). */
  readonly ramBytes: number;
  /** Upper bound of the stack one call uses: -fstack-usage of every function in its file, return addresses, libgcc. */
  readonly stackBytes: number;
}

/** Per kernel source file (host/kernels); two ops that share a file share its code. */
export const AVR_KERNEL_COSTS: Readonly<Record<string, KernelCost>> = Object.freeze({
  'mf_fully_connected_s8.c': { codeBytes: 1600, ramBytes: 0, stackBytes: 128 },
  'mf_conv_2d_s8.c': { codeBytes: 6300, ramBytes: 0, stackBytes: 352 },
  'mf_depthwise_conv_2d_s8.c': { codeBytes: 5300, ramBytes: 0, stackBytes: 288 },
  'mf_pooling_s8.c': { codeBytes: 2500, ramBytes: 0, stackBytes: 200 },
  'mf_add_s8.c': { codeBytes: 2550, ramBytes: 0, stackBytes: 208 },
  'mf_softmax_s8.c': { codeBytes: 2850, ramBytes: 0, stackBytes: 192 },
  'mf_copy.c': { codeBytes: 2050, ramBytes: 0, stackBytes: 232 },
  'mf_lut_s8.c': { codeBytes: 100, ramBytes: 0, stackBytes: 28 },
  'mf_min_max_s8.c': { codeBytes: 1350, ramBytes: 0, stackBytes: 128 },
  'mf_lut_s8_f32.c': { codeBytes: 120, ramBytes: 0, stackBytes: 33 },
});

/** C run-time start-up (stack set-up, .data copy, .bss clear) beyond the vectors, and the I/O accessors. */
export const AVR_RUNTIME_CODE_BYTES = 120;
/** One kernel call in NAME_invoke: loading up to seven 16-bit pointer arguments, the call itself. */
export const AVR_CALL_CODE_BYTES = 48;
/** NAME_invoke's own frame (saved call-saved registers, return addresses) under the deepest kernel. */
export const AVR_INVOKE_STACK_BYTES = 16;
