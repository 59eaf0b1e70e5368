/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Zones and the online policy, mm/memory_hotplug.c of v6.1:
 * zone_for_pfn_range(), default_zone_for_pfn(), auto_movable_zone_for_pfn(),
 * move_pfn_range_to_zone(), remove_pfn_range_from_zone(), shrink_zone_span(),
 * and drivers/base/memory.c: memory_block_online() / memory_block_offline().
 *
 * The pages given to zones are kept as extents; zone spans grow and shrink
 * exactly as the kernel moves zone_start_pfn and spanned_pages.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "accounting.h"
#include "group.h"
#include "kernel.h"
#include "machine.h"
#include "memory_block.h"
#include "private.h"
#include "size.h"
#include "state.h"
#include "zone.h"

DMH_EXPORT const char *devmemhp_zone_name(enum devmemhp_zone zone)
{
	/* mm/page_alloc.c: zone_names[] */
	static const char *const names[] = {
		[DEVMEMHP_ZONE_DMA] = "DMA",         [DEVMEMHP_ZONE_DMA32] = "DMA32",
		[DEVMEMHP_ZONE_NORMAL] = "Normal",   [DEVMEMHP_ZONE_HIGHMEM] = "HighMem",
		[DEVMEMHP_ZONE_MOVABLE] = "Movable", [DEVMEMHP_ZONE_DEVICE] = "Device",
	};

	if ((unsigned int)zone >= DMH_ARRAY_SIZE(names))
		return NULL;
	return names[zone];
}

const char *dmh_online_type_name(int type)
{
	static const char *const names[] = { "offline", "online", "online_kernel", "online_movable" };

	return (unsigned int)type < DMH_ARRAY_SIZE(names) ? names[type] : "?";
}

int dmh_parse_online_type(const char *name, int *out)
{
	for (int t = DMH_MMOP_OFFLINE; t <= DMH_MMOP_ONLINE_MOVABLE; t++)
		if (strcmp(name, dmh_online_type_name(t)) == 0) {
			*out = t;
			return 0;
		}
	return -EINVAL;
}

const char *dmh_online_policy_name(int policy)
{
	return policy == DMH_POLICY_AUTO_MOVABLE ? "auto-movable" : "contig-zones";
}

void dmh_zone_limits(const struct devmemhp_machine *m, int zone, uint64_t *lo, uint64_t *hi)
{
	const struct devmemhp_geometry *g = &m->geo;
	const uint64_t top = (uint64_t)1 << (g->max_physmem_bits - g->page_shift);
	uint64_t dma = g->zone_dma_end >> g->page_shift;
	uint64_t dma32 = g->zone_dma32_end ? g->zone_dma32_end >> g->page_shift : dma;
	uint64_t high = g->zone_highmem_start ? g->zone_highmem_start >> g->page_shift : top;

	*lo = *hi = 0;
	switch (zone) {
	case DMH_ZONE_DMA:
		*hi = dma;
		break;
	case DMH_ZONE_DMA32:
		if (g->zone_dma32_end) {
			*lo = dma;
			*hi = dma32;
		}
		break;
	case DMH_ZONE_NORMAL:
		*lo = dma32;
		*hi = high;
		break;
	case DMH_ZONE_HIGHMEM:
		if (g->zone_highmem_start) {
			*lo = high;
			*hi = top;
		}
		break;
	default:
		break;
	}
}

bool dmh_zone_intersects(const struct dmh_zone *z, uint64_t start_pfn, uint64_t nr)
{
	if (!z->spanned)
		return false;
	return start_pfn < z->start_pfn + z->spanned && start_pfn + nr > z->start_pfn;
}

/* ---- extents: pages onlined into a zone ---------------------------------- */

long dmh_extent_find(const struct dmh_state *st, uint64_t pfn)
{
	for (size_t i = 0; i < st->nr_extents && st->extents[i].start_pfn <= pfn; i++)
		if (pfn < st->extents[i].end_pfn)
			return (long)i;
	return -1;
}

/* Merge extent i with extent i + 1 if they continue each other. */
static void extent_merge(struct dmh_state *st, size_t i)
{
	const struct dmh_extent *a = &st->extents[i], *b = a + 1;

	if (a->end_pfn != b->start_pfn || a->nid != b->nid || a->zone != b->zone ||
	    a->early != b->early)
		return;
	dmh_extents_w(st, i, i + 1)->end_pfn = b->end_pfn;
	memmove(dmh_extents_w(st, i + 1, st->nr_extents), b + 1, (st->nr_extents - i - 2) * sizeof(*b));
	st->nr_extents--;
}

int dmh_extent_add(struct dmh_state *st, const struct dmh_extent *x)
{
	size_t pos = 0;

	if (dmh_grow((void **)&st->extents, &st->cap_extents, st->nr_extents + 1, sizeof(*x)))
		return -ENOMEM;
	while (pos < st->nr_extents && st->extents[pos].start_pfn < x->start_pfn)
		pos++;
	memmove(dmh_extents_w(st, pos, st->nr_extents + 1) + 1, &st->extents[pos],
		(st->nr_extents - pos) * sizeof(*x));
	*dmh_extents_w(st, pos, pos + 1) = *x;
	st->nr_extents++;
	/* keep them maximal, so the state has one form */
	if (pos + 1 < st->nr_extents)
		extent_merge(st, pos);
	if (pos > 0)
		extent_merge(st, pos - 1);
	return 0;
}

/* Remove [start, end) from the extent holding it (it lies inside one). */
int dmh_extent_remove(struct dmh_state *st, uint64_t start, uint64_t end)
{
	long i = dmh_extent_find(st, start);
	const struct dmh_extent *x;
	const size_t at = (size_t)i;

	if (i < 0 || st->extents[i].end_pfn < end)
		return -EUCLEAN;
	x = &st->extents[at];
	if (x->start_pfn < start && end < x->end_pfn) {
		struct dmh_extent right = *x;
		struct dmh_extent *w;

		if (dmh_grow((void **)&st->extents, &st->cap_extents, st->nr_extents + 1, sizeof(*x)))
			return -ENOMEM;
		w = dmh_extents_w(st, at, st->nr_extents + 1);
		right.start_pfn = end;
		w->end_pfn = start;
		memmove(w + 2, w + 1, (st->nr_extents - at - 1) * sizeof(*x));
		w[1] = right;
		st->nr_extents++;
	} else if (x->start_pfn < start) {
		dmh_extents_w(st, at, at + 1)->end_pfn = start;
	} else if (end < x->end_pfn) {
		dmh_extents_w(st, at, at + 1)->start_pfn = end;
	} else {
		memmove(dmh_extents_w(st, at, st->nr_extents), x + 1,
			(st->nr_extents - at - 1) * sizeof(*x));
		st->nr_extents--;
	}
	return 0;
}

/* ---- spans ----------------------------------------------------------------- */

/* move_pfn_range_to_zone(): resize_zone_range() */
void dmh_zone_grow(struct dmh_zone *z, uint64_t start_pfn, uint64_t nr)
{
	uint64_t old_end = z->start_pfn + z->spanned;

	if (!z->spanned || start_pfn < z->start_pfn)
		z->start_pfn = start_pfn;
	z->spanned = DMH_MAX(start_pfn + nr, old_end) - z->start_pfn;
}

/* The pfns whose struct pages say extent i's node and zone: a boot extent
 * also has the holes of its subsections, up to its neighbours
 * (subsection_map_init() makes them valid, init_unavailable_range() gives
 * them the zone), so a shrink may end the span there, as the kernel does. */
static void extent_reach(const struct dmh_state *st, size_t i, uint64_t step, uint64_t *s,
			 uint64_t *e)
{
	const struct dmh_extent *x = &st->extents[i];

	*s = x->start_pfn;
	*e = x->end_pfn;
	if (!x->early)
		return;
	*s = DMH_MAX(DMH_ALIGN_DOWN(*s, step), i ? st->extents[i - 1].end_pfn : 0);
	*e = DMH_ALIGN_UP(*e, step);
	if (i + 1 < st->nr_extents)
		*e = DMH_MIN(*e, st->extents[i + 1].start_pfn);
}

/* find_smallest_section_pfn(): steps of a subsection from `start` */
static uint64_t find_smallest(const struct devmemhp_machine *m, const struct dmh_state *st,
			      int nid, int zone, uint64_t start, uint64_t end)
{
	const uint64_t step = (uint64_t)1 << (m->geo.subsection_shift - m->geo.page_shift);

	for (size_t i = 0; i < st->nr_extents; i++) {
		const struct dmh_extent *x = &st->extents[i];
		uint64_t from, p, xs, xe;

		extent_reach(st, i, step, &xs, &xe);
		if (x->nid != nid || x->zone != zone || xe <= start)
			continue;
		from = DMH_MAX(xs, start);
		p = start + DMH_ALIGN_UP(from - start, step);
		if (p >= end)
			return 0;
		if (p < xe)
			return p;
	}
	return 0;
}

/* find_biggest_section_pfn(): steps of a subsection down from end - 1 */
static uint64_t find_biggest(const struct devmemhp_machine *m, const struct dmh_state *st,
			     int nid, int zone, uint64_t start, uint64_t end)
{
	const uint64_t step = (uint64_t)1 << (m->geo.subsection_shift - m->geo.page_shift);

	if (end <= start)
		return 0;
	for (size_t i = st->nr_extents; i-- > 0;) {
		const struct dmh_extent *x = &st->extents[i];
		uint64_t hi, p, xs, xe;

		extent_reach(st, i, step, &xs, &xe);
		if (x->nid != nid || x->zone != zone || xs >= end)
			continue;
		hi = DMH_MIN(xe, end) - 1;
		p = (end - 1) - DMH_ALIGN_UP((end - 1) - hi, step);
		if (p > end - 1 || p < start) /* wrapped, or below the range */
			return 0;
		if (p >= xs)
			return p;
	}
	return 0;
}

/* remove_pfn_range_from_zone() -> shrink_zone_span() */
static void zone_shrink(const struct devmemhp_machine *m, struct dmh_state *st, int nid, int zone,
			uint64_t start, uint64_t end)
{
	struct dmh_zone *z = dmh_zone(st, nid, zone);
	uint64_t zend = z->start_pfn + z->spanned, pfn;

	if (zone == DMH_ZONE_DEVICE) /* "Zone shrinking code cannot properly deal with ZONE_DEVICE" */
		return;
	if (z->start_pfn == start) {
		pfn = find_smallest(m, st, nid, zone, end, zend);
		if (pfn) {
			z->spanned = zend - pfn;
			z->start_pfn = pfn;
		} else {
			z->start_pfn = 0;
			z->spanned = 0;
		}
	} else if (zend == end) {
		pfn = find_biggest(m, st, nid, zone, z->start_pfn, start);
		if (pfn) {
			z->spanned = pfn - z->start_pfn + 1;
		} else {
			z->start_pfn = 0;
			z->spanned = 0;
		}
	}
}

/* ---- the online policy ----------------------------------------------------- */

/* Bytes of pages, as the reasons print them. */
#define PAGES_TEXT(m, buf, pages) dmh_size_text((uint64_t)(pages) << (m)->geo.page_shift, (buf), \
						sizeof(buf))

/* default_kernel_zone_for_pfn(): the first zone below Normal the range
 * intersects, else Normal; *hit whether it intersects one */
static int default_kernel_zone(const struct devmemhp_machine *m, const struct dmh_state *st, int nid,
			       uint64_t start_pfn, uint64_t nr)
{
	(void)m;
	for (int zid = 0; zid < DMH_ZONE_NORMAL; zid++)
		if (dmh_zone_intersects(dmh_zone(st, nid, zid), start_pfn, nr))
			return zid;
	return DMH_ZONE_NORMAL;
}

/* What default_kernel_zone() said, appended to a reason. */
static void kernel_zone_why(const struct devmemhp_machine *m, int nid, int zone, char *why,
			    size_t len)
{
	size_t n = why ? strlen(why) : 0;

	(void)m;
	if (!why || n >= len)
		return;
	if (zone == DMH_ZONE_NORMAL)
		snprintf(why + n, len - n, ": Normal");
	else /* default_kernel_zone_for_pfn(): the lowest zone the range meets */
		snprintf(why + n, len - n, ": %s, whose span on node %d the range meets", dmh_zone_text(zone),
			 nid);
}

/* auto_movable_can_online_movable()'s sums, kept for the reason. */
struct am_stats {
	uint64_t kernel_early, movable; /* after the dynamic groups' correction */
	uint64_t req_kernel_early;      /* what the other dynamic groups need */
};

/* v6.1 mm/memory_hotplug.c auto_movable_can_online_movable(): nid -1 is
 * NUMA_NO_NODE, the whole machine (the same in v6.12) */
static bool can_online_movable(const struct devmemhp_machine *m, const struct dmh_state *st, int nid,
			       const struct dmh_group *group, uint64_t nr_pages, struct am_stats *s)
{
	const uint64_t ratio = m->cfg.auto_movable_ratio;
	uint64_t kernel_early = 0, movable = 0, req_kernel_early = 0, group_movable = 0;

	for (unsigned int n = 0; n < m->cfg.nodes; n++) {
		if (nid >= 0 && (int)n != nid)
			continue;
		for (int zid = 0; zid < DMH_NR_ZONES; zid++) {
			const struct dmh_zone *z = dmh_zone(st, (int)n, zid);

			if (!z->present) /* populated_zone() */
				continue;
			if (zid == DMH_ZONE_MOVABLE)
				movable += z->present;
			else
				kernel_early += z->present_early;
		}
	}
	/* walk_dynamic_memory_groups(): all but the current group */
	for (size_t i = 0; ratio && i < st->nr_groups; i++) {
		const struct dmh_group *g = &st->groups[i];
		int64_t pages;

		if (!g->dynamic || g == group || (nid >= 0 && g->nid != nid))
			continue;
		pages = (int64_t)(g->present_movable_pages * 100 / ratio) -
			(int64_t)g->present_kernel_pages;
		if (pages > 0)
			req_kernel_early += (uint64_t)pages;
		group_movable += g->present_movable_pages;
	}
	*s = (struct am_stats){ kernel_early, movable + nr_pages, req_kernel_early };
	if (kernel_early <= req_kernel_early) {
		s->kernel_early = 0;
		return false;
	}
	kernel_early -= req_kernel_early;
	movable -= group_movable;
	if (group && group->dynamic)
		kernel_early += group->present_kernel_pages;
	movable += nr_pages;
	s->kernel_early = kernel_early;
	s->movable = movable;
	return movable <= ratio * kernel_early / 100;
}

/* The figures of one auto_movable_can_online_movable() call, for a reason:
 * "node 1: 0 bytes kernel, 1 GiB movable" */
static void am_text(const struct devmemhp_machine *m, int nid, const struct am_stats *s, char *buf,
		    size_t len)
{
	char k[DMH_SIZE_BUF], mv[DMH_SIZE_BUF], rq[DMH_SIZE_BUF];
	int n;

	n = nid < 0 ? snprintf(buf, len, "machine-wide") : snprintf(buf, len, "node %d", nid);
	n += snprintf(buf + n, len - (size_t)n, ": %s kernel, %s movable",
		      PAGES_TEXT(m, k, s->kernel_early), PAGES_TEXT(m, mv, s->movable));
	if (s->req_kernel_early)
		snprintf(buf + n, len - (size_t)n, " (%s more kept for dynamic groups)",
			 PAGES_TEXT(m, rq, s->req_kernel_early));
}

/* v6.1 mm/memory_hotplug.c auto_movable_zone_for_pfn() */
static int auto_movable_zone(const struct devmemhp_machine *m, const struct dmh_state *st, int nid,
			     const struct dmh_group *group, uint64_t pfn, uint64_t nr_pages,
			     char *why, size_t len)
{
	const uint64_t pps = dmh_pages_per_section(m);
	uint64_t online_pages = 0, max_pages;
	struct am_stats s;
	char fig[128], fig2[128];
	int zone;

	if (!m->cfg.auto_movable_ratio) {
		dmh_why(why, len, "auto-movable: auto_movable_ratio is 0, no memory goes to Movable");
		goto kernel_zone;
	}
	if (group && !group->dynamic) {
		max_pages = group->max_pages;
		online_pages = group->present_movable_pages;
		/* If anything is !MOVABLE online the rest !MOVABLE. */
		if (group->present_kernel_pages) {
			dmh_why(why, len, "auto-movable: memory group %" PRIu64 " (static) has %s "
				"online in a kernel zone, so the rest goes there too",
				group->id, PAGES_TEXT(m, fig, group->present_kernel_pages));
			goto kernel_zone;
		}
	} else if (!group || group->unit_pages == nr_pages) {
		max_pages = nr_pages;
	} else {
		uint64_t end_pfn;

		max_pages = group->unit_pages;
		pfn = DMH_ALIGN_DOWN(pfn, group->unit_pages);
		end_pfn = pfn + group->unit_pages;
		for (; pfn < end_pfn; pfn += pps) {
			long x = dmh_extent_find(st, pfn);

			if (x < 0)
				continue;
			if (st->extents[x].zone != DMH_ZONE_MOVABLE) {
				dmh_why(why, len, "auto-movable: memory group %" PRIu64 " (dynamic): "
					"its unit of %s has memory online in a kernel zone",
					group->id, PAGES_TEXT(m, fig, group->unit_pages));
				goto kernel_zone;
			}
			online_pages += pps;
		}
	}
	nr_pages = max_pages - online_pages;
	if (!can_online_movable(m, st, -1, group, nr_pages, &s)) {
		am_text(m, -1, &s, fig, sizeof(fig));
		dmh_why(why, len, "auto-movable, %s: movable would exceed auto_movable_ratio %u%% of "
			"the machine's kernel memory", fig, m->cfg.auto_movable_ratio);
		goto kernel_zone;
	}
	am_text(m, -1, &s, fig, sizeof(fig));
	if (m->cfg.auto_movable_numa_aware) {
		struct am_stats ns;

		if (!can_online_movable(m, st, nid, group, nr_pages, &ns)) {
			am_text(m, nid, &ns, fig2, sizeof(fig2));
			dmh_why(why, len, "auto-movable, %s: movable would exceed auto_movable_ratio "
				"%u%% of the node's kernel memory", fig2, m->cfg.auto_movable_ratio);
			goto kernel_zone;
		}
		am_text(m, nid, &ns, fig2, sizeof(fig2));
		dmh_why(why, len, "auto-movable, %s: within auto_movable_ratio %u%% of the node's "
			"kernel memory and the machine's", fig2, m->cfg.auto_movable_ratio);
		return DMH_ZONE_MOVABLE;
	}
	dmh_why(why, len, "auto-movable, %s: within auto_movable_ratio %u%% of the machine's "
		"kernel memory", fig, m->cfg.auto_movable_ratio);
	return DMH_ZONE_MOVABLE;
kernel_zone:
	zone = default_kernel_zone(m, st, nid, pfn, nr_pages);
	if (zone != DMH_ZONE_NORMAL)
		kernel_zone_why(m, nid, zone, why, len);
	return zone;
}

/* The span of node nid's zone z as text: "[0x100000000-0x13fffffff]" */
static void span_text(const struct devmemhp_machine *m, const struct dmh_state *st, int nid, int z,
		      char *buf, size_t len)
{
	const struct dmh_zone *zone = dmh_zone(st, nid, z);

	snprintf(buf, len, "[%#" PRIx64 "-%#" PRIx64 "]", zone->start_pfn << m->geo.page_shift,
		 ((zone->start_pfn + zone->spanned) << m->geo.page_shift) - 1);
}

/* v6.1 mm/memory_hotplug.c default_zone_for_pfn(): contig-zones */
static int default_zone(const struct devmemhp_machine *m, const struct dmh_state *st, int nid,
			uint64_t start_pfn, uint64_t nr, char *why, size_t len)
{
	int kernel = default_kernel_zone(m, st, nid, start_pfn, nr);
	bool in_kernel = dmh_zone_intersects(dmh_zone(st, nid, kernel), start_pfn, nr);
	bool in_movable = dmh_zone_intersects(dmh_zone(st, nid, DMH_ZONE_MOVABLE), start_pfn, nr);
	char span[64];

	/* inherit the zone when exactly one of them is there already */
	if (in_kernel ^ in_movable) {
		int zone = in_kernel ? kernel : DMH_ZONE_MOVABLE;

		span_text(m, st, nid, zone, span, sizeof(span));
		dmh_why(why, len, "contig-zones: node %d's %s spans %s, which holds the range, "
			"and %s does not", nid, dmh_zone_text(zone), span,
			dmh_zone_text(in_kernel ? DMH_ZONE_MOVABLE : kernel));
		return zone;
	}
	if (in_kernel) {
		dmh_why(why, len, "contig-zones: both node %d's %s and Movable span the range",
			nid, dmh_zone_text(kernel));
	} else {
		dmh_why(why, len, "contig-zones: no zone of node %d spans the range", nid);
	}
	if (m->cfg.movable_node) {
		size_t n = why ? strlen(why) : 0;

		if (why && n < len)
			snprintf(why + n, len - n, "; movable_node: Movable");
		return DMH_ZONE_MOVABLE;
	}
	kernel_zone_why(m, nid, kernel, why, len);
	return kernel;
}

int dmh_zone_for_pfn_range_why(const struct devmemhp_machine *m, const struct dmh_state *st,
			       int online_type, int nid, const struct dmh_group *group,
			       uint64_t start_pfn, uint64_t nr, char *why, size_t len)
{
	int zone;

	if (online_type == DMH_MMOP_ONLINE_KERNEL) {
		zone = default_kernel_zone(m, st, nid, start_pfn, nr);
		dmh_why(why, len, "online_kernel");
		kernel_zone_why(m, nid, zone, why, len);
		return zone;
	}
	if (online_type == DMH_MMOP_ONLINE_MOVABLE) {
		dmh_why(why, len, "online_movable: Movable");
		return DMH_ZONE_MOVABLE;
	}
	if (m->cfg.online_policy == DMH_POLICY_AUTO_MOVABLE)
		return auto_movable_zone(m, st, nid, group, start_pfn, nr, why, len);
	return default_zone(m, st, nid, start_pfn, nr, why, len);
}

/* v6.1 mm/memory_hotplug.c zone_for_pfn_range() */
int dmh_zone_for_pfn_range(const struct devmemhp_machine *m, const struct dmh_state *st,
			   int online_type, int nid, const struct dmh_group *group,
			   uint64_t start_pfn, uint64_t nr)
{
	return dmh_zone_for_pfn_range_why(m, st, online_type, nid, group, start_pfn, nr, NULL, 0);
}

void dmh_zone_note(const struct devmemhp_machine *m, struct dmh_zone_note *n, uint64_t id,
		   int zone, const char *why)
{
	struct dmh_zone_whys *w = m->zone_whys;
	const bool new_run = !n->any || id != n->next_id || zone != n->zone;

	n->any = true;
	n->next_id = id + 1;
	n->zone = zone;
	if (!new_run || !why[0])
		return;
	if (w && w->n < DMH_ARRAY_SIZE(w->e)) {
		w->e[w->n].first = id;
		w->e[w->n].zone = zone;
		snprintf(w->e[w->n].why, sizeof(w->e[0].why), "%s", why);
		w->n++;
	}
	if (!m->dry_run)
		dmh_log(m, LOG_INFO, __FILE__, __LINE__, __func__, "memory%" PRIu64 " (and the "
			"blocks after it to the same zone) online to %s: %s", id, dmh_zone_text(zone),
			why);
}

/* adjust_present_page_count() */
void dmh_adjust_present(struct dmh_state *st, int nid, int zone, bool early,
			struct dmh_group *group, int64_t nr)
{
	struct dmh_zone *z = dmh_zone(st, nid, zone);

	if (early)
		z->present_early += (uint64_t)nr;
	z->present += (uint64_t)nr;
	if (group && zone == DMH_ZONE_MOVABLE)
		group->present_movable_pages += (uint64_t)nr;
	else if (group)
		group->present_kernel_pages += (uint64_t)nr;
}

/* memory_block_online() into `zone` */
int dmh_online_block_to(const struct devmemhp_machine *m, struct dmh_state *st, uint64_t id,
			int zone)
{
	const uint64_t nr = m->block_size >> m->geo.page_shift;
	const uint64_t start = id * nr;
	long i = dmh_block_find(st, id);
	struct dmh_block_run run;
	struct dmh_group *group;
	struct dmh_extent x;
	int rc;

	if (i < 0)
		return -ENOENT;
	run = st->blocks[i];
	group = dmh_group_find_w(st, run.group);
	x = (struct dmh_extent){ start, start + nr, run.nid, zone, run.early };
	rc = dmh_extent_add(st, &x);
	if (rc)
		return rc;
	rc = dmh_block_set(st, id, true, zone);
	if (rc)
		return rc;
	/* mhp_init_memmap_on_memory(), then online_pages(): both move pages to the zone */
	dmh_zone_grow(dmh_zone(st, run.nid, zone), start, nr);
	dmh_adjust_present(st, run.nid, zone, run.early, group, (int64_t)nr);
	dmh_zone(st, run.nid, zone)->managed += nr - run.vmemmap_pages;
	return 0;
}

/* memory_block_online(): the zone as zone_for_pfn_range() picks it */
static int online_block_v6(const struct devmemhp_machine *m, struct dmh_state *st, uint64_t id,
			   int online_type, int *zone_out, char *why, size_t len)
{
	const uint64_t nr = m->block_size >> m->geo.page_shift;
	long i = dmh_block_find(st, id);
	int zone;

	if (i < 0)
		return -ENOENT;
	if (st->blocks[i].zone_fixed) { /* a backend's plan_add fixed it (MMOP_ONLINE_KEEP) */
		zone = st->blocks[i].fixed_zone;
		dmh_why(why, len, "the %s backend chose %s when the memory was added", m->arch->name,
			dmh_zone_text(zone));
	} else {
		zone = dmh_zone_for_pfn_range_why(m, st, online_type, st->blocks[i].nid,
						  dmh_group_find(st, st->blocks[i].group), id * nr,
						  nr, why, len);
	}
	if (zone_out)
		*zone_out = zone;
	return dmh_online_block_to(m, st, id, zone);
}

static bool block_has_holes(const struct devmemhp_machine *m, const struct dmh_state *st,
			    uint64_t start, uint64_t end)
{
	uint64_t covered = 0;

	/* walk_system_ram_range(): count the System RAM pages of the block */
	for (size_t i = 0; i < st->nr_ranges; i++) {
		const struct dmh_range *r = &st->ranges[i];
		uint64_t s, e;

		if (r->kind == DMH_RANGE_DEVICE || r->nomap) /* NOMAP memory is no System RAM */
			continue;
		s = DMH_MAX(dmh_pfn(m, DMH_ALIGN_UP(r->start, dmh_page_size(m))), start);
		e = DMH_MIN(dmh_pfn(m, r->end), end);
		if (s < e)
			covered += e - s;
	}
	return covered != end - start;
}

bool dmh_has_unmovable(const struct dmh_state *st, uint64_t first_pfn, uint64_t end_pfn)
{
	for (size_t k = 0; k < st->nr_unmovable; k++)
		if (st->unmovable[k] >= first_pfn && st->unmovable[k] < end_pfn)
			return true;
	return false;
}

/* memory_block_offline() */
static int offline_block_v6(const struct devmemhp_machine *m, struct dmh_state *st, uint64_t id)
{
	const uint64_t nr = m->block_size >> m->geo.page_shift;
	const uint64_t start = id * nr;
	long i = dmh_block_find(st, id);
	struct dmh_block_run run;
	struct dmh_group *group;
	int rc;

	if (i < 0)
		return -ENOENT;
	run = st->blocks[i];
	if (!run.online || run.zone == DMH_ZONE_NONE || block_has_holes(m, st, start, start + nr))
		return -EINVAL;
	/* start_isolate_page_range(): an unmovable page fails the isolation */
	if (dmh_has_unmovable(st, start, start + nr))
		return -EBUSY;
	group = dmh_group_find_w(st, run.group);
	rc = dmh_extent_remove(st, start, start + nr);
	if (!rc)
		rc = dmh_block_set(st, id, false, DMH_ZONE_NONE);
	if (rc)
		return rc;
	dmh_zone(st, run.nid, run.zone)->managed -= nr - run.vmemmap_pages;
	dmh_adjust_present(st, run.nid, run.zone, run.early, group, -(int64_t)nr);
	zone_shrink(m, st, run.nid, run.zone, start, start + nr);
	return 0;
}

static unsigned int valid_zones_v6(const struct devmemhp_machine *m, const struct dmh_state *st,
				   uint64_t id, int zones[3])
{
	const uint64_t nr = m->block_size >> m->geo.page_shift, start = id * nr;
	const struct dmh_block_run *run = &st->blocks[dmh_block_find(st, id)];
	const struct dmh_group *group = dmh_group_find(st, run->group);
	unsigned int n = 0;

	if (run->online) {
		zones[0] = run->zone; /* "none" when it spans zones */
		return 1;
	}
	if (run->zone_fixed) {
		zones[0] = run->fixed_zone;
		return 1;
	}
	zones[n++] = dmh_zone_for_pfn_range(m, st, DMH_MMOP_ONLINE, run->nid, group, start, nr);
	for (int t = DMH_MMOP_ONLINE_KERNEL; t <= DMH_MMOP_ONLINE_MOVABLE; t++) {
		int z = dmh_zone_for_pfn_range(m, st, t, run->nid, group, start, nr);

		if (z != zones[0]) /* print_allowed_zone(): only what differs from the default */
			zones[n++] = z;
	}
	return n;
}

void dmh_block_zone_why(const struct devmemhp_machine *m, const struct dmh_state *st,
			uint64_t id, char *why, size_t len)
{
	const uint64_t nr = m->block_size >> m->geo.page_shift;
	long i = dmh_block_find(st, id);
	const struct dmh_block_run *run;

	dmh_why(why, len, "%s", "");
	if (i < 0)
		return;
	run = &st->blocks[i];
	if (run->zone_fixed && m->kernel->zones_at_add)
		/* v4.9 mm/memory_hotplug.c __add_pages() -> __add_zone(): the zone is
		 * the arch's zone_for_memory() at add; online_pages() keeps it */
		dmh_why(why, len, "Linux %s gives memory its zone when it is added (the %s "
			"backend's zone_for_memory())", m->kernel->name, m->arch->name);
	else if (run->zone_fixed)
		dmh_why(why, len, "the %s backend chose %s when the memory was added", m->arch->name,
			dmh_zone_text(run->fixed_zone));
	else if (!run->online)
		dmh_zone_for_pfn_range_why(m, st, DMH_MMOP_ONLINE, run->nid,
					   dmh_group_find(st, run->group), id * nr, nr, why, len);
}

/* The generic rules of the kernels from 4.14 on (zones chosen at online). */
const struct dmh_mm_ops dmh_mm_v6 = {
	.online_block = online_block_v6,
	.offline_block = offline_block_v6,
	.valid_zones = valid_zones_v6,
};

int dmh_online_block(const struct devmemhp_machine *m, struct dmh_state *st, uint64_t id,
		     int online_type, int *zone_out, char *why, size_t len)
{
	if (why && len)
		why[0] = '\0';
	return m->kernel->mm->online_block(m, st, id, online_type, zone_out, why, len);
}

int dmh_offline_block(const struct devmemhp_machine *m, struct dmh_state *st, uint64_t id)
{
	return m->kernel->mm->offline_block(m, st, id);
}

unsigned int dmh_valid_zones(const struct devmemhp_machine *m, const struct dmh_state *st,
			     uint64_t id, int zones[3])
{
	return m->kernel->mm->valid_zones(m, st, id, zones);
}

void dmh_valid_zones_text(const struct devmemhp_machine *m, const struct dmh_state *st,
			  uint64_t id, const char *sep, char *buf, size_t len)
{
	int zones[3];
	unsigned int nz = dmh_valid_zones(m, st, id, zones);
	size_t n = 0;

	buf[0] = '\0';
	for (unsigned int z = 0; z < nz && n < len; z++)
		n += (size_t)snprintf(buf + n, len - n, "%s%s", z ? sep : "", dmh_zone_text(zones[z]));
}

/* memremap_pages() -> move_pfn_range_to_zone(ZONE_DEVICE): span only */
int dmh_zone_add_device(const struct devmemhp_machine *m, struct dmh_state *st, int nid,
			uint64_t start_pfn, uint64_t nr)
{
	(void)m;
	dmh_zone_grow(dmh_zone(st, nid, DMH_ZONE_DEVICE), start_pfn, nr);
	return 0;
}

/* early_node_zone_for_memory_block() */
int dmh_early_block_zone(const struct devmemhp_machine *m, const struct dmh_state *st, int nid,
			 uint64_t start_pfn, uint64_t nr)
{
	int match = DMH_ZONE_NONE;

	(void)m;
	for (int zid = 0; zid < DMH_NR_ZONES; zid++) {
		const struct dmh_zone *z = dmh_zone(st, nid, zid);

		if (!z->present || !dmh_zone_intersects(z, start_pfn, nr))
			continue;
		if (match != DMH_ZONE_NONE)
			return DMH_ZONE_NONE; /* spans multiple zones */
		match = zid;
	}
	return match;
}

/* free_area_init(): zones of boot memory, per node */
int dmh_zones_boot(const struct devmemhp_machine *m, struct dmh_state *st)
{
	const uint64_t psz = dmh_page_size(m);

	for (unsigned int nid = 0; nid < m->cfg.nodes; nid++) {
		uint64_t node_start = UINT64_MAX, node_end = 0;

		for (size_t i = 0; i < st->nr_ranges; i++) {
			const struct dmh_range *r = &st->ranges[i];

			if (r->kind != DMH_RANGE_BOOT || r->nid != (int)nid)
				continue;
			node_start = DMH_MIN(node_start, dmh_pfn(m, DMH_ALIGN_UP(r->start, psz)));
			node_end = DMH_MAX(node_end, dmh_pfn(m, r->end));
		}
		if (node_start >= node_end)
			continue;
		for (int zid = 0; zid < DMH_ZONE_MOVABLE; zid++) {
			struct dmh_zone *z = dmh_zone(st, (int)nid, zid);
			uint64_t lo, hi, s, e;

			dmh_zone_limits(m, zid, &lo, &hi);
			s = DMH_MAX(lo, node_start);
			e = DMH_MIN(hi, node_end);
			if (s >= e)
				continue;
			z->start_pfn = s;
			z->spanned = e - s;
			z->managed = 0;
			for (size_t i = 0; i < st->nr_ranges; i++) {
				const struct dmh_range *r = &st->ranges[i];
				uint64_t rs, re;
				int rc;

				if (r->kind != DMH_RANGE_BOOT || r->nid != (int)nid)
					continue;
				rs = DMH_MAX(dmh_pfn(m, DMH_ALIGN_UP(r->start, psz)), s);
				re = DMH_MIN(dmh_pfn(m, r->end), e);
				if (rs >= re)
					continue;
				z->present += re - rs;
				/* memblock_free_all() frees no NOMAP page */
				if (!r->nomap)
					z->managed += re - rs;
				rc = dmh_extent_add(st, &(struct dmh_extent){ rs, re, (int)nid, zid, true });
				if (rc)
					return rc;
			}
			z->present_early = z->present;
		}
	}
	return 0;
}

/* The public face of a node's zone in state st. */
static struct devmemhp_zone_info zone_info(const struct dmh_state *st, int nid, int zone)
{
	const struct dmh_zone *z = dmh_zone(st, nid, zone);

	return (struct devmemhp_zone_info){
		.size = sizeof(struct devmemhp_zone_info), .nid = nid, .zone = (enum devmemhp_zone)zone,
		.start_pfn = z->start_pfn, .spanned = z->spanned, .present = z->present,
		.present_early = z->present_early, .managed = z->managed,
		.free = dmh_zone_free(st, nid, zone) > 0 ? (uint64_t)dmh_zone_free(st, nid, zone) : 0,
	};
}

DMH_EXPORT int devmemhp_zone_info_get(const struct devmemhp_machine *m, int nid,
				      enum devmemhp_zone zone, struct devmemhp_zone_info *info)
{
	struct devmemhp_zone_info zi;
	int rc;

	rc = dmh_api_enter(m, "zone_info_get", DMH_API_SIZED(info, "info"), DMH_API_NONE);
	if (rc)
		return rc;
	if (nid < 0 || nid >= (int)m->cfg.nodes)
		return dmh_err(m, -ENOENT, "zone_info_get: there is no node %d (nodes=%u)", nid,
			       m->cfg.nodes);
	if ((unsigned int)zone >= DMH_NR_ZONES)
		return dmh_err(m, -EINVAL, "zone_info_get: %d is not a zone", (int)zone);
	dmh_read_lock(m);
	zi = zone_info(m->st, nid, (int)zone);
	dmh_read_unlock(m);
	dmh_copy_sized(info, &zi, sizeof(zi));
	return 0;
}

/* Which zones this architecture has (the kernel's MAX_NR_ZONES set). */
bool dmh_zone_exists(const struct devmemhp_machine *m, int zone)
{
	switch (zone) {
	case DMH_ZONE_DMA:
		return m->geo.zone_dma_end != 0;
	case DMH_ZONE_DMA32:
		return m->geo.zone_dma32_end != 0;
	case DMH_ZONE_HIGHMEM:
		return m->geo.zone_highmem_start != 0;
	case DMH_ZONE_DEVICE:
		return m->cfg.zone_device;
	default:
		return zone >= 0 && zone < DMH_NR_ZONES;
	}
}

DMH_EXPORT int devmemhp_zone_foreach(const struct devmemhp_machine *m,
				     int (*fn)(const struct devmemhp_zone_info *zone, void *data),
				     void *data)
{
	int rc;

	rc = dmh_api_enter(m, "zone_foreach", !fn ? "fn is NULL" : NULL, DMH_API_READ);
	if (rc)
		return rc;
	for (unsigned int n = 0; n < m->cfg.nodes && !rc; n++) {
		if (!m->st->node_online[n])
			continue;
		for (int z = 0; z < DMH_NR_ZONES && !rc; z++) {
			struct devmemhp_zone_info zi = zone_info(m->st, (int)n, z);

			if (dmh_zone_exists(m, z))
				rc = fn(&zi, data);
		}
	}
	dmh_api_leave(m, DMH_API_READ);
	return rc;
}
