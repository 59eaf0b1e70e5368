/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* txn.c: all-or-nothing mutations under the writer lock. */
#ifndef DEVMEMHP_TXN_H
#define DEVMEMHP_TXN_H

#include "devmemhp.h"
#include "pgtable.h"

/* txn.c: all-or-nothing mutations */
struct dmh_txn {
	struct devmemhp_machine *m;
	struct dmh_state *st; /* the working copy */
	struct pt_ctx c;
};

void dmh_writer_lock(struct devmemhp_machine *m);
void dmh_writer_unlock(struct devmemhp_machine *m);
/* With the writer lock held. */
int dmh_txn_begin(struct devmemhp_machine *m, struct dmh_txn *t);
void dmh_txn_commit(struct dmh_txn *t);
void dmh_txn_abort(struct dmh_txn *t);

#endif /* DEVMEMHP_TXN_H */
