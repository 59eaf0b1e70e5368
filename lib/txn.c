/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Transactions: a mutation takes the writer lock, works on a clone of the
 * committed state, and either swaps it in or throws it away.  Readers keep
 * reading the committed state meanwhile; they wait only for the swap.
 */
#include <errno.h>
#include <pthread.h>

#include "linear.h"
#include "machine.h"
#include "pgtable.h"
#include "state.h"
#include "txn.h"

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
