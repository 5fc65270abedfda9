/*
 * Stand-in for ESP-IDF's freertos/FreeRTOS.h, for the cross-compile check only (the real headers come
 * with ESP-IDF, which this machine does not have): just the types and macros host/platform/
 * mf_cores_freertos.c uses, with ESP-IDF's names and meanings (ESP32: two cores).
 */
#ifndef MF_STUB_FREERTOS_H
#define MF_STUB_FREERTOS_H

#include <stdint.h>

typedef int BaseType_t;
typedef unsigned int UBaseType_t;
typedef uint32_t TickType_t;

#define pdTRUE ((BaseType_t)1)
#define pdFALSE ((BaseType_t)0)
#define pdPASS pdTRUE
#define portMAX_DELAY ((TickType_t)0xffffffffUL)
#define portNUM_PROCESSORS 2

BaseType_t xPortGetCoreID(void);

#endif
