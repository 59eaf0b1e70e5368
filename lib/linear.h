/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* linear.c: the linear map and the vmemmap on top of the page table. */
#ifndef DEVMEMHP_LINEAR_H
#define DEVMEMHP_LINEAR_H

#include <stdbool.h>

#include "devmemhp.h"
#include "machine.h"
#include "pgtable.h"
#include "state.h"

/* linear.c: the linear map and the vmemmap on top of the page table */
int dmh_linear_map(const struct devmemhp_machine *m, struct dmh_state *st, struct pt_ctx *c,
		   uint64_t start, uint64_t end, unsigned int attrs);
/* A mapping call of its own with leaves of leaf_levels only and no contiguous
 * hint: the kernel image's alias (geometry.kernel_image_leaf_levels) */
int dmh_linear_map_apart(const struct devmemhp_machine *m, struct dmh_state *st, struct pt_ctx *c,
			 uint64_t start, uint64_t end, unsigned int attrs, unsigned int leaf_levels);
/* dmh_linear_map() for a hot-add, logged as init_memory_mapping() */
int dmh_init_memory_mapping(const struct devmemhp_machine *m, struct dmh_state *st,
			    struct pt_ctx *c, uint64_t start, uint64_t end, unsigned int attrs);
int dmh_linear_unmap(const struct devmemhp_machine *m, struct dmh_state *st, struct pt_ctx *c,
		     uint64_t start, uint64_t end);
int dmh_linear_runs(const struct devmemhp_machine *m, uint64_t start, uint64_t end, bool boot,
		    const struct dmh_state *st, struct devmemhp_map_run *runs, unsigned int max);
static inline uint64_t dmh_linear_va(const struct devmemhp_machine *m, uint64_t pa)
{
	return m->geo.linear_base + (pa - m->geo.phys_offset);
}

static inline uint64_t dmh_linear_pa(const struct devmemhp_machine *m, uint64_t va)
{
	return va - m->geo.linear_base + m->geo.phys_offset;
}
void dmh_linear_stats(const struct devmemhp_machine *m, const struct dmh_state *st,
		      struct pt_stats *ps);
bool dmh_linear_covers(const struct devmemhp_machine *m, uint64_t start, uint64_t end);
void dmh_pt_ctx_init(struct devmemhp_machine *m, struct pt_ctx *c, bool boot);

#endif /* DEVMEMHP_LINEAR_H */
