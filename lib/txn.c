/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Transactions: a mutation takes the writer lock and works on a copy of the
 * committed state, then either swaps it in or throws its changes away.
 * Readers keep reading the committed state meanwhile; they wait only for
 * the swap.
 *
 * The copy is kept between transactions, equal to the committed state (the
 * two are twins, as in a left-right scheme): a transaction marks what it
 * writes (struct dmh_dirty), an abort copies those elements back from the
 * committed state, and a commit copies them into the state it replaced once
 * its readers have left, which becomes the next working copy.  So a
 * mutation costs what it changes, not what the machine holds.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>

#include "linear.h"
#include "linindex.h"
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

/* A state's translation index, built by the queries of a plan or of its
 * time as the committed state, describes it no more once it changes. */
static void forget_index(struct dmh_state *st)
{
	dmh_linindex_free(atomic_exchange_explicit(&st->lin_index, NULL, memory_order_relaxed));
	atomic_store_explicit(&st->lin_walks, 0, memory_order_relaxed);
}

/* The working copy back to the committed state. */
static void restore(struct devmemhp_machine *m, struct dmh_state *w)
{
	forget_index(w);
	/* cannot grow: its arrays held the committed state's before */
	if (dmh_state_copy_changes(w, m->st, w, m->cfg.nodes)) {
		dmh_state_free(w);
		m->shadow = NULL;
		return;
	}
	dmh_state_clean(w);
}

void dmh_dry_drop(struct devmemhp_machine *m)
{
	if (m->dry) {
		restore(m, m->dry);
		m->dry = NULL;
	}
}

int dmh_txn_begin(struct devmemhp_machine *m, struct dmh_txn *t)
{
	t->m = m;
	t->st = NULL;
	t->settings = false;
	m->pt_gen++; /* nodes of earlier generations are now read-only */
	dmh_dry_drop(m);
	if (!m->shadow) {
		m->shadow = dmh_state_clone(m->st, m->cfg.nodes);
		if (!m->shadow)
			return -ENOMEM;
	}
	t->st = m->shadow;
	dmh_pt_ctx_init(m, &t->c, false);
	return 0;
}

void dmh_txn_drop_copy(struct devmemhp_machine *m)
{
	dmh_state_free(m->shadow);
	m->shadow = NULL;
}

/* The fields of struct dmh_settings, as the machine holds them. */
#define SETTINGS_FIELDS(X) X(cfg) X(geo) X(kernel) X(block_size) X(boot_mem_end)
#define TO_SAVED(f) s->f = m->f;
#define FROM_SAVED(f) m->f = s->f;

static void settings_save(const struct devmemhp_machine *m, struct dmh_settings *s)
{
	SETTINGS_FIELDS(TO_SAVED)
	memcpy(s->kernel_why, m->kernel_why, sizeof(s->kernel_why));
}

/* Free the arrays of drop that keep does not hold. */
static void config_drop(const struct dmh_config *drop, const struct dmh_config *keep)
{
	if (drop->boot != keep->boot)
		dmh_free(drop->boot);
	if (drop->reserve != keep->reserve)
		dmh_free(drop->reserve);
}

static void settings_restore(struct devmemhp_machine *m, const struct dmh_settings *s)
{
	/* what the transaction allocated for the settings goes with them */
	config_drop(&m->cfg, &s->cfg);
	SETTINGS_FIELDS(FROM_SAVED)
	memcpy(m->kernel_why, s->kernel_why, sizeof(m->kernel_why));
}

void dmh_txn_begin_settings(struct devmemhp_machine *m, struct dmh_txn *t)
{
	*t = (struct dmh_txn){ .m = m, .settings = true };
	dmh_exclusive_lock(m);
	settings_save(m, &t->saved);
}

/* The end of a settings transaction: the new state in, what it replaced out. */
static void settings_commit(struct dmh_txn *t)
{
	struct devmemhp_machine *m = t->m;

	config_drop(&t->saved.cfg, &m->cfg);
	if (t->st) {
		dmh_state_free(m->st);
		m->st = t->st;
		dmh_txn_drop_copy(m);
	}
	t->st = NULL;
	dmh_exclusive_unlock(m);
}

static void settings_abort(struct dmh_txn *t)
{
	settings_restore(t->m, &t->saved);
	dmh_state_free(t->st);
	t->st = NULL;
	dmh_exclusive_unlock(t->m);
}

int dmh_txn_commit(struct dmh_txn *t)
{
	struct devmemhp_machine *m = t->m;
	struct dmh_state *w = t->st, *old = m->st;
	struct dmh_state_room room;

	if (t->settings) {
		settings_commit(t);
		return 0;
	}
	pt_seal(&t->c, w->pgd);
	if (m->dry_run) { /* a plan: keep what it would become */
		m->dry = w;
		t->st = NULL;
		return 0;
	}
	/* the old state takes the working copy's place: room for what it must
	 * hold, while readers still read it */
	if (dmh_state_room_get(old, w, &room)) {
		dmh_txn_abort(t);
		return -ENOMEM;
	}
	t->st = NULL;
	forget_index(w);
	dmh_exclusive_lock(m);
	m->st = w;
	dmh_exclusive_unlock(m);
	/* no reader holds the old state now */
	forget_index(old);
	dmh_state_room_put(old, &room);
	if (dmh_state_copy_changes(old, w, w, m->cfg.nodes)) { /* cannot: it has room */
		dmh_state_free(old);
		old = NULL;
	} else {
		dmh_state_clean(old);
	}
	dmh_state_clean(w);
	m->shadow = old;
	pt_settle(w->pgd);
	return 0;
}

void dmh_txn_abort(struct dmh_txn *t)
{
	if (t->settings) {
		settings_abort(t);
		return;
	}
	if (t->st)
		restore(t->m, t->st);
	t->st = NULL;
}
