/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* txn.c: all-or-nothing mutations under the writer lock. */
#ifndef DEVMEMHP_TXN_H
#define DEVMEMHP_TXN_H

#include <stdbool.h>

#include "devmemhp.h"
#include "machine.h"
#include "pgtable.h"

/* txn.c: all-or-nothing mutations */
struct dmh_txn {
	struct devmemhp_machine *m;
	struct dmh_state *st; /* the working copy; of a settings transaction, the
			       * state it made to replace the machine's (or NULL) */
	struct pt_ctx c;
	bool settings;             /* dmh_txn_begin_settings() */
	struct dmh_settings saved; /* ...and what they were */
};

void dmh_writer_lock(struct devmemhp_machine *m);
void dmh_writer_unlock(struct devmemhp_machine *m);
/* With the writer lock held. */
int dmh_txn_begin(struct devmemhp_machine *m, struct dmh_txn *t);
/* 0, or -ENOMEM and the transaction aborted. */
int dmh_txn_commit(struct dmh_txn *t);
void dmh_txn_abort(struct dmh_txn *t);
/* Test hook: the next transaction starts from a clone of the committed
 * state, as the first one does. */
void dmh_txn_drop_copy(struct devmemhp_machine *m);
/* A plan is done with the state its dry commit kept. */
void dmh_dry_drop(struct devmemhp_machine *m);
/*
 * A transaction that changes the machine's settings (import, set_option):
 * readers wait from here to its end, which gives the old settings back on
 * abort.  The caller may build a new state apart and hand it in t->st: a
 * commit swaps it in (the old one and the working copy go).
 */
void dmh_txn_begin_settings(struct devmemhp_machine *m, struct dmh_txn *t);

#endif /* DEVMEMHP_TXN_H */
