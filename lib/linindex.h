/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* linindex.c: translation of linear-map addresses, from an index of a state's runs. */
#ifndef DEVMEMHP_LININDEX_H
#define DEVMEMHP_LININDEX_H

#include "devmemhp.h"
#include "state.h"

/* ---- linindex.c: translation of linear-map addresses -------------------- */

struct dmh_lin_index;
/* Is va mapped in st's linear map, and by a leaf of what size (log2, if
 * page_shift): 0, or -ENOENT.  pt_lookup()'s answer; a state queried often
 * answers from an index of its runs. */
int dmh_linear_lookup(const struct devmemhp_machine *m, const struct dmh_state *st, uint64_t va,
		      unsigned int *page_shift);
void dmh_linindex_free(struct dmh_lin_index *x);

#endif /* DEVMEMHP_LININDEX_H */
