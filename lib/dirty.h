/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What a transaction wrote in one of a state's arrays (txn.c). */
#ifndef DEVMEMHP_DIRTY_H
#define DEVMEMHP_DIRTY_H

#include <stddef.h>

#include "private.h"

/*
 * The elements of one of a state's arrays that may differ from its twin's
 * (txn.c): [lo, hi), empty when lo >= hi.  Every write marks what it
 * writes; the arrays are const so that the compiler finds a write that
 * does not.
 */
struct dmh_dirty {
	size_t lo, hi;
};

static inline void dmh_dirty_mark(struct dmh_dirty *d, size_t lo, size_t hi)
{
	if (d->lo >= d->hi) {
		d->lo = lo;
		d->hi = hi;
		return;
	}
	d->lo = DMH_MIN(d->lo, lo);
	d->hi = DMH_MAX(d->hi, hi);
}

#endif /* DEVMEMHP_DIRTY_H */
