/*
 * The platform side of splitting one op across cores: a tiny interface with one implementation per
 * platform (host/platform/mf_cores_pthread.c on Linux and macOS, mf_cores_freertos.c on ESP32). The
 * dispatch that uses it (host/cores/mf_split.c) is the same C everywhere.
 */
#ifndef MF_CORES_H
#define MF_CORES_H

#include <stdint.h>

/* Most parts one op is split into: the caller's core plus one worker (the ESP32 has two cores). */
#define MF_CORES_MAX 2

/* Runs part k of a split op: called once for every k in [0, n). */
typedef void (*mf_cores_fn)(void *ctx, int32_t k);

/* Cores a model uses when the app does not say: what this board has, at most MF_CORES_MAX. */
int32_t mf_cores_default(void);

/*
 * Ops of this kind (opcode: 1 FULLY_CONNECTED, 3 CONV_2D, 4 DEPTHWISE_CONV_2D) with fewer
 * multiply-accumulates run on one core: below it the handshake with the worker costs more than the
 * part of the work it takes over (measured per platform and kernel; see the implementations).
 */
int64_t mf_cores_min_macs(int32_t kind);

/*
 * Runs fn(ctx, 0) on the calling core and fn(ctx, 1 .. n-1) on the worker cores, and returns when all
 * have returned (a barrier: every write of every part is then visible to the caller). 1 <= n <=
 * MF_CORES_MAX. When no worker can run (not started, busy with another caller, a one-core chip) all
 * parts run on the caller, one after the other: slower, same results. fn must not throw (longjmp).
 */
void mf_cores_run(mf_cores_fn fn, void *ctx, int32_t n);

#endif
