/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The machine's shared lock, for queries that run on many threads at once.
 *
 * A query writes nothing another core reads while it runs: it announces the
 * machine in its own thread's record, then reads the machine's writer flag;
 * it leaves by clearing the record.  A writer closes the gate, raises the
 * flag and waits until no thread's record names the machine.  Both sides
 * raise their flag and then read the other's; with membarrier(2) the
 * queries need no fence of their own (the writer's membarrier() puts one
 * into every running thread, as liburcu's "memb" flavour does), without it
 * they take a full fence.  pthread_rwlock_rdlock() wrote the lock word on
 * every query: two query threads bounced its cache line and got half the
 * throughput of one.
 *
 * A query that sees the flag up steps back and waits at the gate, so the
 * writer goes first: a steady stream of queries cannot starve a hot-plug.
 * A query made from a walk's callback, which holds the machine already, takes
 * nothing (it would wait for a writer that waits for it).  A thread holding
 * more than DMH_MAX_HELD machines at once takes the gate itself for the
 * others.  A writer that is the only thread that ever queried skips the
 * membarrier() (about 2 µs): a single-threaded sweep pays nothing for it.
 */
#include <errno.h>
#include <linux/membarrier.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "machine.h"

#define DMH_MAX_HELD 8

/* A thread's record: the machines it holds.  Other threads read it. */
struct reader {
	_Atomic(const struct devmemhp_machine *) m[DMH_MAX_HELD];
	unsigned int depth[DMH_MAX_HELD];
	unsigned int nr_held; /* slots in use: none, the common case, scans nothing */
	bool registered, unlisted; /* unlisted: could not register, takes the gate */
	struct reader *next, **pprev;
};

/* initial-exec: a query reaches its record by an offset from the thread
 * pointer, not by a __tls_get_addr() call (it fits glibc's static TLS
 * surplus) */
static _Thread_local __attribute__((tls_model("initial-exec"))) struct reader self;

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static struct reader *registry;
static atomic_uint registered;
static pthread_key_t exit_key;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static bool key_made, use_membarrier;

static void unregister(void *data)
{
	struct reader *r = data;

	pthread_mutex_lock(&registry_lock);
	*r->pprev = r->next;
	if (r->next)
		r->next->pprev = r->pprev;
	pthread_mutex_unlock(&registry_lock);
	atomic_fetch_sub(&registered, 1);
}

static void init_once(void)
{
	key_made = pthread_key_create(&exit_key, unregister) == 0;
	use_membarrier = syscall(__NR_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) == 0;
}

__attribute__((destructor)) static void fini(void)
{
	if (key_made) /* no thread may call a destructor of an unloaded library */
		pthread_key_delete(exit_key);
}

static void register_self(void)
{
	pthread_once(&once, init_once);
	self.registered = true;
	if (!key_made || pthread_setspecific(exit_key, &self)) {
		self.unlisted = true;
		return;
	}
	pthread_mutex_lock(&registry_lock);
	self.next = registry;
	self.pprev = &registry;
	if (registry)
		registry->pprev = &self.next;
	registry = &self;
	pthread_mutex_unlock(&registry_lock);
	/* counted, then fenced, before the first query looks at a writer flag:
	 * a writer that did not count this thread is seen (dmh_exclusive_lock()) */
	atomic_fetch_add(&registered, 1);
	atomic_thread_fence(memory_order_seq_cst);
}

void dmh_lock_init(struct devmemhp_machine *m)
{
	pthread_mutexattr_t attr;

	atomic_init(&m->writer, 0);
	/* recursive: an unlisted thread may hold the gate for nested queries */
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&m->gate, &attr);
	pthread_mutexattr_destroy(&attr);
}

void dmh_lock_destroy(struct devmemhp_machine *m)
{
	pthread_mutex_destroy(&m->gate);
}

static int held_index(const struct devmemhp_machine *m)
{
	if (!self.nr_held)
		return m ? -1 : 0;
	for (int i = 0; i < DMH_MAX_HELD; i++)
		if (atomic_load_explicit(&self.m[i], memory_order_relaxed) == m)
			return i;
	return -1;
}

void dmh_read_lock(const struct devmemhp_machine *m)
{
	struct devmemhp_machine *w = (struct devmemhp_machine *)m;
	int i = held_index(m);

	if (i >= 0) {
		self.depth[i]++;
		return;
	}
	if (!self.registered)
		register_self();
	i = self.unlisted ? -1 : held_index(NULL);
	if (i < 0) {
		pthread_mutex_lock(&w->gate);
		return;
	}
	for (;;) {
		atomic_store_explicit(&self.m[i], m, memory_order_relaxed);
		if (use_membarrier)
			atomic_signal_fence(memory_order_seq_cst);
		else
			atomic_thread_fence(memory_order_seq_cst);
		if (!atomic_load_explicit(&w->writer, memory_order_acquire))
			break;
		/* a writer waits or works: let it go first */
		atomic_store_explicit(&self.m[i], NULL, memory_order_release);
		pthread_mutex_lock(&w->gate);
		pthread_mutex_unlock(&w->gate);
	}
	self.depth[i] = 1;
	self.nr_held++;
}

void dmh_read_unlock(const struct devmemhp_machine *m)
{
	int i = held_index(m);

	if (i < 0) {
		pthread_mutex_unlock(&((struct devmemhp_machine *)m)->gate);
		return;
	}
	if (--self.depth[i])
		return;
	self.nr_held--;
	atomic_store_explicit(&self.m[i], NULL, memory_order_release);
}

/* Exclusive: no query runs until dmh_exclusive_unlock(). */
void dmh_exclusive_lock(struct devmemhp_machine *m)
{
	pthread_mutex_lock(&m->gate);
	atomic_store_explicit(&m->writer, 1, memory_order_relaxed);
	/* the flag before the count: a thread registering after this sees it */
	atomic_thread_fence(memory_order_seq_cst);
	if (atomic_load(&registered) <= (self.registered && !self.unlisted ? 1u : 0u))
		return; /* no other thread has ever queried */
	pthread_once(&once, init_once);
	if (use_membarrier)
		syscall(__NR_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0);
	pthread_mutex_lock(&registry_lock);
	for (struct reader *r = registry; r; r = r->next) {
		if (r == &self)
			continue;
		for (int i = 0; i < DMH_MAX_HELD; i++)
			while (atomic_load_explicit(&r->m[i], memory_order_acquire) == m)
				sched_yield();
	}
	pthread_mutex_unlock(&registry_lock);
}

void dmh_exclusive_unlock(struct devmemhp_machine *m)
{
	atomic_store_explicit(&m->writer, 0, memory_order_release);
	pthread_mutex_unlock(&m->gate);
}
