/*
 * mf_cores.h on POSIX threads (the Linux XS host, the macOS simulator, the C test drivers): one
 * worker thread per extra part, started on first use and kept for the life of the process.
 *
 * Handshake: the caller publishes the part function and bumps the worker's `go` sequence; the worker
 * runs its part and bumps `done`. Each side first spins on the sequence for a short while (a graph's
 * ops follow each other within microseconds, and waking a sleeping thread through the kernel costs
 * tens of microseconds), then sleeps on a condition variable, so an idle worker costs no CPU. The
 * sequences are C11 atomics (sequentially consistent: the sleeper's "waiting" flag and the poster's
 * sequence store cannot both be missed), which also order the part's data for ThreadSanitizer.
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>

#include "mf_cores.h"

/*
 * Smallest op worth splitting, in MACs, per kernel. Measured on the 2-core Linux development host
 * (AMD EPYC VM, gcc 12 -O2) with `mf_cores_driver calib` (host/test/mf_cores_driver.c; build it with
 * the command in tests/cores/cores.test.ts): growing ops of each kind are timed on one and on two cores,
 * and the threshold is the size from which every larger op is at least 1.1x faster split. The
 * handshake alone (an empty split, worker spinning) measured about 0.44 us; the sweeps gave
 * FC 16384, CONV_2D 16384, DEPTHWISE_CONV_2D 4608 MACs (the sizes below them, 9216, 4096 and 1152, ran
 * 0.72x, 0.58x and 0.43x: slower split).
 */
#define MF_MIN_MACS_FC INT64_C(16384)
#define MF_MIN_MACS_CONV INT64_C(16384)
#define MF_MIN_MACS_DW INT64_C(4608)

/* Spin budgets before sleeping: the worker between ops, the caller for the worker's part to finish. */
#define MF_SPIN_IDLE_NS INT64_C(200000)
#define MF_SPIN_DONE_NS INT64_C(1000000)

typedef struct {
	atomic_uint seq;
	atomic_int waiting;
	pthread_mutex_t mutex;
	pthread_cond_t cond;
} mf_event;

typedef struct {
	pthread_t thread;
	int32_t index;
	mf_event go, done;
} mf_worker;

static mf_worker mf_workers[MF_CORES_MAX - 1];
static int32_t mf_started; /* workers running; written once under mf_once */
static pthread_once_t mf_once = PTHREAD_ONCE_INIT;
static atomic_flag mf_busy = ATOMIC_FLAG_INIT; /* one split at a time */
/* The split being run: written by the caller before it posts `go`, read by workers after they see it. */
static mf_cores_fn mf_fn;
static void *mf_ctx;

static int64_t mf_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static inline void mf_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield");
#endif
}

static void mf_event_post(mf_event *e, unsigned v)
{
	atomic_store(&e->seq, v);
	if (atomic_load(&e->waiting)) {
		pthread_mutex_lock(&e->mutex);
		pthread_cond_signal(&e->cond);
		pthread_mutex_unlock(&e->mutex);
	}
}

static void mf_event_wait(mf_event *e, unsigned v, int64_t spin_ns)
{
	const int64_t until = mf_now_ns() + spin_ns;
	for (uint32_t i = 1;; i++) {
		if (atomic_load_explicit(&e->seq, memory_order_acquire) == v) return;
		if ((i & 63) == 0) {
			if (mf_now_ns() > until) break;
			/* Lets the thread we wait for run here when the CPUs are oversubscribed (a no-op otherwise). */
			sched_yield();
		}
		mf_relax();
	}
	pthread_mutex_lock(&e->mutex);
	atomic_store(&e->waiting, 1);
	while (atomic_load(&e->seq) != v) pthread_cond_wait(&e->cond, &e->mutex);
	atomic_store(&e->waiting, 0);
	pthread_mutex_unlock(&e->mutex);
}

static void *mf_worker_main(void *arg)
{
	mf_worker *w = (mf_worker *)arg;
	for (unsigned gen = 1;; gen++) {
		mf_event_wait(&w->go, gen, MF_SPIN_IDLE_NS);
		mf_fn(mf_ctx, w->index);
		mf_event_post(&w->done, gen);
	}
	return NULL;
}

static void mf_start(void)
{
	for (int32_t k = 0; k < MF_CORES_MAX - 1; k++) {
		mf_worker *w = &mf_workers[k];
		w->index = k + 1;
		atomic_init(&w->go.seq, 0);
		atomic_init(&w->done.seq, 0);
		atomic_init(&w->go.waiting, 0);
		atomic_init(&w->done.waiting, 0);
		pthread_mutex_init(&w->go.mutex, NULL);
		pthread_mutex_init(&w->done.mutex, NULL);
		pthread_cond_init(&w->go.cond, NULL);
		pthread_cond_init(&w->done.cond, NULL);
		pthread_attr_t attr;
		pthread_attr_init(&attr);
		pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
		const int failed = pthread_create(&w->thread, &attr, mf_worker_main, w);
		pthread_attr_destroy(&attr);
		if (failed) break;
		mf_started = k + 1;
	}
}

int32_t mf_cores_default(void)
{
	const long online = sysconf(_SC_NPROCESSORS_ONLN);
	return online >= MF_CORES_MAX ? MF_CORES_MAX : 1;
}

int64_t mf_cores_min_macs(int32_t kind)
{
	return kind == 1 ? MF_MIN_MACS_FC : kind == 4 ? MF_MIN_MACS_DW : MF_MIN_MACS_CONV;
}

void mf_cores_run(mf_cores_fn fn, void *ctx, int32_t n)
{
	int32_t remote = 0;
	if (n > 1) {
		pthread_once(&mf_once, mf_start);
		if (!atomic_flag_test_and_set(&mf_busy)) remote = n - 1 < mf_started ? n - 1 : mf_started;
	}
	if (remote > 0) {
		mf_fn = fn;
		mf_ctx = ctx;
		/* Only this caller (holding mf_busy) posts `go`: each worker's next sequence is its last + 1. */
		unsigned gen[MF_CORES_MAX];
		for (int32_t k = 0; k < remote; k++) {
			gen[k] = atomic_load(&mf_workers[k].go.seq) + 1;
			mf_event_post(&mf_workers[k].go, gen[k]);
		}
		for (int32_t k = remote + 1; k < n; k++) fn(ctx, k); /* parts no worker took */
		fn(ctx, 0);
		for (int32_t k = 0; k < remote; k++) mf_event_wait(&mf_workers[k].done, gen[k], MF_SPIN_DONE_NS);
		atomic_flag_clear(&mf_busy);
		return;
	}
	/* One part, no worker, or another caller's split under way: every part here, in order. */
	for (int32_t k = 0; k < n; k++) fn(ctx, k);
}
