/*
 * The least application that runs a generated model (gen-c --name model): input from a port, one
 * inference, output to a register, forever. Its avr-size is what the model costs in flash and static
 * RAM on its own (C run-time and vector table included), without the test firmware's UART reporting.
 * Volatile I/O on both ends keeps the compiler from discarding the model as unused.
 */
#include <avr/io.h>

#include "model.h"

int main(void)
{
	for (;;) {
		model_input(0)[0] = (int8_t)PINB;
		model_invoke();
		GPIOR0 = (uint8_t)model_output(0)[0];
	}
}
