/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* query.c: the statistics of a state. */
#ifndef DEVMEMHP_QUERY_H
#define DEVMEMHP_QUERY_H

#include "devmemhp.h"
#include "state.h"

/* query.c: the statistics of a state */
void dmh_stats_of(const struct devmemhp_machine *m, const struct dmh_state *st,
		  struct devmemhp_stats *s);

#endif /* DEVMEMHP_QUERY_H */
