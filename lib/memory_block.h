/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* memory_block.c: memory blocks (/sys/devices/system/memory). */
#ifndef DEVMEMHP_MEMORY_BLOCK_H
#define DEVMEMHP_MEMORY_BLOCK_H

#include <stdbool.h>

#include "devmemhp.h"
#include "state.h"

/* memory_block.c: /sys/devices/system/memory */
long dmh_block_find(const struct dmh_state *st, uint64_t id);

int dmh_blocks_add(struct dmh_state *st, const struct dmh_block_run *run);
int dmh_blocks_remove(struct dmh_state *st, uint64_t first, uint64_t count);
int dmh_block_set(struct dmh_state *st, uint64_t id, bool online, int zone);
int dmh_block_assign(struct dmh_state *st, uint64_t id, bool online, int zone, int nid);
/* Linux 4.9: set a block's zone (fixed_zone >= 0) and device-core state
 * (dev_offline >= 0) */
int dmh_block_set_v4_9(struct dmh_state *st, uint64_t id, int fixed_zone, int dev_offline);
uint64_t dmh_blocks_count(const struct dmh_state *st, bool online_only);
/* The nodes a block is linked to, lowest first (more than one: an early block
 * whose boot RAM is on several nodes); how many, at most max filled. */
#define DMH_BLOCK_MAX_NODES 8
unsigned int dmh_block_nodes(const struct devmemhp_machine *m, const struct dmh_state *st,
			     uint64_t id, int *nids, unsigned int max);

#endif /* DEVMEMHP_MEMORY_BLOCK_H */
