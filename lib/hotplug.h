/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* hotplug.c: the operations, with the writer lock held. */
#ifndef DEVMEMHP_HOTPLUG_H
#define DEVMEMHP_HOTPLUG_H

#include <stdbool.h>

#include "devmemhp.h"
#include "state.h"

/* hotplug.c: the operations, with the writer lock held (plan.c runs them dry) */
struct dmh_add_req {
	uint64_t start, end;
	int nid;
	unsigned int flags, options;
	const char *name;
	unsigned int attrs;
	uint64_t group;
	uint64_t altmap_reserve, altmap_free;
	uint64_t compound_size;
};
int dmh_add_params_check(const struct devmemhp_machine *m, const struct devmemhp_add_params *p,
			 struct dmh_add_req *q);
int dmh_add_locked(struct devmemhp_machine *m, const struct dmh_add_req *q);
int dmh_remove_locked(struct devmemhp_machine *m, uint64_t start, uint64_t end, unsigned int flags);
/* remove_memory()'s refusals that need only its arguments (flags, size,
 * overflow, alignment), in the kernel's order: the remove and its plan ask it first */
int dmh_remove_check_args(const struct devmemhp_machine *m, uint64_t start, uint64_t size,
			  unsigned int flags);
/* online_memory()'s and offline_memory()'s refusals that need only their
 * arguments (size, overflow, zone, block alignment), in the kernel's order;
 * online_locked() and dmh_offline_locked() ask them first */
int dmh_online_check_args(const struct devmemhp_machine *m, uint64_t start, uint64_t size,
			  enum devmemhp_zone zone);
int dmh_offline_check_args(const struct devmemhp_machine *m, uint64_t start, uint64_t size);
int dmh_offline_locked(struct devmemhp_machine *m, uint64_t start, uint64_t end);
/* mhp_supports_memmap_on_memory() of the machine's kernel: does a RAM add of
 * size bytes take its memmap from itself, with altmaps of *free_pages; why not */
bool dmh_memmap_on_memory(const struct devmemhp_machine *m, uint64_t size, uint64_t *free_pages,
			  char *why, size_t len);

/* hotplug.c: the index of the first run of blocks that ends after block id */
size_t dmh_block_run_from(const struct dmh_state *st, uint64_t id);

#endif /* DEVMEMHP_HOTPLUG_H */
