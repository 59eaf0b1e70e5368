/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Linux 4.9's zone rules, for the machines that model it (the seed-era
 * backends), from mm/memory_hotplug.c and drivers/base/memory.c of v4.9:
 *   - memory gets its zone when it is added (zone_for_memory(), in the
 *     backend's plan_add), and __add_zone() grows that zone's span then;
 *   - "online" keeps that zone (MMOP_ONLINE_KEEP); online_kernel and
 *     online_movable move the block to ZONE_NORMAL or ZONE_MOVABLE only where
 *     zone_can_shift() lets them, and silently keep it where it does not;
 *   - offlining takes present and managed pages away and nothing else: the
 *     pages keep their zone and the span stays;
 *   - removing shrinks the span section by section (__remove_zone() ->
 *     shrink_zone_span()), reading the zone from the struct pages that are
 *     left, ZONE_DEVICE's span included.
 * Each block keeps the zone of its pages in zone_fixed/fixed_zone.
 */
#include <errno.h>

#include "group.h"
#include "kernel.h"
#include "machine.h"
#include "memory_block.h"
#include "private.h"
#include "state.h"
#include "zone.h"
#include "zone_v4_9.h"

static uint64_t block_pages(const struct devmemhp_machine *m)
{
	return m->block_size >> m->geo.page_shift;
}

/* The lowest zone the architecture has: what a zeroed struct page names. */
static int lowest_zone(const struct devmemhp_machine *m)
{
	for (int z = 0; z < DMH_NR_ZONES; z++)
		if (dmh_zone_exists(m, z))
			return z;
	return DMH_ZONE_NORMAL;
}

/* free_area_init(): the boot zone whose limits hold pfn. */
static int boot_zone(const struct devmemhp_machine *m, uint64_t pfn)
{
	for (int z = 0; z < DMH_ZONE_MOVABLE; z++) {
		uint64_t lo, hi;

		dmh_zone_limits(m, z, &lo, &hi);
		if (dmh_zone_exists(m, z) && lo <= pfn && pfn < hi)
			return z;
	}
	return lowest_zone(m);
}

/*
 * What the struct page of pfn says, page_zone() and pfn_to_nid(), while the
 * sections of [gone_lo, gone_hi) are already gone: -1 where its section has
 * no memmap (!valid_section()).  A hole in a present section has a struct
 * page nobody initialised: zeroed, the lowest zone of node 0.
 */
static int page_zone_of(const struct devmemhp_machine *m, const struct dmh_state *st,
			uint64_t pfn, uint64_t gone_lo, uint64_t gone_hi, int *nid)
{
	const uint64_t pps = dmh_pages_per_section(m);
	const uint64_t sec_lo = DMH_ALIGN_DOWN(pfn, pps), sec_hi = sec_lo + pps;
	const struct dmh_range *r;
	bool valid = false;
	long i, b;

	if (sec_lo >= gone_lo && sec_hi <= gone_hi)
		return -1;
	for (size_t k = 0; k < st->nr_ranges && !valid; k++)
		valid = dmh_pfn(m, st->ranges[k].start) < sec_hi &&
			dmh_pfn(m, st->ranges[k].end - 1) >= sec_lo;
	if (!valid)
		return -1;
	*nid = 0;
	i = dmh_range_find(st, pfn << m->geo.page_shift);
	if (i < 0)
		return lowest_zone(m);
	r = &st->ranges[i];
	*nid = r->nid;
	if (r->kind == DMH_RANGE_DEVICE)
		return DMH_ZONE_DEVICE;
	b = dmh_block_find(st, pfn / block_pages(m));
	if (b >= 0 && st->blocks[b].zone_fixed)
		return st->blocks[b].fixed_zone;
	return boot_zone(m, pfn);
}

static bool zone_initialized(const struct devmemhp_machine *m, const struct dmh_state *st, int nid,
			     int zone)
{
	return dmh_zone_exists(m, zone) && dmh_zone(st, nid, zone)->initialized;
}

/*
 * zone_can_shift(): a block moves up only from the end of its zone, down only
 * from its start, and only past zones never initialised; the zone of
 * online_type's target, or the block's own zone where it cannot move.
 */
int dmh_v4_9_shift_target(const struct devmemhp_machine *m, const struct dmh_state *st,
			  uint64_t id, int online_type)
{
	const uint64_t nr = block_pages(m), pfn = id * nr;
	const struct dmh_block_run *b = &st->blocks[dmh_block_find(st, id)];
	const int cur = b->fixed_zone;
	const struct dmh_zone *z = dmh_zone(st, b->nid, cur);
	int target = online_type == DMH_MMOP_ONLINE_KERNEL	 ? DMH_ZONE_NORMAL
		     : online_type == DMH_MMOP_ONLINE_MOVABLE ? DMH_ZONE_MOVABLE
							       : cur;

	if (target > cur) {
		if (pfn + nr != z->start_pfn + z->spanned)
			return cur;
		for (int i = cur + 1; i < target; i++)
			if (zone_initialized(m, st, b->nid, i))
				return cur;
	} else if (target < cur) {
		if (pfn != z->start_pfn)
			return cur;
		for (int i = target + 1; i < cur; i++)
			if (zone_initialized(m, st, b->nid, i))
				return cur;
	}
	return target;
}

/* resize_zone(): [start, end), or no span at all */
static void resize_zone(struct dmh_zone *z, uint64_t start, uint64_t end)
{
	z->start_pfn = end > start ? start : 0;
	z->spanned = end > start ? end - start : 0;
}

/* move_pfn_range_left() / move_pfn_range_right(): the block's pages change
 * zone, and so do the two spans */
static void move_range(struct dmh_state *st, int nid, int from, int to, uint64_t start,
		       uint64_t end)
{
	struct dmh_zone *f = dmh_zone(st, nid, from), *t = dmh_zone(st, nid, to);
	const uint64_t f_end = f->start_pfn + f->spanned, t_end = t->start_pfn + t->spanned;
	const bool t_empty = !t->spanned;

	t->initialized = true; /* ensure_zone_is_initialized() */
	if (to < from) {
		resize_zone(t, t_empty ? start : t->start_pfn, end);
		resize_zone(f, end, f_end);
	} else {
		resize_zone(f, f->start_pfn, start);
		resize_zone(t, start, t_empty ? end : t_end);
	}
}

/* node_state(nid, N_NORMAL_MEMORY): present memory in a zone up to Normal;
 * a UMA build's node_state() is nid == 0 */
static bool node_has_normal(const struct devmemhp_machine *m, const struct dmh_state *st, int nid)
{
	if (m->cfg.nodes == 1)
		return nid == 0;
	for (int z = 0; z <= DMH_ZONE_NORMAL; z++)
		if (dmh_zone(st, nid, z)->present)
			return true;
	return false;
}

/* memory_block_action(MEM_ONLINE) -> online_pages() */
static int online_block_v4_9(const struct devmemhp_machine *m, struct dmh_state *st, uint64_t id,
			     int online_type, int *zone_out, char *why, size_t len)
{
	const uint64_t nr = block_pages(m);
	long i = dmh_block_find(st, id);
	struct dmh_block_run b;
	int target, rc;

	if (i < 0)
		return -ENOENT;
	b = st->blocks[i];
	if (!b.zone_fixed) /* a boot block across zones is never offline */
		return -EINVAL;
	/* can_online_high_movable(): no CONFIG_MOVABLE_NODE (it needs X86_64) */
	if ((b.fixed_zone > DMH_ZONE_NORMAL || online_type == DMH_MMOP_ONLINE_MOVABLE) &&
	    !node_has_normal(m, st, b.nid))
		return -EINVAL;
	target = dmh_v4_9_shift_target(m, st, id, online_type);
	if (target == b.fixed_zone)
		dmh_why(why, len, "Linux %s onlines memory to the zone it was added to (the %s "
			"backend's zone_for_memory())", m->kernel->name, m->arch->name);
	else /* v4.9 mm/memory_hotplug.c online_pages(): move_pfn_range() */
		dmh_why(why, len, "%s: zone_can_shift() moves it from %s at the edge of its zone",
			dmh_online_type_name(online_type), dmh_zone_text(b.fixed_zone));
	if (target != b.fixed_zone) {
		move_range(st, b.nid, b.fixed_zone, target, id * nr, (id + 1) * nr);
		rc = dmh_block_set_v4_9(st, id, target, -1);
		if (rc)
			return rc;
	}
	if (zone_out)
		*zone_out = target;
	return dmh_online_block_to(m, st, id, target);
}

/* can_offline_normal(): the node's last memory up to Normal goes only after
 * the memory above it */
static bool can_offline_normal(const struct dmh_state *st, int nid, uint64_t nr)
{
	uint64_t low = 0, high = 0;

	for (int z = 0; z <= DMH_ZONE_NORMAL; z++)
		low += dmh_zone(st, nid, z)->present;
	if (low > nr)
		return true;
	for (int z = DMH_ZONE_NORMAL + 1; z <= DMH_ZONE_MOVABLE; z++)
		high += dmh_zone(st, nid, z)->present;
	return high == 0;
}

const char *dmh_v4_9_offline_refusal(const struct devmemhp_machine *m, const struct dmh_state *st,
				     uint64_t id)
{
	const struct dmh_block_run *b = &st->blocks[dmh_block_find(st, id)];

	if (b->dev_offline)
		return "the kernel onlined it when it was added, past the device core, whose "
		       "\"online\" reads 0: Linux 4.9's device_offline() refuses it until "
		       "\"online\" is written to its state (online_memory)";
	if (b->zone <= DMH_ZONE_NORMAL && !can_offline_normal(st, b->nid, block_pages(m)))
		return "it is the node's last memory up to ZONE_NORMAL while the node has memory "
		       "above it (Linux 4.9's can_offline_normal())";
	return NULL;
}

/* memory_block_action(MEM_OFFLINE) -> offline_pages(): no span changes */
static int offline_block_v4_9(const struct devmemhp_machine *m, struct dmh_state *st, uint64_t id)
{
	const uint64_t nr = block_pages(m), start = id * nr;
	long i = dmh_block_find(st, id);
	struct dmh_block_run run;
	int rc;

	if (i < 0)
		return -ENOENT;
	run = st->blocks[i];
	if (!run.online || run.zone == DMH_ZONE_NONE || dmh_v4_9_offline_refusal(m, st, id))
		return -EINVAL;
	if (dmh_has_unmovable(st, start, start + nr))
		return -EBUSY;
	rc = dmh_extent_remove(st, start, start + nr);
	if (!rc)
		rc = dmh_block_set(st, id, false, DMH_ZONE_NONE);
	if (rc)
		return rc;
	dmh_zone(st, run.nid, run.zone)->managed -= nr - run.vmemmap_pages;
	dmh_adjust_present(st, run.nid, run.zone, run.early, dmh_group_find_w(st, run.group),
			   -(int64_t)nr);
	return 0;
}

/* show_valid_zones(): the zone of the block's pages, then where online_kernel
 * and online_movable would move it; for online and offline blocks alike */
static unsigned int valid_zones_v4_9(const struct devmemhp_machine *m, const struct dmh_state *st,
				     uint64_t id, int zones[3])
{
	const struct dmh_block_run *b = &st->blocks[dmh_block_find(st, id)];
	unsigned int n = 0;

	if (!b->zone_fixed) { /* test_pages_in_a_zone(): more than one zone */
		zones[0] = DMH_ZONE_NONE;
		return 1;
	}
	zones[n++] = b->fixed_zone;
	for (int t = DMH_MMOP_ONLINE_KERNEL; t <= DMH_MMOP_ONLINE_MOVABLE; t++) {
		int z = dmh_v4_9_shift_target(m, st, id, t);

		if (z != b->fixed_zone)
			zones[n++] = z;
	}
	return n;
}

const struct dmh_mm_ops dmh_mm_v4_9 = {
	.online_block = online_block_v4_9,
	.offline_block = offline_block_v4_9,
	.valid_zones = valid_zones_v4_9,
};

/* __add_section() -> __add_zone(): the span grows when memory is added */
void dmh_v4_9_span_add(const struct devmemhp_machine *m, struct dmh_state *st, int nid, int zone,
		       uint64_t start_pfn, uint64_t nr)
{
	struct dmh_zone *z = dmh_zone(st, nid, zone);

	(void)m;
	z->initialized = true;
	dmh_zone_grow(z, start_pfn, nr);
}

/* find_smallest_section_pfn() / find_biggest_section_pfn(): 0 for none */
static uint64_t find_section(const struct devmemhp_machine *m, const struct dmh_state *st, int nid,
			     int zone, uint64_t start, uint64_t end, uint64_t gone_lo,
			     uint64_t gone_hi, bool biggest)
{
	const uint64_t pps = dmh_pages_per_section(m);

	for (uint64_t i = 0; start < end && i < (end - start + pps - 1) / pps; i++) {
		uint64_t pfn = biggest ? end - 1 - i * pps : start + i * pps;
		int n, z = page_zone_of(m, st, pfn, gone_lo, gone_hi, &n);

		if (z == zone && n == nid)
			return pfn;
	}
	return 0;
}

/* shrink_zone_span() for the section [s, e) */
static void shrink_span(const struct devmemhp_machine *m, struct dmh_state *st, int nid, int zone,
			uint64_t s, uint64_t e, uint64_t gone_lo)
{
	const uint64_t pps = dmh_pages_per_section(m);
	struct dmh_zone *z = dmh_zone(st, nid, zone);
	const uint64_t zstart = z->start_pfn, zend = zstart + z->spanned;
	uint64_t pfn;
	int n;

	if (zstart == s) {
		pfn = find_section(m, st, nid, zone, e, zend, gone_lo, s, false);
		if (pfn) {
			z->start_pfn = pfn;
			z->spanned = zend - pfn;
		}
	} else if (zend == e) {
		pfn = find_section(m, st, nid, zone, zstart, s, gone_lo, s, true);
		if (pfn)
			z->spanned = pfn - zstart + 1;
	}
	/* a hole only, unless no section of the zone is left in its old span
	 * (the one going still counts, but at its own first pfn) */
	for (pfn = zstart; pfn < zend; pfn += pps)
		if (pfn != s && page_zone_of(m, st, pfn, gone_lo, s, &n) == zone)
			return;
	z->start_pfn = 0;
	z->spanned = 0;
}

/*
 * __remove_pages() -> __remove_section() -> __remove_zone(), section by
 * section, all in the zone of the range's first page, while the range's
 * blocks and struct pages are still there to read.
 */
void dmh_v4_9_span_remove(const struct devmemhp_machine *m, struct dmh_state *st,
			  const struct dmh_range *r)
{
	const uint64_t pps = dmh_pages_per_section(m);
	const uint64_t lo = dmh_pfn(m, r->start), hi = dmh_pfn(m, r->end);
	int nid, zone = page_zone_of(m, st, lo, 0, 0, &nid);

	if (zone < 0)
		return;
	nid = r->nid; /* zone_to_nid() of the zone passed down */
	for (uint64_t s = DMH_ALIGN_DOWN(lo, pps); s < hi; s += pps)
		shrink_span(m, st, nid, zone, s, s + pps, DMH_ALIGN_DOWN(lo, pps));
}
