/* Stand-in for ESP-IDF's freertos/task.h (see FreeRTOS.h here): the task and notification calls used. */
#ifndef MF_STUB_FREERTOS_TASK_H
#define MF_STUB_FREERTOS_TASK_H

#include "freertos/FreeRTOS.h"

typedef struct tskTaskControlBlock *TaskHandle_t;
typedef void (*TaskFunction_t)(void *);

BaseType_t xTaskCreatePinnedToCore(TaskFunction_t code, const char *name, const uint32_t stack_bytes, void *arg,
	UBaseType_t priority, TaskHandle_t *created, const BaseType_t core);
UBaseType_t uxTaskPriorityGet(TaskHandle_t task);
TaskHandle_t xTaskGetCurrentTaskHandle(void);
BaseType_t xTaskNotifyGive(TaskHandle_t task);
uint32_t ulTaskNotifyTake(BaseType_t clear_on_exit, TickType_t ticks_to_wait);

#endif
