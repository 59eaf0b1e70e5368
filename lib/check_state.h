/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* check.c: the invariants of a state (not check.h: the Check framework has that name). */
#ifndef DEVMEMHP_CHECK_STATE_H
#define DEVMEMHP_CHECK_STATE_H

#include "devmemhp.h"
#include "state.h"

/* check.c */
int dmh_state_verify(const struct devmemhp_machine *m, const struct dmh_state *st, char *why,
		     size_t whylen);

#endif /* DEVMEMHP_CHECK_STATE_H */
