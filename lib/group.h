/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* group.c: memory groups. */
#ifndef DEVMEMHP_GROUP_H
#define DEVMEMHP_GROUP_H

#include "state.h"

/* group.c: memory groups */
const struct dmh_group *dmh_group_find(const struct dmh_state *st, uint64_t id);
/* The same, to be written. */
struct dmh_group *dmh_group_find_w(struct dmh_state *st, uint64_t id);
int dmh_group_add(struct dmh_state *st, const struct dmh_group *g, uint64_t *id);
void dmh_group_delete(struct dmh_state *st, uint64_t id);

#endif /* DEVMEMHP_GROUP_H */
