/*
 * mf_cores.h on ESP32 (FreeRTOS, ESP-IDF): one worker task pinned to the core the caller is not on,
 * created on first use, with a direct-to-task notification handshake both ways (the pattern Moddable's
 * own drivers use to hand work to the other core): the caller notifies the worker, runs part 0,
 * then blocks until the worker notifies it back. Notifications enter a critical section on both
 * cores (a spinlock with barriers), which orders the part's data between them.
 * A one-core chip (ESP32-S2, -C3, CONFIG_FREERTOS_UNICORE) runs every part on the caller.
 */
#include <stddef.h>

#include "freertos/FreeRTOS.h"
#include "freertos/task.h"

#include "mf_cores.h"

#if defined(configNUMBER_OF_CORES)
#define MF_CHIP_CORES configNUMBER_OF_CORES
#else
#define MF_CHIP_CORES portNUM_PROCESSORS
#endif

/*
 * Smallest op worth splitting, in MACs. NOT measured on a device yet (no board here): a notification
 * round trip costs a few microseconds at 240 MHz and a MAC a few nanoseconds without SIMD, so splits
 * pay from a few thousand MACs; 20000 for every kernel is a cautious placeholder. Measure it with the
 * sweep of host/test/mf_cores_driver.c (calib) run on the board and replace it.
 */
#define MF_CORES_FREERTOS_MIN_MACS INT64_C(20000)

/* Bytes (ESP-IDF counts task stacks in bytes): the kernels use under 512 of stack. */
#define MF_WORKER_STACK 3072

static TaskHandle_t mf_worker_task;
static TaskHandle_t mf_caller_task;
static int32_t mf_state; /* 0: not started, 1: running, -1: could not start */
static mf_cores_fn mf_fn;
static void *mf_ctx;

static void mf_worker_main(void *arg)
{
	(void)arg;
	for (;;) {
		ulTaskNotifyTake(pdTRUE, portMAX_DELAY);
		mf_fn(mf_ctx, 1);
		xTaskNotifyGive(mf_caller_task);
	}
}

static int32_t mf_start(void)
{
	if (mf_state == 0) {
		const BaseType_t other = xPortGetCoreID() == 0 ? 1 : 0;
		/* Same priority as the caller: the worker must not preempt the other core's own tasks more. */
		const BaseType_t ok = xTaskCreatePinnedToCore(mf_worker_main, "mflow", MF_WORKER_STACK, NULL, uxTaskPriorityGet(NULL), &mf_worker_task, other);
		mf_state = ok == pdPASS ? 1 : -1;
	}
	return mf_state == 1;
}

int32_t mf_cores_default(void)
{
	return MF_CHIP_CORES >= 2 ? 2 : 1;
}

int64_t mf_cores_min_macs(int32_t kind)
{
	(void)kind;
	return MF_CORES_FREERTOS_MIN_MACS;
}

void mf_cores_run(mf_cores_fn fn, void *ctx, int32_t n)
{
	if (MF_CHIP_CORES >= 2 && n == 2 && mf_start()) {
		mf_fn = fn;
		mf_ctx = ctx;
		mf_caller_task = xTaskGetCurrentTaskHandle();
		xTaskNotifyGive(mf_worker_task);
		fn(ctx, 0);
		ulTaskNotifyTake(pdTRUE, portMAX_DELAY);
		return;
	}
	for (int32_t k = 0; k < n; k++) fn(ctx, k);
}
