/*
 * Test firmware for a generated model (gen-c --name model) on an ATmega (328P by default): runs each
 * golden input embedded by boards/avr/cases.ts through model_invoke() and prints the outputs over
 * USART0. What it measures, and how:
 * - Cycles: GPIOR0 is written 1 right before and 2 right after each model_invoke() call; the simavr
 *   harness (harness.c) counts the simulated cycles between the two writes. An empty bracket (3, 4)
 *   first gives the cost of the markers themselves, which the host subtracts.
 * - Peak RAM: all RAM above the static data is painted at reset, before the C run-time touches the
 *   stack; after the last inference the lowest overwritten byte is the stack's high-water mark.
 * Ends with interrupts off and the CPU asleep, which is how simavr knows the program is over.
 *
 * Output lines (everything else the simulator prints is noise to the parser):
 *   mf case C out O HEX...    the bytes of output O of case C
 *   mf stack PEAK invoke INV  bytes of stack used since reset, and by model_invoke() and below
 *   mf overflow               the stack reached the static data: every number is suspect
 */
#include <avr/io.h>
#include <avr/sleep.h>
#include <stdint.h>

#include "mf_flash.h"
#include "model.h"
#include "cases.h" /* generated: MF_CASES, mf_case_inputs[case][input] in flash */

#define MF_PAINT 0xC5

extern uint8_t _end;    /* first byte after .data, .bss and .noinit (linker script) */
extern uint8_t __stack; /* last byte of RAM, where the stack starts */

/*
 * Runs from .init1, before the C run-time sets up SP, __zero_reg__ and the static data, so it may not
 * use the stack or assume r1 == 0: plain assembly over Z. Paints [_end, __stack], the whole stack area.
 */
void mf_paint_ram(void) __attribute__((naked, used, section(".init1")));
void mf_paint_ram(void)
{
	__asm__ volatile(
		"	ldi r30, lo8(_end)\n"
		"	ldi r31, hi8(_end)\n"
		"	ldi r24, %0\n"
		"	ldi r25, hi8(__stack)\n"
		"	rjmp 2f\n"
		"1:	st Z+, r24\n"
		"2:	cpi r30, lo8(__stack)\n"
		"	cpc r31, r25\n"
		"	brlo 1b\n"
		"	breq 1b\n" ::"M"(MF_PAINT));
}

static void mf_putc(char c)
{
	loop_until_bit_is_set(UCSR0A, UDRE0);
	UDR0 = (uint8_t)c;
}

/* Strings stay in program memory: on a 2 KB part every byte of RAM is in the measurement. */
static void mf_puts(const MF_FLASH char *s)
{
	while (*s) mf_putc(*s++);
}

static void mf_put_hex(uint8_t v)
{
	static const MF_FLASH char digits[] = "0123456789abcdef";
	mf_putc(digits[v >> 4]);
	mf_putc(digits[v & 15]);
}

static void mf_put_dec(uint16_t v)
{
	char buf[5];
	uint8_t n = 0;
	do {
		buf[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n) mf_putc(buf[--n]);
}

static void mf_report_outputs(uint8_t c)
{
	for (uint8_t o = 0; o < MODEL_OUTPUTS; o++) {
		static const MF_FLASH char head[] = "mf case ", mid[] = " out ";
		mf_puts(head);
		mf_put_dec(c);
		mf_puts(mid);
		mf_put_dec(o);
		mf_putc(' ');
		const int8_t *out = model_output(o);
		for (size_t k = 0; k < model_output_size(o); k++) mf_put_hex((uint8_t)out[k]);
		mf_putc('\n');
	}
}

static void mf_report_stack(uint16_t sp_at_invoke)
{
	static const MF_FLASH char overflow[] = "mf overflow\n", stack[] = "mf stack ", invoke[] = " invoke ";
	const uint8_t *p = &_end;
	while (p <= &__stack && *p == MF_PAINT) p++;
	if (p == &_end) mf_puts(overflow);
	mf_puts(stack);
	mf_put_dec((uint16_t)(&__stack + 1 - p));
	mf_puts(invoke);
	/* SP points at the next free byte: the call's return address goes there, then downwards. */
	mf_put_dec((uint16_t)(sp_at_invoke + 1 - (uint16_t)p));
	mf_putc('\n');
}

int main(void)
{
	UBRR0 = 0; /* the fastest rate: simavr models the transmit time, and the prints are not measured */
	UCSR0B = _BV(TXEN0);
	GPIOR0 = 3;
	GPIOR0 = 4;
	uint16_t sp_at_invoke = 0;
	for (uint8_t c = 0; c < MF_CASES; c++) {
		for (uint8_t i = 0; i < MODEL_INPUTS; i++) {
			int8_t *in = model_input(i);
			for (size_t k = 0; k < model_input_size(i); k++) in[k] = mf_case_inputs[c][i][k];
		}
		sp_at_invoke = SP;
		GPIOR0 = 1;
		model_invoke();
		GPIOR0 = 2;
		mf_report_outputs(c);
	}
	mf_report_stack(sp_at_invoke);
	__asm__ volatile("cli");
	set_sleep_mode(SLEEP_MODE_PWR_DOWN);
	sleep_enable();
	sleep_cpu();
	return 0;
}
