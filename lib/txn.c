/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Transactions: a mutation takes the writer lock, works on a clone of the
 * committed state, and either swaps it in or throws it away.  Readers keep
 * reading the committed state meanwhile; they wait only for the swap.
 */
#include <errno.h>

#include "private.h"

/*
 * The shared lock prefers the writer: glibc's default lets a steady stream
 * of queries overtake a waiting commit for ever, and a hot-plug would then
 * never finish.  With writers first, a query made from a walk's callback,
 * which holds the shared lock already, would queue behind a waiting writer
 * that waits for it; so each thread remembers the machines it holds, and a
 * nested read of one of them takes nothing.  (A thread inside walks of more
 * than DMH_MAX_HELD machines at once locks the others each time.)
 */
#define DMH_MAX_HELD 8

static _Thread_local struct held {
	const struct devmemhp_machine *m;
	unsigned int depth;
} held[DMH_MAX_HELD];

static struct held *held_slot(const struct devmemhp_machine *m)
{
	for (size_t i = 0; i < DMH_ARRAY_SIZE(held); i++)
		if (held[i].m == m)
			return &held[i];
	return NULL;
}

void dmh_lock_init(struct devmemhp_machine *m)
{
	pthread_rwlockattr_t attr;

	pthread_rwlockattr_init(&attr);
#if HAVE_DECL_PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP
	pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
#endif
	pthread_rwlock_init(&m->lock, &attr);
	pthread_rwlockattr_destroy(&attr);
}

void dmh_read_lock(const struct devmemhp_machine *m)
{
	struct held *h = held_slot(m);

	if (h) {
		h->depth++;
		return;
	}
	pthread_rwlock_rdlock((pthread_rwlock_t *)&m->lock);
	h = held_slot(NULL);
	if (h) {
		h->m = m;
		h->depth = 1;
	}
}

void dmh_read_unlock(const struct devmemhp_machine *m)
{
	struct held *h = held_slot(m);

	if (h && --h->depth)
		return;
	if (h)
		h->m = NULL;
	pthread_rwlock_unlock((pthread_rwlock_t *)&m->lock);
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
	pthread_rwlock_wrlock(&m->lock);
	m->st = t->st;
	pthread_rwlock_unlock(&m->lock);
	dmh_state_free(old);
	t->st = NULL;
}

void dmh_txn_abort(struct dmh_txn *t)
{
	dmh_state_free(t->st);
	t->st = NULL;
}
