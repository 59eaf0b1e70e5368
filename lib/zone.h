/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* zone.c: zones, the online policy and the zone rules of a kernel generation. */
#ifndef DEVMEMHP_ZONE_H
#define DEVMEMHP_ZONE_H

#include <stdbool.h>

#include "devmemhp.h"
#include "private.h"
#include "state.h"

/* zone.c: zones and the online policy; the zone rules of a kernel generation
 * (zone.c for 4.14 on, zone_v4_9.c for 4.9) */
struct dmh_mm_ops {
	/* memory_block_online() with online_type (DMH_MMOP_*): *zone_out the zone, why
	 * (when not NULL) the rule that picked it */
	int (*online_block)(const struct devmemhp_machine *m, struct dmh_state *st, uint64_t id,
			    int online_type, int *zone_out, char *why, size_t len);
	/* memory_block_offline(): -EINVAL where the kernel refuses, -EBUSY for an
	 * unmovable page */
	int (*offline_block)(const struct devmemhp_machine *m, struct dmh_state *st, uint64_t id);
	/* valid_zones_show(): the zones, the one "online" picks first */
	unsigned int (*valid_zones)(const struct devmemhp_machine *m, const struct dmh_state *st,
				    uint64_t id, int zones[3]);
};
extern const struct dmh_mm_ops dmh_mm_v6, dmh_mm_v4_9;
int dmh_extent_add(struct dmh_state *st, const struct dmh_extent *x);
int dmh_extent_remove(struct dmh_state *st, uint64_t start, uint64_t end);
void dmh_zone_grow(struct dmh_zone *z, uint64_t start_pfn, uint64_t nr);
void dmh_adjust_present(struct dmh_state *st, int nid, int zone, bool early,
			struct dmh_group *group, int64_t nr);
bool dmh_zone_intersects(const struct dmh_zone *z, uint64_t start_pfn, uint64_t nr);
int dmh_zone_for_pfn_range(const struct devmemhp_machine *m, const struct dmh_state *st,
			   int online_type, int nid, const struct dmh_group *group,
			   uint64_t start_pfn, uint64_t nr);
/* The same, and why: the rule that decided, with the numbers it compared. */
int dmh_zone_for_pfn_range_why(const struct devmemhp_machine *m, const struct dmh_state *st,
			       int online_type, int nid, const struct dmh_group *group,
			       uint64_t start_pfn, uint64_t nr, char *why, size_t len);
/* Why offline block id of st would go to the zone onlining picks. */
void dmh_block_zone_why(const struct devmemhp_machine *m, const struct dmh_state *st,
			uint64_t id, char *why, size_t len);
/* The zone decisions of a sequence of onlines, one per run of blocks to the
 * same zone: logged at LOG_INFO, and kept in a plan's m->zone_whys. */
struct dmh_zone_note {
	bool any;
	uint64_t next_id;
	int zone;
};
void dmh_zone_note(const struct devmemhp_machine *m, struct dmh_zone_note *n, uint64_t id,
		   int zone, const char *why);
int dmh_online_block(const struct devmemhp_machine *m, struct dmh_state *st, uint64_t id,
		     int online_type, int *zone_out, char *why, size_t len);
int dmh_online_block_to(const struct devmemhp_machine *m, struct dmh_state *st, uint64_t id,
			int zone);
int dmh_offline_block(const struct devmemhp_machine *m, struct dmh_state *st, uint64_t id);
/* valid_zones_show(): the zones onlining could pick, default first. */
unsigned int dmh_valid_zones(const struct devmemhp_machine *m, const struct dmh_state *st,
			     uint64_t id, int zones[3]);
/* The same as text, names joined by sep (valid_zones in sysfs: " "). */
void dmh_valid_zones_text(const struct devmemhp_machine *m, const struct dmh_state *st,
			  uint64_t id, const char *sep, char *buf, size_t len);
int dmh_zone_add_device(const struct devmemhp_machine *m, struct dmh_state *st, int nid,
			uint64_t start_pfn, uint64_t nr);
bool dmh_has_unmovable(const struct dmh_state *st, uint64_t first_pfn, uint64_t end_pfn);
long dmh_extent_find(const struct dmh_state *st, uint64_t pfn);
int dmh_zones_boot(const struct devmemhp_machine *m, struct dmh_state *st);
bool dmh_zone_exists(const struct devmemhp_machine *m, int zone);
/* A zone's boot limits in pfns: [lo, hi). */
void dmh_zone_limits(const struct devmemhp_machine *m, int zone, uint64_t *lo, uint64_t *hi);
int dmh_early_block_zone(const struct devmemhp_machine *m, const struct dmh_state *st, int nid,
			 uint64_t start_pfn, uint64_t nr);

/* mm/memory_hotplug.h: MMOP_* */
enum dmh_online_type { DMH_MMOP_OFFLINE, DMH_MMOP_ONLINE, DMH_MMOP_ONLINE_KERNEL, DMH_MMOP_ONLINE_MOVABLE };
enum dmh_online_policy { DMH_POLICY_CONTIG_ZONES, DMH_POLICY_AUTO_MOVABLE };
/* The values of the public DEVMEMHP_POLICY_*. */
DMH_SAME_AS_PUBLIC(DMH_POLICY_CONTIG_ZONES, DEVMEMHP_POLICY_CONTIG_ZONES);
DMH_SAME_AS_PUBLIC(DMH_POLICY_AUTO_MOVABLE, DEVMEMHP_POLICY_AUTO_MOVABLE);

/* Online type and policy names. */
const char *dmh_online_type_name(int type);
/* The DMH_MMOP_* of a name; -EINVAL (*out untouched) if none. */
int dmh_parse_online_type(const char *name, int *out);
const char *dmh_online_policy_name(int policy);

#endif /* DEVMEMHP_ZONE_H */
