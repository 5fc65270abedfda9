/*
 * MF_FLASH marks constant data (weights, biases, requantization tables, op params) that may live in
 * program memory. On AVR, avr-gcc's named address space __flash (GNU C, so -std=gnu11) places it in
 * flash and makes reads use LPM; everywhere else flash is memory-mapped and the qualifier is empty.
 */
#ifndef MF_FLASH_H
#define MF_FLASH_H

#if defined(__AVR__) && defined(__FLASH)
#define MF_FLASH __flash
#else
#define MF_FLASH
#endif

#endif
