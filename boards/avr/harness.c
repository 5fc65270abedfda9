/*
 * mflow-avr-sim: runs an AVR firmware ELF in libsimavr (Debian libsimavr-dev, simavr 1.6) and reports
 * what the stock `simavr` command cannot: exact cycle counts between two markers. Using the library
 * also sidesteps the command's quirks (UART text on stderr behind a prefix, exit status always 0).
 *
 *   mflow-avr-sim MCU firmware.elf MAX_CYCLES
 *
 * stdout gets every byte the firmware sends on USART0, and, as the firmware writes GPIOR0:
 *   1 then 2  ->  "mf cycles N"    simulated cycles from the write of 1 to the write of 2
 *   3 then 4  ->  "mf overhead N"  the same for an empty bracket (the markers' own cost)
 * Exit status: 0 the firmware ended (sleep with interrupts off), 1 it crashed, 2 it ran past
 * MAX_CYCLES, 3 bad arguments or an ELF that does not load.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <simavr/avr_uart.h>
#include <simavr/sim_avr.h>
#include <simavr/sim_elf.h>
#include <simavr/sim_io.h>
#include <simavr/sim_irq.h>

/* GPIOR0: I/O address 0x1E, data address 0x3E on every megaAVR this runs (328P, 644, 1284, 2560). */
#define MF_GPIOR0 0x3E

static avr_cycle_count_t mf_started;

static void mf_on_uart(struct avr_irq_t *irq, uint32_t value, void *param)
{
	(void)irq;
	(void)param;
	putchar((int)(value & 0xFF));
}

static void mf_on_marker(struct avr_t *avr, avr_io_addr_t addr, uint8_t v, void *param)
{
	(void)param;
	avr->data[addr] = v; /* a registered write handler owns the store */
	if (v == 1 || v == 3)
		mf_started = avr->cycle;
	else if (v == 2 || v == 4)
		printf("mf %s %" PRIu64 "\n", v == 2 ? "cycles" : "overhead", (uint64_t)(avr->cycle - mf_started));
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: mflow-avr-sim MCU firmware.elf MAX_CYCLES\n");
		return 3;
	}
	const avr_cycle_count_t limit = strtoull(argv[3], NULL, 10);
	elf_firmware_t fw = {0};
	if (elf_read_firmware(argv[2], &fw) != 0) return 3;
	avr_t *avr = avr_make_mcu_by_name(argv[1]);
	if (!avr) return 3;
	avr_init(avr);
	avr->frequency = 16000000; /* only for simavr's timers; cycle counts do not depend on it */
	avr->log = 0;
	avr_load_firmware(avr, &fw);
	/* Take the UART bytes from its output IRQ rather than simavr's line-buffered stdio echo. */
	uint32_t flags = 0;
	avr_ioctl(avr, AVR_IOCTL_UART_GET_FLAGS('0'), &flags);
	flags &= ~AVR_UART_FLAG_STDIO;
	avr_ioctl(avr, AVR_IOCTL_UART_SET_FLAGS('0'), &flags);
	avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUTPUT), mf_on_uart, NULL);
	avr_register_io_write(avr, MF_GPIOR0, mf_on_marker, NULL);
	int status = 0;
	for (;;) {
		const int state = avr_run(avr);
		if (state == cpu_Done) break;
		if (state == cpu_Crashed) {
			status = 1;
			break;
		}
		if (avr->cycle > limit) {
			status = 2;
			break;
		}
	}
	fflush(stdout);
	return status;
}
