/*
 * ATmega328P test firmware: runs every embedded case through the generated model and reports over
 * USART0. Markers in GPIOR0 (1 = invoke starts, 2 = invoke ended) let the simulator harness count
 * the exact cycles of each inference; the stack is painted at start so the high-water mark gives
 * the peak stack use. Ends with interrupts off and the CPU asleep, which stops simavr.
 */
#include <avr/io.h>
#include <avr/sleep.h>
#include <stdint.h>

#include "model.h"
#include "cases.h" /* generated: MF_CASES, mf_case_inputs[case][input] in flash, MF_INPUT_BYTES[] */

#define MF_PAINT 0xA5

extern uint8_t _end; /* first byte after .data and .bss */

static void mf_putc(char c)
{
	loop_until_bit_is_set(UCSR0A, UDRE0);
	UDR0 = (uint8_t)c;
}

static void mf_puts(const char *s)
{
	while (*s) mf_putc(*s++);
}

static void mf_put_hex(uint8_t v)
{
	static const char digits[] = "0123456789abcdef";
	mf_putc(digits[v >> 4]);
	mf_putc(digits[v & 15]);
}

static void mf_put_dec(uint16_t v)
{
	char buf[6];
	uint8_t n = 0;
	do {
		buf[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n) mf_putc(buf[--n]);
}

/* Paints the free RAM between the static data and the current stack with a known byte. */
static void mf_paint_stack(void) __attribute__((noinline));
static void mf_paint_stack(void)
{
	uint8_t *p = &_end;
	uint8_t *sp = (uint8_t *)SP;
	while (p < sp - 8) *p++ = MF_PAINT;
}

int main(void)
{
	mf_paint_stack();
	UBRR0 = 0;
	UCSR0B = _BV(TXEN0);
	for (uint8_t c = 0; c < MF_CASES; c++) {
		for (uint8_t i = 0; i < MODEL_INPUTS; i++) {
			int8_t *in = model_input(i);
			for (uint16_t k = 0; k < mf_input_bytes[i]; k++) in[k] = mf_case_inputs[c][i][k];
		}
		GPIOR0 = 1;
		model_invoke();
		GPIOR0 = 2;
		mf_puts("case ");
		mf_put_dec(c);
		mf_putc(':');
		for (uint8_t o = 0; o < MODEL_OUTPUTS; o++) {
			const int8_t *out = model_output(o);
			mf_putc(' ');
			for (uint16_t k = 0; k < mf_output_bytes[o]; k++) mf_put_hex((uint8_t)out[k]);
		}
		mf_putc('\n');
	}
	const uint8_t *p = &_end;
	while (*p == MF_PAINT) p++;
	mf_puts("stack ");
	mf_put_dec((uint16_t)(RAMEND + 1 - (uint16_t)p));
	mf_putc('\n');
	GPIOR0 = 3;
	__asm__ volatile("cli");
	set_sleep_mode(SLEEP_MODE_PWR_DOWN);
	sleep_enable();
	sleep_cpu();
	return 0;
}
