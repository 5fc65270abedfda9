/* The microcontrollers gen-c knows, and how their budgets are checked before any C is written. */

export interface Mcu {
  readonly name: string;
  readonly flashBytes: number;
  readonly ramBytes: number;
}

export const MCUS: Readonly<Record<string, Mcu>> = Object.freeze({
  atmega328p: { name: 'atmega328p', flashBytes: 32768, ramBytes: 2048 },
  atmega2560: { name: 'atmega2560', flashBytes: 262144, ramBytes: 8192 },
});

/** Rough AVR code size of each kernel (avr-gcc -Os), runtime start-up, and the stack one inference needs. */
export const KERNEL_CODE_BYTES: Readonly<Record<string, number>> = Object.freeze({
  FULLY_CONNECTED_S8: 900,
  CONV_2D_S8: 2600,
  DEPTHWISE_CONV_2D_S8: 2000,
  AVERAGE_POOL_2D_S8: 900,
  MAX_POOL_2D_S8: 900,
  ADD_S8: 1400,
  SOFTMAX_S8: 2200,
});
export const BASE_CODE_BYTES = 1200;
export const STACK_BYTES = 160;
