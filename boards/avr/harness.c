/*
 * simavr harness: runs an ATmega328P firmware ELF at 16 MHz, prints what it sends on USART0 to stdout
 * and, for each inference the firmware brackets with GPIOR0 markers, the exact cycle count
 * ("cycles N"). Exits 0 when the firmware sleeps with interrupts off (its end), 1 on a crash,
 * 2 when it runs past the cycle limit.
 *
 *   mflow-avr-harness firmware.elf [max_cycles]
 */
#include <stdio.h>
#include <stdlib.h>

#include <simavr/avr_uart.h>
#include <simavr/sim_avr.h>
#include <simavr/sim_elf.h>
#include <simavr/sim_io.h>
#include <simavr/sim_irq.h>

#define GPIOR0_ADDR 0x3E

static avr_cycle_count_t started;

static void on_uart(struct avr_irq_t *irq, uint32_t value, void *param)
{
	(void)irq;
	(void)param;
	putchar((int)(value & 0xFF));
}

static void on_marker(struct avr_t *avr, avr_io_addr_t addr, uint8_t v, void *param)
{
	(void)addr;
	(void)param;
	if (v == 1) started = avr->cycle;
	else if (v == 2) printf("cycles %llu\n", (unsigned long long)(avr->cycle - started));
}

int main(int argc, char **argv)
{
	if (argc < 2) return 3;
	const avr_cycle_count_t limit = argc > 2 ? strtoull(argv[2], NULL, 10) : 4000000000ULL;
	elf_firmware_t fw = {0};
	if (elf_read_firmware(argv[1], &fw) != 0) return 3;
	avr_t *avr = avr_make_mcu_by_name("atmega328p");
	if (!avr) return 3;
	avr_init(avr);
	avr->frequency = 16000000;
	avr->log = 0;
	avr_load_firmware(avr, &fw);
	uint32_t flags = 0;
	avr_ioctl(avr, AVR_IOCTL_UART_GET_FLAGS('0'), &flags);
	flags &= ~AVR_UART_FLAG_STDIO;
	avr_ioctl(avr, AVR_IOCTL_UART_SET_FLAGS('0'), &flags);
	avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUTPUT), on_uart, NULL);
	avr_register_io_write(avr, GPIOR0_ADDR, on_marker, NULL);
	for (;;) {
		const int state = avr_run(avr);
		if (state == cpu_Done) break;
		if (state == cpu_Crashed) return 1;
		if (avr->cycle > limit) return 2;
	}
	fflush(stdout);
	return 0;
}
