/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* devmemhp_check(): every invariant of the model, recomputed from scratch. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "accounting.h"
#include "check_state.h"
#include "kernel.h"
#include "linear.h"
#include "machine.h"
#include "memory_block.h"
#include "pgtable.h"
#include "private.h"
#include "resource.h"
#include "sparse.h"
#include "state.h"
#include "zone.h"

#define FAIL(...)                                      \
	do {                                           \
		snprintf(why, whylen, __VA_ARGS__);    \
		return -EUCLEAN;                       \
	} while (0)

struct cover {
	uint64_t bytes;
	uint64_t altmap_bytes;
};

static int count_run(void *ctx, uint64_t va, uint64_t va_end, unsigned int level, unsigned int attrs)
{
	struct cover *c = ctx;

	(void)level;
	c->bytes += va_end - va;
	if (attrs & DMH_PT_ALTMAP)
		c->altmap_bytes += va_end - va;
	return 0;
}

/* Bytes mapped in [va, va_end), and of those mapped from altmaps. */
static uint64_t mapped_bytes(const struct devmemhp_machine *m, const struct dmh_state *st,
			     uint64_t va, uint64_t va_end, uint64_t *altmap_bytes)
{
	struct cover c = { 0 };

	pt_walk_leaves(&m->geo, st->pgd, va, va_end, count_run, &c);
	if (altmap_bytes)
		*altmap_bytes = c.altmap_bytes;
	return c.bytes;
}

static bool addressable(const struct dmh_range *r)
{
	return !(r->flags & DEVICE_MEMORY_UNADDRESSABLE);
}

struct stray {
	const struct devmemhp_machine *m;
	const struct dmh_state *st;
	uint64_t bad;
};

/* A linear-map leaf that touches no memory must be a boot-time one. */
static int stray_run(void *ctx, uint64_t va, uint64_t va_end, unsigned int level, unsigned int attrs)
{
	struct stray *s = ctx;
	uint64_t pa = dmh_linear_pa(s->m, va), pa_end = dmh_linear_pa(s->m, va_end);

	(void)level;
	(void)attrs;
	for (size_t i = 0; i < s->st->nr_ranges; i++) {
		const struct dmh_range *r = &s->st->ranges[i];

		if (addressable(r) && r->start < pa_end && pa < r->end)
			return 0;
	}
	if (pa_end > s->m->boot_mem_end) {
		s->bad = pa;
		return 1;
	}
	return 0;
}

static int verify_ranges(const struct devmemhp_machine *m, const struct dmh_state *st, char *why,
			 size_t whylen)
{
	const uint64_t psz = dmh_page_size(m), sub = dmh_subsection_size(m);
	uint64_t altmap_pages = 0, altmap_bytes;
	struct stray stray = { m, st, 0 };

	for (size_t i = 0; i < st->nr_ranges; i++) {
		const struct dmh_range *r = &st->ranges[i];
		uint64_t s = DMH_ALIGN_UP(r->start, psz), e = DMH_ALIGN_DOWN(r->end, psz);
		uint64_t mapped;
		long res;

		if (r->start >= r->end || (i && r->start < st->ranges[i - 1].end))
			FAIL("range %#" PRIx64 "-%#" PRIx64 " is empty or overlaps its neighbour",
			     r->start, r->end);
		if (r->nid < 0 || r->nid >= (int)m->cfg.nodes)
			FAIL("range %#" PRIx64 " is on node %d", r->start, r->nid);
		if (r->kind == DMH_RANGE_RAM && (!DMH_IS_ALIGNED(r->start, m->block_size) ||
						 !DMH_IS_ALIGNED(r->end, m->block_size)))
			FAIL("RAM range %#" PRIx64 " is not block aligned", r->start);
		if (r->kind == DMH_RANGE_DEVICE &&
		    (!DMH_IS_ALIGNED(r->start, sub) || !DMH_IS_ALIGNED(r->end, sub)))
			FAIL("device range %#" PRIx64 " is not subsection aligned", r->start);
		if (r->kind == DMH_RANGE_DEVICE && !m->cfg.zone_device)
			FAIL("device range %#" PRIx64 ", but the kernel has no ZONE_DEVICE "
			     "(zone_device=0)", r->start);
		/* its own busy resource, or the merged one that holds it */
		res = r->has_resource ? dmh_find_busy(&st->iomem, r->start, r->end - 1) : 0;
		if (res < 0 || (r->has_resource && r->kind == DMH_RANGE_RAM &&
				!(st->iomem.res[res].flags & DMH_IORESOURCE_SYSRAM)))
			FAIL("range %#" PRIx64 "-%#" PRIx64 " has no resource of its own", r->start,
			     r->end);
		if (r->kind != DMH_RANGE_DEVICE && r->altmap_reserve)
			FAIL("range %#" PRIx64 " has an altmap reserve", r->start);
		if (r->nomap && (r->kind != DMH_RANGE_BOOT ||
				 dmh_region_intersects(&st->iomem, r->start, r->end - 1,
						       DMH_IORESOURCE_SYSTEM_RAM)))
			FAIL("NOMAP range %#" PRIx64 "-%#" PRIx64 " is not boot memory, or is System "
			     "RAM", r->start, r->end);
		if (((r->altmap_reserve + r->altmap_align + r->vmemmap_pages) << m->geo.page_shift) >
		    (r->altmap_per_block ? m->block_size : r->end - r->start))
			FAIL("range %#" PRIx64 ": its altmap is larger than the range", r->start);
		if (r->altmap_per_block && (r->kind != DMH_RANGE_RAM || !r->vmemmap_pages))
			FAIL("range %#" PRIx64 ": an altmap per block, but it is no memmap_on_memory "
			     "RAM", r->start);
		if ((m->arch->caps & DEVMEMHP_ARCH_CAP_RAISE_MAX_PFN) && r->kind != DMH_RANGE_DEVICE &&
		    dmh_pfn(m, e) > st->max_pfn)
			FAIL("range %#" PRIx64 " ends above max_pfn %#" PRIx64, r->start, st->max_pfn);
		altmap_pages += r->vmemmap_pages *
				(r->altmap_per_block ? (r->end - r->start) / m->block_size : 1);
		/* the linear map: all of an addressable range it reaches, none of the rest */
		if ((m->arch->caps & DEVMEMHP_ARCH_CAP_LINEAR_MAP) && s < e) {
			const uint64_t lo = m->geo.phys_offset, hi = lo + m->geo.linear_size;
			uint64_t ms = DMH_MAX(s, lo), me = DMH_MIN(e, hi), want = 0;

			if (ms < me) {
				mapped = mapped_bytes(m, st, dmh_linear_va(m, ms), dmh_linear_va(m, me),
						      NULL);
				if (addressable(r) && !r->unmapped && !r->nomap)
					want = me - ms;
				if (mapped != want)
					FAIL("range %#" PRIx64 "-%#" PRIx64 ": %#" PRIx64 " bytes in the "
					     "linear map, not %#" PRIx64, r->start, r->end, mapped, want);
			}
			if (r->unmapped && (!addressable(r) || r->kind == DMH_RANGE_BOOT))
				FAIL("range %#" PRIx64 " is marked unmapped", r->start);
		}
		/* its struct pages */
		if (m->geo.vmemmap_base) {
			uint64_t ms = dmh_memmap_va(m, dmh_pfn(m, s)), me = dmh_memmap_va(m, dmh_pfn(m, e));

			if (mapped_bytes(m, st, DMH_ALIGN_DOWN(ms, psz), DMH_ALIGN_UP(me, psz), NULL) !=
			    DMH_ALIGN_UP(me, psz) - DMH_ALIGN_DOWN(ms, psz))
				FAIL("range %#" PRIx64 "-%#" PRIx64 " lacks part of its memmap", r->start,
				     r->end);
		}
	}
	if (m->arch->caps & DEVMEMHP_ARCH_CAP_LINEAR_MAP) {
		pt_walk_leaves(&m->geo, st->pgd, m->geo.linear_base,
			       m->geo.linear_base + m->geo.linear_size, stray_run, &stray);
		if (stray.bad)
			FAIL("the linear map maps %#" PRIx64 ", which is no memory", stray.bad);
	}
	if (m->geo.vmemmap_base) {
		mapped_bytes(m, st, m->geo.vmemmap_base, dmh_vmemmap_end(m), &altmap_bytes);
		if (altmap_bytes >> m->geo.page_shift != altmap_pages)
			FAIL("%" PRIu64 " vmemmap pages on altmaps, but ranges account %" PRIu64
			     " altmap pages", altmap_bytes >> m->geo.page_shift, altmap_pages);
	}
	return 0;
}

static int verify_directmap(const struct devmemhp_machine *m, const struct dmh_state *st, char *why,
			    size_t whylen)
{
	struct pt_stats ps;

	dmh_linear_stats(m, st, &ps);
	for (int l = 0; l < DEVMEMHP_MAX_LEVELS; l++)
		if (st->direct_pages[l] != (int64_t)ps.leaves[l] + st->boot_skew[l])
			FAIL("DirectMap counter of level %d is %" PRId64 ", the table has %" PRIu64
			     " leaves (boot skew %" PRId64 ")", l, st->direct_pages[l], ps.leaves[l],
			     st->boot_skew[l]);
	return 0;
}

static int verify_blocks(const struct devmemhp_machine *m, const struct dmh_state *st, char *why,
			 size_t whylen)
{
	const uint64_t bs = m->block_size;

	for (size_t i = 0; i < st->nr_blocks; i++) {
		const struct dmh_block_run *b = &st->blocks[i];
		long r;

		if (!b->count || (i && b->first < st->blocks[i - 1].first + st->blocks[i - 1].count))
			FAIL("memory block runs at %" PRIu64 " are empty or overlap", b->first);
		if (i && b->first == st->blocks[i - 1].first + st->blocks[i - 1].count &&
		    b->online == st->blocks[i - 1].online && b->zone == st->blocks[i - 1].zone &&
		    b->nid == st->blocks[i - 1].nid && b->early == st->blocks[i - 1].early &&
		    b->group == st->blocks[i - 1].group &&
		    b->vmemmap_pages == st->blocks[i - 1].vmemmap_pages &&
		    b->zone_fixed == st->blocks[i - 1].zone_fixed &&
		    (!b->zone_fixed || b->fixed_zone == st->blocks[i - 1].fixed_zone) &&
		    b->dev_offline == st->blocks[i - 1].dev_offline)
			FAIL("memory block runs at %" PRIu64 " are not merged", b->first);
		if (!b->online && b->zone != DMH_ZONE_NONE)
			FAIL("offline memory%" PRIu64 " has a zone", b->first);
		if (b->online && !b->early && b->zone == DMH_ZONE_NONE)
			FAIL("online memory%" PRIu64 " has no zone", b->first);
		/* a boot block whose pages are in zones of two nodes is in none
		 * (test_pages_in_a_zone() fails, v4.9 drivers/base/memory.c) */
		if (b->online && b->zone_fixed && b->zone != b->fixed_zone &&
		    !(b->early && b->zone == DMH_ZONE_NONE))
			FAIL("memory%" PRIu64 " is online in %s, not in the zone it was added to",
			     b->first, devmemhp_zone_name((enum devmemhp_zone)b->zone)
					       ? devmemhp_zone_name((enum devmemhp_zone)b->zone) : "none");
		r = dmh_range_find(st, b->first * bs);
		if (b->vmemmap_pages && b->count != 1 &&
		    (r < 0 || !st->ranges[r].altmap_per_block))
			FAIL("memory%" PRIu64 ": memmap on memory over %" PRIu64 " blocks", b->first,
			     b->count);
		/* a run of hot-added blocks lies in adjacent RAM ranges (virtio-mem adds
		 * one range per block) */
		for (uint64_t at = b->first * bs; !b->early && at < (b->first + b->count) * bs;) {
			r = dmh_range_find(st, at);
			if (r < 0 || st->ranges[r].kind != DMH_RANGE_RAM)
				FAIL("memory%" PRIu64 " is not hot-added RAM", at / bs);
			at = st->ranges[r].end;
		}
	}
	for (size_t i = 0; i < st->nr_ranges; i++) {
		const struct dmh_range *r = &st->ranges[i];

		/* a run at a time: a boot range of millions of blocks is one run */
		for (uint64_t id = r->start / bs;
		     r->kind != DMH_RANGE_DEVICE && id <= (r->end - 1) / bs;) {
			long b = dmh_block_find(st, id);

			if (b < 0)
				FAIL("RAM %#" PRIx64 "-%#" PRIx64 " lacks memory%" PRIu64, r->start, r->end,
				     id);
			id = st->blocks[b].first + st->blocks[b].count;
		}
	}
	return 0;
}

/* The NOMAP boot pages among the pfns [start, end). */
static uint64_t nomap_pages(const struct devmemhp_machine *m, const struct dmh_state *st,
			    uint64_t start, uint64_t end)
{
	uint64_t n = 0;

	for (size_t i = 0; i < st->nr_ranges; i++) {
		const struct dmh_range *r = &st->ranges[i];
		uint64_t s = DMH_MAX(dmh_pfn(m, DMH_ALIGN_UP(r->start, dmh_page_size(m))), start);
		uint64_t e = DMH_MIN(dmh_pfn(m, r->end), end);

		if (r->nomap && s < e)
			n += e - s;
	}
	return n;
}

static int verify_zones(const struct devmemhp_machine *m, const struct dmh_state *st, char *why,
			size_t whylen)
{
	const uint64_t bpages = m->block_size >> m->geo.page_shift;

	for (unsigned int n = 0; n < m->cfg.nodes; n++)
		for (int z = 0; z < DMH_NR_ZONES; z++) {
			const struct dmh_zone *zn = dmh_zone(st, (int)n, z);
			uint64_t present = 0, unmanaged = 0;

			for (size_t i = 0; i < st->nr_extents; i++) {
				const struct dmh_extent *x = &st->extents[i];

				if (x->nid != (int)n || x->zone != z)
					continue;
				present += x->end_pfn - x->start_pfn;
				/* NOMAP pages are present but never managed */
				unmanaged += nomap_pages(m, st, x->start_pfn, x->end_pfn);
				/* v4.9's shrink_zone_span() can leave a zone short of
				 * its pages: it reads the zeroed struct pages of holes */
				if (!m->kernel->zones_at_add &&
				    (x->start_pfn < zn->start_pfn ||
				     x->end_pfn > zn->start_pfn + zn->spanned))
					FAIL("node %u zone %s does not span its pages %#" PRIx64 "-%#" PRIx64,
					     n, devmemhp_zone_name((enum devmemhp_zone)z), x->start_pfn,
					     x->end_pfn);
			}
			for (size_t i = 0; i < st->nr_blocks; i++) {
				const struct dmh_block_run *b = &st->blocks[i];

				if (b->online && b->zone == z && b->nid == (int)n)
					unmanaged += b->vmemmap_pages * b->count;
			}
			if (present != zn->present || zn->present_early > zn->present ||
			    zn->managed + unmanaged > zn->present)
				FAIL("node %u zone %s: present %" PRIu64 " (extents %" PRIu64 "), early %"
				     PRIu64 ", managed %" PRIu64 ", of which memmap and NOMAP "
				     "take %" PRIu64, n, devmemhp_zone_name((enum devmemhp_zone)z),
				     zn->present, present, zn->present_early, zn->managed, unmanaged);
		}
	for (size_t i = 0; i < st->nr_extents; i++) {
		const struct dmh_extent *x = &st->extents[i];

		if (x->start_pfn >= x->end_pfn || (i && x->start_pfn < st->extents[i - 1].end_pfn))
			FAIL("zone extents at %#" PRIx64 " are empty or overlap", x->start_pfn);
		for (uint64_t id = x->start_pfn / bpages;
		     !x->early && id <= (x->end_pfn - 1) / bpages;) {
			long b = dmh_block_find(st, id);

			if (b < 0 || !st->blocks[b].online || st->blocks[b].zone != x->zone)
				FAIL("pfn %#" PRIx64 " is in zone %s, but memory%" PRIu64 " is not",
				     id * bpages, devmemhp_zone_name((enum devmemhp_zone)x->zone), id);
			id = st->blocks[b].first + st->blocks[b].count;
		}
	}
	for (size_t i = 0; i < st->nr_ranges; i++) {
		const struct dmh_range *r = &st->ranges[i];
		const struct dmh_zone *dz = dmh_zone(st, r->nid, DMH_ZONE_DEVICE);

		if (r->kind == DMH_RANGE_DEVICE &&
		    (dmh_pfn(m, r->start) < dz->start_pfn ||
		     dmh_pfn(m, r->end) > dz->start_pfn + dz->spanned))
			FAIL("the Device zone of node %d does not span %#" PRIx64 "-%#" PRIx64, r->nid,
			     r->start, r->end);
	}
	for (size_t i = 0; i < st->nr_unmovable; i++)
		if ((i && st->unmovable[i] <= st->unmovable[i - 1]) ||
		    dmh_extent_find(st, st->unmovable[i]) < 0)
			FAIL("unmovable pfn %#" PRIx64 " is out of order or not online",
			     st->unmovable[i]);
	for (size_t g = 0; g < st->nr_groups; g++) {
		const struct dmh_group *grp = &st->groups[g];
		uint64_t kernel = 0, movable = 0;

		for (size_t i = 0; i < st->nr_blocks; i++) {
			const struct dmh_block_run *b = &st->blocks[i];

			if (b->group != grp->id || !b->online)
				continue;
			if (b->zone == DMH_ZONE_MOVABLE)
				movable += b->count * bpages;
			else
				kernel += b->count * bpages;
		}
		if (kernel != grp->present_kernel_pages || movable != grp->present_movable_pages)
			FAIL("memory group %" PRIu64 ": %" PRIu64 "/%" PRIu64 " kernel/movable pages, "
			     "blocks say %" PRIu64 "/%" PRIu64, grp->id, grp->present_kernel_pages,
			     grp->present_movable_pages, kernel, movable);
	}
	return 0;
}

int dmh_state_verify(const struct devmemhp_machine *m, const struct dmh_state *st, char *why,
		     size_t whylen)
{
	int rc;

	rc = pt_verify(&m->geo, st->pgd, why, whylen);
	if (!rc)
		rc = dmh_restree_verify(&st->iomem, why, whylen);
	if (!rc)
		rc = verify_ranges(m, st, why, whylen);
	if (!rc)
		rc = verify_directmap(m, st, why, whylen);
	if (!rc)
		rc = verify_blocks(m, st, why, whylen);
	if (!rc)
		rc = verify_zones(m, st, why, whylen);
	if (!rc)
		rc = dmh_acct_verify(m, st, why, whylen);
	return rc;
}

DMH_EXPORT int devmemhp_check(const struct devmemhp_machine *m)
{
	char why[512];
	int rc;

	rc = dmh_api_enter(m, "check", NULL, DMH_API_READ);
	if (rc)
		return rc;
	rc = dmh_state_verify(m, m->st, why, sizeof(why));
	dmh_api_leave(m, DMH_API_READ);
	/* the working copy must equal it (txn.c): a write that did not mark
	 * what it wrote shows here.  Only a writer may look at it; one that is
	 * busy (maybe this thread, logging) is not waited for. */
	if (!rc && pthread_mutex_trylock((pthread_mutex_t *)&m->write_lock) == 0) {
		if (m->shadow)
			rc = dmh_state_twins_verify(m->shadow, m->st, m->cfg.nodes, why, sizeof(why));
		pthread_mutex_unlock((pthread_mutex_t *)&m->write_lock);
	}
	if (rc)
		return dmh_err(m, rc, "check: %s", why);
	return 0;
}
