/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* zone_v4_9.c: the zone rules of Linux 4.9. */
#ifndef DEVMEMHP_ZONE_V4_9_H
#define DEVMEMHP_ZONE_V4_9_H

#include "devmemhp.h"
#include "state.h"

/* zone_v4_9.c: what Linux 4.9 does to zone spans when memory comes and goes */
void dmh_v4_9_span_add(const struct devmemhp_machine *m, struct dmh_state *st, int nid, int zone,
		       uint64_t start_pfn, uint64_t nr);
void dmh_v4_9_span_remove(const struct devmemhp_machine *m, struct dmh_state *st,
			  const struct dmh_range *r);
/* Why Linux 4.9 refuses to offline block id, or NULL */
const char *dmh_v4_9_offline_refusal(const struct devmemhp_machine *m, const struct dmh_state *st,
				     uint64_t id);
/* Linux 4.9's zone_can_shift(): the zone "online_kernel" or "online_movable"
 * would move the block to, or its own zone */
int dmh_v4_9_shift_target(const struct devmemhp_machine *m, const struct dmh_state *st,
			  uint64_t id, int online_type);

#endif /* DEVMEMHP_ZONE_V4_9_H */
