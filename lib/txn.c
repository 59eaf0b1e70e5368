/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Transactions: a mutation takes the writer lock, works on a clone of the
 * committed state, and either swaps it in or throws it away.  Readers keep
 * reading the committed state meanwhile; they wait only for the swap.
 */
#include <errno.h>
#include <limits.h>
#include <sched.h>

#include "private.h"

/*
 * The shared lock, as a big-reader lock: a query counts itself in its
 * thread's slot of the machine (a cache line of its own), so that queries on
 * two cores write no common line; pthread_rwlock_rdlock() made every query
 * write the lock word, and two query threads got half the throughput of one.
 * A writer closes the gate, raises `writer` and waits for the slots to drain;
 * a query that sees `writer` up steps back and waits at the gate, so the
 * writer goes first (a steady stream of queries cannot starve a hot-plug).
 * Both sides raise their flag, then read the other's (seq_cst): at least one
 * of them sees the other.
 *
 * With writers first, a query made from a walk's callback, which holds the
 * shared lock already, would wait for a writer that waits for it; so each
 * thread remembers the machines it holds, and a nested read of one of them
 * takes nothing.  (A thread inside walks of more than DMH_MAX_HELD machines at
 * once locks the others each time.)
 */
#define DMH_MAX_HELD 8

/* initial-exec: a query reaches its thread's record by an offset, not a
 * __tls_get_addr() call (its 200 bytes fit glibc's static TLS surplus) */
#define DMH_TLS _Thread_local __attribute__((tls_model("initial-exec")))

static DMH_TLS struct held {
	const struct devmemhp_machine *m;
	unsigned int depth;
	struct dmh_reader_slot *slot;
} held[DMH_MAX_HELD];

/* Threads take slots in turn; more threads than slots share them. */
static atomic_uint next_slot;
static DMH_TLS unsigned int my_slot = UINT_MAX;

static struct held *held_slot(const struct devmemhp_machine *m)
{
	for (size_t i = 0; i < DMH_ARRAY_SIZE(held); i++)
		if (held[i].m == m)
			return &held[i];
	return NULL;
}

int dmh_lock_init(struct devmemhp_machine *m)
{
	m->readers = dmh_aligned_calloc(DMH_CACHE_LINE, DMH_READER_SLOTS * sizeof(*m->readers));
	if (!m->readers)
		return -ENOMEM;
	for (size_t i = 0; i < DMH_READER_SLOTS; i++)
		atomic_init(&m->readers[i].n, 0);
	atomic_init(&m->writer, 0);
	pthread_mutex_init(&m->gate, NULL);
	return 0;
}

void dmh_lock_destroy(struct devmemhp_machine *m)
{
	if (!m->readers)
		return;
	pthread_mutex_destroy(&m->gate);
	dmh_free(m->readers);
}

static struct dmh_reader_slot *reader_slot(const struct devmemhp_machine *m)
{
	if (my_slot == UINT_MAX)
		my_slot = atomic_fetch_add_explicit(&next_slot, 1, memory_order_relaxed) %
			  DMH_READER_SLOTS;
	return &m->readers[my_slot];
}

void dmh_read_lock(const struct devmemhp_machine *m)
{
	struct devmemhp_machine *w = (struct devmemhp_machine *)m;
	struct dmh_reader_slot *slot;
	struct held *h = held_slot(m);

	if (h) {
		h->depth++;
		return;
	}
	slot = reader_slot(m);
	for (;;) {
		atomic_fetch_add_explicit(&slot->n, 1, memory_order_seq_cst);
		if (!atomic_load_explicit(&w->writer, memory_order_seq_cst))
			break;
		/* a writer waits or works: let it go first */
		atomic_fetch_sub_explicit(&slot->n, 1, memory_order_release);
		pthread_mutex_lock(&w->gate);
		pthread_mutex_unlock(&w->gate);
	}
	h = held_slot(NULL);
	if (h) {
		h->m = m;
		h->depth = 1;
		h->slot = slot;
	}
}

void dmh_read_unlock(const struct devmemhp_machine *m)
{
	struct held *h = held_slot(m);

	if (h && --h->depth)
		return;
	if (h)
		h->m = NULL;
	atomic_fetch_sub_explicit(&(h ? h->slot : reader_slot(m))->n, 1, memory_order_release);
}

/* Exclusive: no query runs until dmh_exclusive_unlock(). */
void dmh_exclusive_lock(struct devmemhp_machine *m)
{
	pthread_mutex_lock(&m->gate);
	atomic_store_explicit(&m->writer, 1, memory_order_seq_cst);
	for (size_t i = 0; i < DMH_READER_SLOTS; i++)
		while (atomic_load_explicit(&m->readers[i].n, memory_order_acquire))
			sched_yield();
}

void dmh_exclusive_unlock(struct devmemhp_machine *m)
{
	atomic_store_explicit(&m->writer, 0, memory_order_release);
	pthread_mutex_unlock(&m->gate);
}

void dmh_writer_lock(struct devmemhp_machine *m)
{
	pthread_mutex_lock(&m->write_lock);
}

void dmh_writer_unlock(struct devmemhp_machine *m)
{
	pthread_mutex_unlock(&m->write_lock);
}

int dmh_txn_begin(struct devmemhp_machine *m, struct dmh_txn *t)
{
	t->m = m;
	m->pt_gen++; /* nodes of earlier generations are now read-only */
	t->st = dmh_state_clone(m->st, m->cfg.nodes);
	if (!t->st)
		return -ENOMEM;
	dmh_pt_ctx_init(m, &t->c, false);
	return 0;
}

void dmh_txn_commit(struct dmh_txn *t)
{
	struct devmemhp_machine *m = t->m;
	struct dmh_state *old = m->st;

	pt_seal(&t->c, t->st->pgd);
	if (m->dry_run) { /* a plan: keep what it would become */
		dmh_state_free(m->dry);
		m->dry = t->st;
		t->st = NULL;
		return;
	}
	dmh_exclusive_lock(m);
	m->st = t->st;
	dmh_exclusive_unlock(m);
	dmh_state_free(old);
	t->st = NULL;
}

void dmh_txn_abort(struct dmh_txn *t)
{
	dmh_state_free(t->st);
	t->st = NULL;
}
