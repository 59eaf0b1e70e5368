/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Sparse memory: sections, subsections and their memmap (struct pages),
 * mm/sparse.c and mm/memory_hotplug.c: __add_pages() / __remove_pages() of
 * v6.1, with the vmemmap populated as arch/x86/mm/init_64.c:
 * vmemmap_populate() does.  Presence is interval data: it is the union of
 * the ranges, boot ranges rounded out to subsections (subsection_map_init()).
 */
#include <errno.h>

#include "machine.h"
#include "pgtable.h"
#include "private.h"
#include "sparse.h"
#include "state.h"

#define VMEMMAP_ATTRS (DMH_PT_RW | DMH_PT_NX | DMH_PT_GLOBAL)

/* pfn_to_page(): the vmemmap starts at PHYS_OFFSET's struct page */
uint64_t dmh_memmap_va(const struct devmemhp_machine *m, uint64_t pfn)
{
	return m->geo.vmemmap_base + (pfn - dmh_pfn(m, m->geo.phys_offset)) * m->geo.struct_page_size;
}

uint64_t dmh_vmemmap_end(const struct devmemhp_machine *m)
{
	return dmh_memmap_va(m, (uint64_t)1 << (m->geo.max_physmem_bits - m->geo.page_shift));
}

bool dmh_section_early(const struct devmemhp_machine *m, const struct dmh_state *st,
		       uint64_t section)
{
	uint64_t s = section << m->geo.section_shift, e = s + dmh_section_size(m);

	for (size_t i = dmh_range_from(st, s); i < st->nr_ranges && st->ranges[i].start < e; i++)
		if (st->ranges[i].kind == DMH_RANGE_BOOT && st->ranges[i].end > s)
			return true;
	return false;
}

bool dmh_sparse_overlaps(const struct devmemhp_machine *m, const struct dmh_state *st,
			 uint64_t start, uint64_t end)
{
	const uint64_t sub = dmh_subsection_size(m);

	/* a range that ends a subsection or more below start, or starts one or
	 * more above end, shares none of their subsections */
	for (size_t i = dmh_range_from(st, start > sub ? start - sub : 0);
	     i < st->nr_ranges && st->ranges[i].start - DMH_MIN(st->ranges[i].start, sub) < end;
	     i++) {
		const struct dmh_range *r = &st->ranges[i];

		if (DMH_ALIGN_DOWN(r->start, sub) < end && start < DMH_ALIGN_UP(r->end, sub))
			return true;
	}
	return false;
}

/*
 * vmemmap_populate() as the geometry's vmemmap_mode says: x86's base pages for
 * less than a section's memmap and level-1 leaves (2 MiB PMDs) for a whole one;
 * vmemmap_populate_hugepages()'s level-1 leaves, rounded out; or base pages.
 * The altmap hands out the leaves in order, each aligned to its size.  With a
 * pattern, vmemmap_populate_compound_pages(): base pages, some shared.
 */
static int populate(const struct devmemhp_machine *m, struct dmh_state *st, struct pt_ctx *c,
		    uint64_t pfn, uint64_t nr, struct dmh_altmap *altmap, const struct pt_pattern *pat)
{
	const uint64_t section_memmap = dmh_pages_per_section(m) * m->geo.struct_page_size;
	uint64_t start = dmh_memmap_va(m, pfn), end = dmh_memmap_va(m, pfn + nr);
	unsigned int level = 0, attrs = VMEMMAP_ATTRS;
	int rc;

	if (!m->geo.vmemmap_base)
		return 0;
	if (pat) {
		c->pattern = *pat;
		rc = pt_map(c, &st->pgd, start, end, 1u, attrs);
		c->pattern = (struct pt_pattern){ 0 };
		return rc;
	}
	switch (m->geo.vmemmap_mode) {
	case DEVMEMHP_VMEMMAP_LARGE:
		level = 1;
		start = DMH_ALIGN_DOWN(start, dmh_level_size(&m->geo, 1));
		end = DMH_ALIGN_UP(end, dmh_level_size(&m->geo, 1));
		break;
	case DEVMEMHP_VMEMMAP_BASE:
		break;
	case DEVMEMHP_VMEMMAP_SECTION_PMD:
		/* arm64 vmemmap_populate(): base pages, from the altmap too, below a
		 * section's memmap; PMD leaves for a whole one */
		if (end - start >= section_memmap && dmh_level_size(&m->geo, 1) <= section_memmap)
			level = 1;
		break;
	default:
		if (end - start < section_memmap) {
			altmap = NULL; /* vmemmap_populate_basepages(start, end, node, NULL) */
		} else if ((m->geo.leaf_levels & 2u) &&
			   dmh_level_size(&m->geo, 1) <= section_memmap) {
			level = 1; /* boot_cpu_has(X86_FEATURE_PSE) */
		} else if (altmap) {
			return -ENOSPC; /* "no cpu support for altmap allocations" */
		}
		break;
	}
	if (altmap)
		attrs |= DMH_PT_ALTMAP;
	rc = pt_map(c, &st->pgd, start, end, (2u << level) - 1, attrs);
	if (rc)
		return rc;
	if (altmap && c->counted[level]) {
		/* altmap_alloc_block_buf(): each leaf aligned to its size, the padding
		 * taken from the free pages too; no fallback from an altmap */
		const uint64_t leaf = dmh_level_size(&m->geo, level) >> m->geo.page_shift;
		const uint64_t next = altmap->base_pfn + altmap->alloc + altmap->align;
		const uint64_t pad = DMH_ALIGN_UP(next, leaf) - next;
		const uint64_t used = (uint64_t)c->counted[level] * leaf;

		if (used + pad > altmap->free - altmap->alloc - altmap->align)
			return -ENOSPC; /* the caller says -ENOMEM, as the kernel */
		altmap->alloc += used;
		altmap->align += pad;
	}
	return 0;
}

/*
 * Split [start, end) as __add_pages() walks it, section by section: a partial
 * head section, the whole sections, a partial tail section.  The whole ones
 * are all treated alike, so they are handled in one call; that is what lets
 * a petabyte cost a few shared page-table nodes and no loop per section.
 */
struct chunks {
	uint64_t pfn[3], nr[3];
	bool whole[3];
	int n;
};

static void section_chunks(const struct devmemhp_machine *m, uint64_t start, uint64_t end,
			   struct chunks *ch)
{
	const uint64_t pps = dmh_pages_per_section(m);
	uint64_t pfn = dmh_pfn(m, start), end_pfn = dmh_pfn(m, end);
	uint64_t mid = DMH_MIN(DMH_ALIGN_UP(pfn, pps), end_pfn);
	uint64_t tail = DMH_MAX(DMH_ALIGN_DOWN(end_pfn, pps), mid);

	ch->n = 0;
	if (pfn < mid) {
		ch->pfn[ch->n] = pfn;
		ch->nr[ch->n] = mid - pfn;
		ch->whole[ch->n++] = mid - pfn == pps;
	}
	if (mid < tail) {
		ch->pfn[ch->n] = mid;
		ch->nr[ch->n] = tail - mid;
		ch->whole[ch->n++] = true;
	}
	if (tail < end_pfn) {
		ch->pfn[ch->n] = tail;
		ch->nr[ch->n] = end_pfn - tail;
		ch->whole[ch->n++] = false;
	}
}

/* vmemmap_can_optimize() (CONFIG_ARCH_WANT_HUGETLB_PAGE_OPTIMIZE_VMEMMAP):
 * without an altmap, a compound page whose memmap spans more than
 * VMEMMAP_RESERVE_NR (2) pages keeps two and maps the rest to the second. */
static bool vmemmap_can_optimize(const struct devmemhp_machine *m, uint64_t compound_pages,
				 bool altmap)
{
	const uint64_t sps = m->geo.struct_page_size;

	return (m->arch->caps & DEVMEMHP_ARCH_CAP_VMEMMAP_DEDUP) && !altmap &&
	       !(sps & (sps - 1)) && (compound_pages * sps) >> m->geo.page_shift > 2;
}

int dmh_sparse_add(const struct devmemhp_machine *m, struct dmh_state *st, struct pt_ctx *c,
		   uint64_t start, uint64_t end, struct dmh_altmap *altmap, uint64_t compound_pages)
{
	const uint64_t pps = dmh_pages_per_section(m);
	struct pt_pattern dedup = { 0 };
	struct chunks ch;
	int rc = 0;

	if (vmemmap_can_optimize(m, compound_pages, altmap != NULL))
		dedup = (struct pt_pattern){
			/* reuse_compound_section(): sections inside a compound page share too */
			.origin = dmh_memmap_va(m, dmh_pfn(m, start)),
			.period = compound_pages * m->geo.struct_page_size,
			.unique = (uint64_t)2 << m->geo.page_shift,
			.attrs = DMH_PT_SHARED,
		};
	section_chunks(m, start, end, &ch);
	for (int i = 0; i < ch.n && !rc; i++) {
		/* section_activate(): a partial add to a boot section reuses its memmap */
		if (!ch.whole[i] && dmh_section_early(m, st, ch.pfn[i] / pps))
			continue;
		rc = populate(m, st, c, ch.pfn[i], ch.nr[i], altmap, dedup.period ? &dedup : NULL);
	}
	return rc;
}

uint64_t dmh_altmap_base_pfn(const struct devmemhp_machine *m, const struct dmh_range *r,
			     uint64_t pfn)
{
	uint64_t start = dmh_pfn(m, r->start);

	if (r->altmap_per_block) /* each block's altmap starts the block */
		start = DMH_ALIGN_DOWN(pfn, m->block_size >> m->geo.page_shift);
	return start + r->altmap_reserve + r->altmap_align;
}

uint64_t dmh_memmap_pfn(const struct devmemhp_machine *m, uint64_t va)
{
	return (va - m->geo.vmemmap_base) / m->geo.struct_page_size + dmh_pfn(m, m->geo.phys_offset);
}

/* Has memory other than [start, end) its memmap in the pfns [lo, hi)?  Boot
 * memory has whole sections, the rest whole subsections. */
static bool memmap_used_outside(const struct devmemhp_machine *m, const struct dmh_state *st,
				uint64_t lo, uint64_t hi, uint64_t start, uint64_t end)
{
	const uint64_t pps = dmh_pages_per_section(m);

	/* rounded out to at most a section: only ranges within a section of
	 * [lo, hi) can reach it */
	for (size_t i = dmh_range_from(st, (lo - DMH_MIN(lo, pps)) << m->geo.page_shift);
	     i < st->nr_ranges && dmh_pfn(m, st->ranges[i].start) < hi + pps; i++) {
		const struct dmh_range *r = &st->ranges[i];
		uint64_t g = r->kind == DMH_RANGE_BOOT ? pps
						       : dmh_subsection_size(m) >> m->geo.page_shift;
		uint64_t s = DMH_ALIGN_DOWN(dmh_pfn(m, r->start), g);
		uint64_t e = DMH_ALIGN_UP(dmh_pfn(m, r->end), g);

		if (r->start == start && r->end == end)
			continue;
		if (s < hi && lo < e)
			return true;
	}
	return false;
}

int dmh_sparse_remove(const struct devmemhp_machine *m, struct dmh_state *st, struct pt_ctx *c,
		      uint64_t start, uint64_t end)
{
	const uint64_t pps = dmh_pages_per_section(m);
	struct chunks ch;
	int rc = 0;

	if (!m->geo.vmemmap_base)
		return 0;
	section_chunks(m, start, end, &ch);
	for (int i = 0; i < ch.n && !rc; i++) {
		uint64_t s = dmh_memmap_va(m, ch.pfn[i]), e = dmh_memmap_va(m, ch.pfn[i] + ch.nr[i]);

		/* section_deactivate(): the memmap of a boot section stays */
		if (dmh_section_early(m, st, ch.pfn[i] / pps))
			continue;
		if (m->geo.vmemmap_mode == DEVMEMHP_VMEMMAP_LARGE) {
			/* a leaf goes once nothing else has struct pages in it */
			const uint64_t leaf = dmh_level_size(&m->geo, 1);
			const uint64_t per_leaf = leaf / m->geo.struct_page_size;
			const uint64_t ls = DMH_ALIGN_DOWN(s, leaf), le = DMH_ALIGN_UP(e, leaf);
			uint64_t p;

			p = dmh_memmap_pfn(m, ls);
			if (ls < s && !memmap_used_outside(m, st, p, p + per_leaf, start, end))
				s = ls;
			p = dmh_memmap_pfn(m, le - leaf);
			if (e < le && !memmap_used_outside(m, st, p, p + per_leaf, start, end))
				e = le;
		}
		rc = pt_unmap(c, &st->pgd, s, e);
	}
	return rc;
}

void dmh_memmap_bytes(const struct devmemhp_machine *m, const struct dmh_state *st,
		      uint64_t *separate, uint64_t *altmap)
{
	struct pt_stats ps;

	*separate = *altmap = 0;
	if (!m->geo.vmemmap_base) {
		/* classic sparse: each present section's whole memmap, allocated apart */
		const uint64_t pps = dmh_pages_per_section(m);
		uint64_t last = 0;

		for (size_t i = 0; i < st->nr_ranges; i++) {
			uint64_t s = DMH_MAX(dmh_pfn(m, st->ranges[i].start) / pps, last);
			uint64_t e = (dmh_pfn(m, st->ranges[i].end - 1)) / pps + 1;

			if (s < e)
				*separate += (e - s) * pps * m->geo.struct_page_size;
			last = DMH_MAX(last, e);
		}
		return;
	}
	pt_region_stats(&m->geo, st->pgd, m->geo.vmemmap_base, dmh_vmemmap_end(m), &ps);
	dmh_memmap_bytes_of(m, &ps, separate, altmap);
}

void dmh_memmap_bytes_of(const struct devmemhp_machine *m, const struct pt_stats *ps,
			 uint64_t *separate, uint64_t *altmap)
{
	*separate = *altmap = 0;
	for (unsigned int l = 0; l < m->geo.levels; l++) {
		uint64_t size = dmh_level_size(&m->geo, l);

		/* shared pages cost nothing more */
		*separate += (ps->leaves[l] - ps->altmap_leaves[l] - ps->shared_leaves[l]) * size;
		*altmap += ps->altmap_leaves[l] * size;
	}
}

/* sparse_init(): every present boot section gets its whole memmap. */
int dmh_sparse_boot(const struct devmemhp_machine *m, struct dmh_state *st, struct pt_ctx *c)
{
	const uint64_t pps = dmh_pages_per_section(m);
	uint64_t done = 0; /* sections below this pfn are populated */

	for (size_t i = 0; i < st->nr_ranges; i++) {
		const struct dmh_range *r = &st->ranges[i];
		uint64_t pfn = DMH_ALIGN_DOWN(dmh_pfn(m, r->start), pps);
		uint64_t end = DMH_ALIGN_UP(dmh_pfn(m, r->end), pps);

		if (r->kind != DMH_RANGE_BOOT)
			continue;
		pfn = DMH_MAX(pfn, done);
		if (pfn < end) {
			int rc = populate(m, st, c, pfn, end - pfn, NULL, NULL);

			if (rc)
				return rc;
		}
		done = DMH_MAX(done, end);
	}
	return 0;
}
